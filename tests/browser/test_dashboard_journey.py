"""On a phone (390 px wide): a learner signs in, lands on the dashboard, enrols in a course and
finds the run on the dashboard and in the calendar feed; a stakeholder signs in, finds a draft
challenge on the dashboard and submits it."""

import datetime
import re

import icalendar
import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from campus.catalog.models import ProgrammeGroup
from campus.catalog.search import course_reindex
from campus.challenges import services as challenges
from campus.challenges.models import Challenge, ChallengeState
from campus.people.models import Role
from tests.browser.accounts import sign_in
from tests.factories import (
    CourseFactory,
    InstitutionFactory,
    OrganisationFactory,
    PersonFactory,
    ProgrammeFactory,
    RunFactory,
    SkillFactory,
)

PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": PHONE}


@pytest.fixture
def campus(transactional_db):
    today = timezone.localdate()
    geel = InstitutionFactory(short_name="Thomas More", code="B  GEEL07")
    course = CourseFactory(
        code="GEEL-ENE-201",
        title="Community energy cooperatives",
        description="How citizens own and run local solar parks.",
        hosts=[geel],
        themes=["green"],
    )
    course_reindex([course.pk])
    run = RunFactory(
        course=course,
        label="Spring term",
        starts_on=today + datetime.timedelta(days=30),
        ends_on=today + datetime.timedelta(days=120),
    )
    programme = ProgrammeFactory(title="Joint Minor in Energy Transition", ects_total=5)
    ProgrammeGroup.objects.create(programme=programme, name="Core", min_ects=5).courses.set(
        [course]
    )
    PersonFactory(
        email="student@campus.test",
        display_name="Sam Student",
        institution=geel,
        roles=[Role.STUDENT],
        themes=["green"],
    )
    organisation = OrganisationFactory(
        name="Geel Energy Cooperative", region=geel.region, partner_institution=geel
    )
    stakeholder = PersonFactory(
        email="stakeholder@campus.test",
        display_name="Stefan Stakeholder",
        organisation=organisation,
        roles=[Role.STAKEHOLDER],
    )
    draft = challenges.challenge_create(
        by=stakeholder,
        organisation=organisation,
        title="Heat from the river",
        problem="Could the Nete heat the town hall?",
        expected_outcome="A feasibility study.",
        region=geel.region.code,
        languages=["en"],
        skills={SkillFactory(label="heat pumps").uri: 2.0},
        team_min=2,
        team_max=4,
        teams_wanted=1,
        starts_on=today + datetime.timedelta(days=60),
        ends_on=today + datetime.timedelta(days=160),
    )
    return {"run": run, "draft": draft}


def test_a_learner_enrols_and_finds_the_run_on_the_dashboard_and_in_the_calendar(
    page: Page, live_server, campus
):
    base = live_server.url
    run = campus["run"]
    sign_in(page, base, "student@campus.test")
    expect(page).to_have_url(f"{base}/dashboard/")
    expect(page.get_by_role("heading", name="Dashboard", level=1)).to_be_visible()
    expect(page.get_by_text("You are not in any run at the moment.")).to_be_visible()
    # The course shares a theme the learner is interested in: it is suggested.
    suggested = page.get_by_role(
        "list", name="Courses and challenges that match your skills and interests"
    )
    suggested.get_by_role("link", name="Community energy cooperatives").click()
    expect(
        page.get_by_role("heading", name="Community energy cooperatives", level=1)
    ).to_be_visible()
    enrol = page.get_by_role("button", name="Enrol").first
    # Reached by scrolling down only (bringing it onto the first screen is the phone
    # layout's work): fully on screen then, never cut off at the side.
    enrol.scroll_into_view_if_needed()
    expect(enrol).to_be_in_viewport(ratio=1)
    box = enrol.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    enrol.click()
    expect(page.get_by_text(re.compile("You are enrolled"))).to_be_visible()

    page.goto(f"{base}/dashboard/")
    runs = page.get_by_role("list", name="My current and next runs")
    expect(runs).to_contain_text("Community energy cooperatives")
    expect(runs).to_contain_text("Spring term")
    expect(page.get_by_role("list", name="Progress in my programmes")).to_contain_text(
        "Joint Minor in Energy Transition"
    )
    feed_url = page.get_by_label("Your calendar address").input_value()
    assert feed_url.startswith(f"{base}/dashboard/calendar/")

    response = page.request.get(feed_url)
    assert response.ok
    calendar = icalendar.Calendar.from_ical(response.body())
    events = {str(e["UID"]): e for e in calendar.walk("VEVENT")}
    event = events[f"run-{run.pk}@campus.heroes"]
    assert str(event["SUMMARY"]) == "Community energy cooperatives (Spring term)"
    assert event.decoded("DTSTART") == run.starts_on
    assert event.decoded("DTEND") == run.ends_on + datetime.timedelta(days=1)
    # Enrolled now: the window is no longer a deadline to miss.
    assert f"enrolment-closes-{run.pk}@campus.heroes" not in events
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_a_stakeholder_finds_the_draft_on_the_dashboard_and_submits_it(
    page: Page, live_server, campus
):
    base = live_server.url
    draft = campus["draft"]
    sign_in(page, base, "stakeholder@campus.test")
    expect(page).to_have_url(f"{base}/dashboard/")
    mine = page.get_by_role("list", name="My challenges")
    card = mine.get_by_role("listitem").filter(has_text="Heat from the river")
    expect(card).to_contain_text("Draft — submit it for review")

    card.get_by_role("link", name="Heat from the river").click()
    expect(page.get_by_role("heading", name="Heat from the river", level=1)).to_be_visible()
    submit = page.get_by_role("button", name="Submit for review")
    expect(submit).to_be_visible()
    submit.click()
    expect(page.get_by_text("The challenge is submitted for review.")).to_be_visible()
    draft.refresh_from_db()
    assert draft.state == ChallengeState.SUBMITTED

    page.goto(f"{base}/dashboard/")
    expect(card).to_contain_text("Submitted — awaiting review")
    page.get_by_role("button", name="Menu").click()  # folded at phone width
    page.get_by_role("navigation", name="Main").get_by_role("link", name="My challenges").click()
    expect(page.get_by_role("list", name="My challenges")).to_contain_text(
        "Submitted — awaiting review"
    )
    assert Challenge.objects.get(pk=draft.pk).state == ChallengeState.SUBMITTED
