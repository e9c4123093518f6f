"""A learner on a phone, keyboard only, hands in an essay, reviews a fellow learner's work by
its rubric without seeing whose it is, and a lecturer finds the grading queue and grades. Every
page passes axe at 360 px without sideways scrolling."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from campus.catalog import services as catalog
from campus.learning import assignments
from campus.learning.models import PeerReview, Submission, SubmissionState
from campus.people.models import Role
from tests.browser.test_catalogue_journey import sign_in
from tests.browser.test_phone_width import phone_problems
from tests.factories import PersonFactory
from tests.learning.conftest import space  # noqa: F401  (the constructed learning space)
from tests.learning.test_assignments import make_task

PHONE = {"width": 360, "height": 780}


@pytest.fixture
def essay(transactional_db, space, settings, tmp_path):  # noqa: F811
    settings.MEDIA_ROOT = tmp_path / "media"
    found = make_task(space)
    learner = PersonFactory(
        email="learner@campus.test", display_name="Lea Browser", roles=[Role.LIFELONG_LEARNER]
    )
    catalog.enrol(run=found["run"], person=learner, by=learner)
    for person in found["people"][:2]:
        assignments.submission_submit(assignment=found["essay"], person=person, text="A plan.")
    found["learner"] = learner
    teacher = PersonFactory(
        email="lecturer@campus.test", display_name="Tess Teacher", roles=[Role.LECTURER]
    )
    found["run"].teachers.add(teacher)
    return found


def test_a_learner_hands_in_and_reviews_a_peer_and_a_lecturer_grades(
    page: Page, live_server, essay
):
    page.set_viewport_size(PHONE)
    axe = Axe()
    sign_in(page, live_server.url, "learner@campus.test")
    page.goto(f"{live_server.url}/learn/assignments/{essay['essay'].pk}/")
    expect(page.get_by_role("heading", name="An energy plan", level=1)).to_be_visible()
    problems = phone_problems(page, axe)
    assert not problems, problems

    text = page.get_by_label("Your text")
    text.focus()
    page.keyboard.type("Insulate first, then solar panels.")
    page.get_by_role("button", name="Hand in", exact=True).focus()
    page.keyboard.press("Enter")
    expect(page.get_by_text("Your work is handed in.")).to_be_visible()
    problems = phone_problems(page, axe)
    assert not problems, problems
    assert Submission.objects.get(person=essay["learner"]).state == SubmissionState.SUBMITTED

    page.goto(f"{live_server.url}/learn/peer-reviews/")
    links = page.get_by_role("link", name=re.compile("^An energy plan: work"))
    expect(links).to_have_count(2)
    problems = phone_problems(page, axe)
    assert not problems, problems
    links.first.focus()
    page.keyboard.press("Enter")
    for name in ("Lea Learner", "Otto Other"):
        expect(page.get_by_text(name)).to_have_count(0)
    page.get_by_label("Points").first.fill("8")
    page.get_by_label("Points").nth(1).fill("12")  # more than the criterion's 5
    page.get_by_role("button", name="Send the review").click()
    expect(page.get_by_role("alert")).to_contain_text("takes from 0 to 5 points")
    problems = phone_problems(page, axe)
    assert not problems, problems
    page.get_by_label("Points").nth(1).fill("4")
    page.get_by_role("button", name="Send the review").click()
    expect(page.get_by_text("Your review is sent. Thank you.")).to_be_visible()
    assert (
        PeerReview.objects.filter(reviewer=essay["learner"], submitted_at__isnull=False).count()
        == 1
    )

    page.context.clear_cookies()
    sign_in(page, live_server.url, "lecturer@campus.test")
    page.goto(f"{live_server.url}/learn/assignments/{essay['essay'].pk}/grading/")
    expect(page.get_by_role("link", name="Lea Browser")).to_be_visible()
    problems = phone_problems(page, axe)
    assert not problems, problems
    page.get_by_role("link", name="Lea Browser").click()
    page.get_by_label("Points").first.fill("9")
    page.get_by_label("Points").nth(1).fill("4,5")
    page.get_by_label("Overall comment (optional)").fill("A clear order of steps.")
    problems = phone_problems(page, axe)
    assert not problems, problems
    page.get_by_role("button", name="Save the grade").click()
    expect(page.get_by_text("The grade is saved.")).to_be_visible()
    graded = Submission.objects.get(person=essay["learner"])
    assert (graded.state, float(graded.percent)) == (SubmissionState.GRADED, 90.0)
