"""A stakeholder posts a challenge, the coordinator approves and opens it, students apply,
the coordinator forms teams with the engine and confirms, and the student sees the team."""

import re

import pytest
from playwright.sync_api import Page, expect

from campus.challenges import services
from campus.challenges.models import Challenge
from campus.people.models import CEFRLevel, PersonLanguage, Role
from tests.factories import InstitutionFactory, OrganisationFactory, PersonFactory, SkillFactory


def _speaks_english(person):
    PersonLanguage.objects.create(person=person, language="en", level=CEFRLevel.B2)
    return person


@pytest.fixture
def alliance(transactional_db):
    geel = InstitutionFactory(short_name="Thomas More", code="B  GEEL07")
    brno = InstitutionFactory(short_name="MENDELU", code="CZ BRNO02")
    org = OrganisationFactory(
        name="Geel Energy Cooperative", region=geel.region, partner_institution=geel
    )
    SkillFactory(label="hydrology")
    PersonFactory(
        email="stakeholder@campus.test",
        display_name="Stefan Stakeholder",
        organisation=org,
        roles=[Role.STAKEHOLDER],
    )
    PersonFactory(
        email="coordinator@campus.test",
        display_name="Corinne Coordinator",
        institution=geel,
        roles=[Role.COORDINATOR, Role.STAFF],
    )
    _speaks_english(
        PersonFactory(
            email="student@campus.test",
            display_name="Sam Student",
            institution=geel,
            roles=[Role.STUDENT],
        )
    )
    others = [
        _speaks_english(
            PersonFactory(
                email=f"student{i}.mendelu@campus.test",
                display_name=name,
                institution=brno,
                roles=[Role.STUDENT],
            )
        )
        for i, name in enumerate(["Tereza Nováková", "Jakub Svoboda"], start=1)
    ]
    coach = _speaks_english(
        PersonFactory(
            email="lecturer1.mendelu@campus.test",
            display_name="Ondřej Dvořák",
            institution=brno,
            roles=[Role.LECTURER],
        )
    )
    return {"others": others, "coach": coach}


def sign_in(page: Page, base: str, email: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label(re.compile(r"^Password:?$")).fill("heroes-demo")
    page.get_by_role("button", name="Sign in").click()


def sign_out(page: Page) -> None:
    page.get_by_role("button", name="Sign out").click()


def test_post_approve_apply_form_teams_and_see_the_team(page: Page, live_server, alliance):
    base = live_server.url
    title = "Flood-proofing the Kapellen neighbourhood"

    # The stakeholder posts the challenge and submits it.
    sign_in(page, base, "stakeholder@campus.test")
    page.get_by_role("navigation", name="Main").get_by_role(
        "link", name="Challenges", exact=True
    ).click()
    page.get_by_role("link", name="Post a challenge").click()
    page.get_by_label(re.compile(r"^Title:?$")).fill(title)
    page.get_by_label("The problem, in your words").fill(
        "The streets around the old church flooded twice in three winters."
    )
    page.get_by_label("Expected outcome").fill("A map of the flood risk and measures per street.")
    page.get_by_label("Skills needed").fill("hydrology; 3")
    page.get_by_label("Working languages").select_option(["en"])
    page.get_by_label("Smallest team (students)").fill("2")
    page.get_by_label("Largest team (students)").fill("4")
    page.get_by_label("Starts").fill("2030-02-01")
    page.get_by_label("Ends").fill("2030-06-30")
    page.get_by_role("button", name="Save as draft").click()
    expect(page.get_by_role("heading", name=title, level=1)).to_be_visible()
    page.get_by_role("button", name="Submit for review").click()
    expect(page.get_by_text("The challenge is submitted for review.")).to_be_visible()
    sign_out(page)

    # The coordinator approves and opens it.
    sign_in(page, base, "coordinator@campus.test")
    page.goto(f"{base}/challenges/review/")
    item = page.get_by_role("article", name=title)
    item.get_by_label("Feedback or reason").fill("A real problem. Welcome!")
    item.get_by_role("button", name="Approve").click()
    expect(page.get_by_text("The challenge is approved.")).to_be_visible()
    page.get_by_role("navigation", name="Main").get_by_role(
        "link", name="Challenges", exact=True
    ).click()
    page.get_by_role("region", name="Results").get_by_role("link", name=title).click()
    page.get_by_role("button", name="Open for applications").click()
    expect(page.get_by_text("The challenge is open for applications.")).to_be_visible()
    sign_out(page)

    # The students apply: Sam through the page, two others (and a coach) in the background.
    challenge = Challenge.objects.get(title=title)
    for student in alliance["others"]:
        services.application_submit(
            challenge=challenge, person=student, by=student, role="student", motivation="Yes!"
        )
    coach = alliance["coach"]
    services.application_submit(challenge=challenge, person=coach, by=coach, role="coach", hours=4)
    sign_in(page, base, "student@campus.test")
    page.goto(f"{base}/challenges/?state=open")
    page.get_by_role("region", name="Results").get_by_role("link", name=title).click()
    page.get_by_role("link", name="Apply").click()
    page.get_by_label("Motivation").fill("I live in Kapellen and study water management.")
    page.get_by_role("button", name="Send my application").click()
    expect(page.get_by_text(re.compile("Your application to .* is sent"))).to_be_visible()
    sign_out(page)

    # The coordinator forms the teams with the engine and confirms them.
    sign_in(page, base, "coordinator@campus.test")
    page.goto(f"{base}/challenges/formation/new/")
    page.get_by_label(re.compile(f"{title} .*4 applications")).check()
    page.get_by_role("button", name="Start team formation").click()
    expect(page.get_by_role("heading", name="Score of the proposal")).to_be_visible()
    expect(page.get_by_role("cell", name="Sam Student", exact=True)).to_be_visible()
    page.get_by_role("button", name="Confirm teams").click()
    dialog = page.get_by_role("dialog", name="Confirm these teams?")
    expect(dialog).to_contain_text("1 team is made")
    dialog.get_by_role("button", name="Confirm teams").click()
    expect(page.get_by_text("1 team is formed and its members told.")).to_be_visible()
    sign_out(page)

    # The student finds the team and its members.
    sign_in(page, base, "student@campus.test")
    page.goto(f"{base}/challenges/applications/")
    page.get_by_role("region", name="My teams").get_by_role("link", name=re.compile(title)).click()
    members = page.get_by_role("list", name="Team members")
    expect(members).to_contain_text("Sam Student")
    expect(members).to_contain_text("Ondřej Dvořák")
    expect(members).to_contain_text("Stefan Stakeholder")
