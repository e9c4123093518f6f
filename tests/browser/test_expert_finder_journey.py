"""The issue's journey: stakeholder@campus.test searches for help with flood risk in a small
town, finds experts of two institutions with what matched, and asks one of them;
researcher@campus.test accepts and answers, and the stakeholder reads the answer."""

import pytest
from playwright.sync_api import Page, expect

from campus.people.models import Role, Visibility
from campus.research import expert_search, services
from tests.browser.accounts import sign_in
from tests.factories import (
    InstitutionFactory,
    OrganisationFactory,
    PersonFactory,
    SkillFactory,
    SkillLabelFactory,
)

FLOOD_URI = "http://data.europa.eu/esco/skill/6b5d032a-b85a-44ea-9dad-5201048d2dd2"


@pytest.fixture
def hub(transactional_db):
    expert_search.forget()
    services.topics_load()
    flood = SkillFactory(uri=FLOOD_URI, label="develop flood remediation strategies")
    SkillLabelFactory(
        skill=flood,
        language="nl",
        text="strategieën voor preventie van en herstel na overstromingen ontwikkelen",
        preferred=True,
    )
    experts = []
    for email, name, code, short in (
        ("researcher@campus.test", "Rita Researcher", "B  GEEL07", "Thomas More"),
        ("hydro@ucn.test", "Henrik Hydro", "DK AALBORG06", "UCN"),
    ):
        person = PersonFactory(
            email=email,
            display_name=name,
            institution=InstitutionFactory(code=code, short_name=short),
            roles=[Role.RESEARCHER],
            visibility=Visibility.PUBLIC,
        )
        experts.append(
            services.expert_profile_save(
                person=person,
                by=person,
                headline="Flood resilience of small towns",
                skills=[flood.uri],
                keywords=["flood risk", "small towns"],
                topics=["climate-adaptation", "water-management"],
                available_for_consultancy=True,
            )
        )
    PersonFactory(
        email="stakeholder@campus.test",
        display_name="Stefan Stakeholder",
        organisation=OrganisationFactory(name="Gemeente Kempen"),
        roles=[Role.STAKEHOLDER],
    )
    yield experts
    expert_search.forget()


def test_a_stakeholder_finds_flood_experts_and_one_answers(page: Page, live_server, hub):
    sign_in(page, live_server.url, "stakeholder@campus.test")
    page.goto(f"{live_server.url}/research/experts/")
    page.get_by_label("What are you looking for?").fill("help with flood risk in a small town")
    page.get_by_role("button", name="Find experts").click()

    hits = page.locator("ol.expert-hits > li")
    expect(hits).to_have_count(2)
    expect(hits.filter(has_text="Thomas More")).to_have_count(1)
    expect(hits.filter(has_text="UCN")).to_have_count(1)
    # Each says what matched: the skill, by its name.
    for i in range(2):
        expect(hits.nth(i)).to_contain_text("develop flood remediation strategies")

    page.get_by_role("link", name="Rita Researcher").click()
    page.get_by_role("link", name="Ask this expert").click()
    page.get_by_label("Title of your question").fill("Flood risk in a small town")
    page.get_by_label("Your question or the expertise you need").fill(
        "Which streets of our town of 9,000 flood first when the Nete rises?"
    )
    page.get_by_role("button", name="Send the request").click()
    expect(page.get_by_text("Your request is sent to Rita Researcher.")).to_be_visible()
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, live_server.url, "researcher@campus.test")
    page.goto(f"{live_server.url}/research/requests/to-me/")
    page.get_by_role("link", name="Flood risk in a small town").click()
    page.get_by_role("button", name="Accept the request").click()
    expect(page.get_by_text("You took the request")).to_be_visible()
    page.get_by_label("Your answer").fill("The streets below 4 m flood first; start there.")
    page.get_by_role("button", name="Send the answer").click()
    expect(page.get_by_text("Your answer is sent.")).to_be_visible()
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, live_server.url, "stakeholder@campus.test")
    page.goto(f"{live_server.url}/research/requests/")
    page.get_by_role("link", name="Flood risk in a small town").click()
    expect(page.get_by_text("The streets below 4 m flood first; start there.")).to_be_visible()
