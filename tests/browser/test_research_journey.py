"""A lecturer from Porto saves an expert profile, finds the flood agenda of a researcher in Geel
through its topic and asks to join; the researcher approves from the agenda's queue, using the
keyboard only; the lecturer is then a member. The researcher makes him a lead and steps down."""

import pytest
from playwright.sync_api import Page, expect

from campus.people.models import Role, Visibility
from campus.research import services
from tests.browser.accounts import sign_in
from tests.factories import InstitutionFactory, PersonFactory, RegionFactory


@pytest.fixture
def hub(transactional_db):
    services.topics_load()
    geel = InstitutionFactory(code="B  GEEL07", short_name="Thomas More")
    porto = InstitutionFactory(
        code="P  PORTO05",
        short_name="P.Porto",
        country="PT",
        region=RegionFactory(code="PT11", country="PT"),
    )
    rita = PersonFactory(
        email="rita@campus.test",
        display_name="Rita Researcher",
        institution=geel,
        roles=[Role.RESEARCHER],
        visibility=Visibility.PUBLIC,
    )
    PersonFactory(
        email="paulo@campus.test",
        display_name="Paulo Lecturer",
        institution=porto,
        roles=[Role.LECTURER],
    )
    services.expert_profile_save(person=rita, by=rita, topics=["climate-adaptation"])
    services.agenda_create(
        by=rita,
        title="Living with floods in small towns",
        aims="Flood risk in small towns.",
        topics=["climate-adaptation"],
    )


def test_asking_to_join_an_agenda_and_being_approved(page: Page, live_server, hub):
    sign_in(page, live_server.url, "paulo@campus.test")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Research").click()
    page.get_by_role("link", name="My expert profile").click()
    page.get_by_label("Headline").fill("River hydrology")
    page.get_by_label("Climate adaptation").check()
    page.get_by_label("ORCID iD").fill("0000-0002-1825-0098")
    page.get_by_role("button", name="Save my expert profile").click()
    expect(page.get_by_text("its check digit is wrong")).to_be_visible()
    page.get_by_label("ORCID iD").fill("0000-0002-1825-0097")
    page.get_by_role("button", name="Save my expert profile").click()
    expect(page.get_by_text("Your expert profile is saved.")).to_be_visible()

    page.get_by_role("link", name="Topics").click()
    page.get_by_role("link", name="Climate adaptation").first.click()
    page.get_by_role("link", name="Living with floods in small towns").click()
    page.get_by_label("What you would bring (optional)").fill("River models for small towns.")
    page.get_by_role("button", name="Ask to join").click()
    expect(page.get_by_text("Your request is sent; the agenda's leads decide.")).to_be_visible()
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, live_server.url, "rita@campus.test")
    page.get_by_role("link", name="Notifications").click()
    # The notice links to the agenda, where the leads' queue waits.
    page.get_by_role("link", name="Paulo Lecturer asks to join the research agenda").click()
    expect(page.get_by_text("River models for small towns.")).to_be_visible()
    approve = page.get_by_role("button", name="Approve Paulo Lecturer")
    approve.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_text("The request is approved.")).to_be_visible()
    expect(page.get_by_role("link", name="Paulo Lecturer")).to_be_visible()

    make_lead = page.get_by_role("button", name="Make a lead Paulo Lecturer")
    make_lead.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_text("Paulo Lecturer is now a lead of the agenda.")).to_be_visible()
    page.get_by_role("button", name="Step down as lead").click()
    expect(page.get_by_text("You stepped down; you take part as a member.")).to_be_visible()
    expect(page.get_by_role("button", name="Step down as lead")).to_have_count(0)
