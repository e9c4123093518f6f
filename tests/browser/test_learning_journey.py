"""A learner on a phone, keyboard only: opens the learning space, reads a lesson, takes the
quiz after it (a radio choice and a number), submits, sees the marks and the feedback, and
finds the progress changed. The lesson, the quiz and the results pass axe at 360 px."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from campus.catalog import services as catalog
from campus.learning.models import Attempt, AttemptState
from campus.people.models import Role
from tests.browser.test_catalogue_journey import sign_in
from tests.browser.test_phone_width import phone_problems
from tests.factories import PersonFactory
from tests.learning.conftest import space  # noqa: F401  (the constructed learning space)

PHONE = {"width": 360, "height": 780}


@pytest.fixture
def learning(transactional_db, space):  # noqa: F811
    found = space
    learner = PersonFactory(
        email="learner@campus.test", display_name="Lea Learner", roles=[Role.LIFELONG_LEARNER]
    )
    catalog.enrol(run=found["run"], person=learner, by=learner)
    found["learner"] = learner
    return found


def test_a_learner_takes_a_lesson_and_passes_its_quiz_with_the_keyboard(
    page: Page, live_server, learning
):
    page.set_viewport_size(PHONE)
    sign_in(page, live_server.url, "learner@campus.test")
    page.goto(f"{live_server.url}/learn/")
    axe = Axe()

    page.get_by_role("link", name="Energy for citizens").click()
    expect(page.get_by_text("Progress: 0 %")).to_be_visible()
    page.get_by_role("link", name="Power and energy").click()
    expect(page.get_by_role("heading", name="Power and energy", level=1)).to_be_visible()
    problems = phone_problems(page, axe)
    assert not problems, problems

    start = page.get_by_role("button", name="Start an attempt")
    start.focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/learn/attempts/\d+/$"))
    problems = phone_problems(page, axe)
    assert not problems, problems

    # The questions come in the bank's order (the quiz does not shuffle): a choice, a number.
    wind = page.get_by_role("radio", name="Wind")
    wind.focus()
    page.keyboard.press("Space")
    expect(wind).to_be_checked()
    page.keyboard.press("Tab")  # out of the radio group, to the next question
    number = page.get_by_role("textbox", name=re.compile("^Your answer"))
    expect(number).to_be_focused()
    page.keyboard.type("3,6")
    page.get_by_role("button", name="Submit for grading").focus()
    page.keyboard.press("Enter")

    expect(page.locator(".lead")).to_contain_text("Submitted: 100 % (3 of 3 points).")
    expect(page.get_by_text("Yes: wind is renewable.")).to_be_visible()
    problems = phone_problems(page, axe)
    assert not problems, problems
    attempt = Attempt.objects.get(person=learning["learner"])
    assert attempt.state == AttemptState.SUBMITTED and attempt.passed

    page.get_by_role("link", name="Energy for citizens").first.click()
    # Only "Power and energy" was opened; its quiz is passed.
    expect(page.get_by_text("1 of 3 units viewed, 1 of 2 quizzes passed")).to_be_visible()
