"""stakeholder@campus.test opens an expert's profile and asks her about flood risk in a small
town; researcher@campus.test, the expert, finds it in her notifications, accepts and answers
it; the stakeholder reads the answer and rates it."""

import pytest
from playwright.sync_api import Page, expect

from campus.people.models import Role, Visibility
from campus.research import services
from tests.browser.accounts import sign_in
from tests.factories import InstitutionFactory, OrganisationFactory, PersonFactory


@pytest.fixture
def hub(transactional_db):
    services.topics_load()
    geel = InstitutionFactory(code="B  GEEL07", short_name="Thomas More")
    rita = PersonFactory(
        email="researcher@campus.test",
        display_name="Rita Researcher",
        institution=geel,
        roles=[Role.RESEARCHER],
        visibility=Visibility.PUBLIC,
    )
    PersonFactory(
        email="stakeholder@campus.test",
        display_name="Stefan Stakeholder",
        organisation=OrganisationFactory(name="Gemeente Kempen"),
        roles=[Role.STAKEHOLDER],
    )
    return services.expert_profile_save(
        person=rita,
        by=rita,
        headline="Flood resilience of small towns",
        topics=["climate-adaptation", "water-management"],
        available_for_consultancy=True,
    )


def test_asking_an_expert_about_flood_risk_and_rating_the_answer(page: Page, live_server, hub):
    sign_in(page, live_server.url, "stakeholder@campus.test")
    page.goto(f"{live_server.url}{hub.get_absolute_url()}")
    page.get_by_role("link", name="Ask this expert").click()
    expect(page.get_by_role("heading", name="Ask Rita Researcher")).to_be_visible()
    page.get_by_label("Title of your question").fill("Flood risk in a small town")
    page.get_by_label("Your question or the expertise you need").fill(
        "Which streets of our town of 9,000 flood first when the Nete rises?"
    )
    page.get_by_role("button", name="Send the request").click()
    expect(page.get_by_text("Your request is sent to Rita Researcher.")).to_be_visible()
    page.get_by_role("link", name="My requests").click()
    expect(page.get_by_role("link", name="Flood risk in a small town")).to_be_visible()
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, live_server.url, "researcher@campus.test")
    page.get_by_role("link", name="Notifications").click()
    page.get_by_role("link", name="Stefan Stakeholder of Gemeente Kempen asks for your").click()
    accept = page.get_by_role("button", name="Accept the request")
    accept.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_text("You took the request")).to_be_visible()
    page.get_by_label("Your answer").fill("The streets below 4 m flood first; start there.")
    page.get_by_label("Link (optional)").fill("https://example.org/flood-map")
    page.get_by_role("button", name="Send the answer").click()
    expect(page.get_by_text("Your answer is sent.")).to_be_visible()
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, live_server.url, "stakeholder@campus.test")
    page.get_by_role("link", name="Notifications").click()
    page.get_by_role("link", name="Rita Researcher answered your request").click()
    expect(page.get_by_text("The streets below 4 m flood first; start there.")).to_be_visible()
    page.get_by_label("5 — very helpful").check()
    page.get_by_label("Comment (optional)").fill("Exactly what we needed.")
    page.get_by_role("button", name="Save the rating").click()
    expect(page.get_by_text("Rated 5 of 5")).to_be_visible()
    expect(page.get_by_role("heading", name="History")).to_be_visible()
