"""A learner finds a course, enrols and sees it in 'My learning'; the lecturer records a
result, which then shows on the learner's transcript."""

import re

import pytest
from playwright.sync_api import Page, expect

from campus.catalog.search import course_reindex
from campus.people.models import Role
from tests.factories import CourseFactory, InstitutionFactory, PersonFactory, RunFactory


@pytest.fixture
def catalogue(transactional_db):
    geel = InstitutionFactory(short_name="Thomas More", code="B  GEEL07")
    brno = InstitutionFactory(short_name="MENDELU", code="CZ BRNO02")
    wanted = CourseFactory(
        code="GEEL-ENE-201",
        title="Community energy cooperatives",
        description="How citizens own and run local solar parks.",
        type="course",
        languages=["nl", "en"],
        hosts=[geel],
    )
    other = CourseFactory(
        code="BRNO-ENE-101",
        title="Energy markets explained",
        description="A MOOC on how electricity is traded.",
        type="mooc",
        languages=["en"],
        hosts=[brno],
    )
    course_reindex([wanted.pk, other.pk])
    lecturer = PersonFactory(
        email="lecturer@campus.test",
        display_name="Lars Lecturer",
        institution=geel,
        roles=[Role.LECTURER],
    )
    run = RunFactory(course=wanted, label="Spring term", capacity=20)
    run.teachers.add(lecturer)
    RunFactory(course=other, label="Spring term")
    student = PersonFactory(
        email="student@campus.test",
        display_name="Sam Student",
        institution=brno,
        roles=[Role.STUDENT],
    )
    return {"course": wanted, "run": run, "student": student, "lecturer": lecturer}


def sign_in(page: Page, base: str, email: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label(re.compile(r"^Password:?$")).fill("heroes-demo")
    page.get_by_role("button", name="Sign in").click()


def test_find_enrol_and_get_a_result_on_the_transcript(page: Page, live_server, catalogue):
    base = live_server.url
    sign_in(page, base, "student@campus.test")

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Courses").click()
    page.get_by_label("Search", exact=True).fill("energy")
    page.get_by_label("Teaching language").select_option(label="Dutch")
    page.get_by_label("Type").select_option(label="Course")
    page.get_by_role("button", name="Show courses").click()
    expect(page).to_have_url(re.compile(r"language=nl"))
    results = page.get_by_role("region", name="Results")
    expect(results.get_by_role("link", name="Community energy cooperatives")).to_be_visible()
    expect(results.get_by_text("Energy markets explained")).to_have_count(0)

    results.get_by_role("link", name="Community energy cooperatives").click()
    expect(
        page.get_by_role("heading", name="Community energy cooperatives", level=1)
    ).to_be_visible()
    page.get_by_role("button", name="Enrol").first.click()
    expect(page.get_by_text(re.compile("You are enrolled"))).to_be_visible()

    page.get_by_role("navigation", name="Main").get_by_role("link", name="My learning").click()
    current = page.get_by_role("region", name="Current enrolments")
    expect(current.get_by_role("link", name="Community energy cooperatives")).to_be_visible()

    # The lecturer records the result.
    page.get_by_role("button", name="Sign out").click()
    sign_in(page, base, "lecturer@campus.test")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Teaching").click()
    page.get_by_role("link", name="GEEL-ENE-201 Community energy cooperatives").first.click()
    page.get_by_label("ECTS grade — Sam Student").select_option("B")
    page.get_by_label("Local grade — Sam Student").fill("15/20")
    page.get_by_role("button", name="Save the result of Sam Student").click()
    expect(page.get_by_role("row", name=re.compile("Sam Student"))).to_contain_text("15/20")

    # The learner sees it on the transcript.
    page.get_by_role("button", name="Sign out").click()
    sign_in(page, base, "student@campus.test")
    page.goto(f"{base}/records/transcript/")
    transcript = page.get_by_role("region", name="Results")
    expect(transcript).to_contain_text("Community energy cooperatives")
    expect(transcript).to_contain_text("15/20")
    expect(transcript).to_contain_text("B  GEEL07")
