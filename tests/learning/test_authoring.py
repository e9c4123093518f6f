"""Lecturers author a run's learning space: who may, refusals that change nothing, moves that
renumber, questions checked by the engine with translated messages, quizzes that cannot draw
more than their bank, and copying a run's content to the next run."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from campus.learning import authoring, services
from campus.learning.models import (
    Attempt,
    CompletionRule,
    Question,
    QuestionBank,
    Quiz,
    Section,
    Unit,
    UnitMedia,
)
from tests.factories import PersonFactory, RunFactory
from tests.learning.conftest import SINGLE


def titles(queryset):
    return list(queryset.order_by("position").values_list("position", "title"))


def test_a_learner_or_outsider_may_not_author(space):
    run = space["run"]
    for person in (space["learners"][0], PersonFactory()):
        with pytest.raises(PermissionDenied):
            authoring.section_create(run=run, title="Week 3", by=person)
        with pytest.raises(PermissionDenied):
            authoring.unit_update(unit=space["units"][0], title="X", body="", minutes=5, by=person)
        with pytest.raises(PermissionDenied):
            authoring.question_delete(question=space["questions"][0], by=person)
    assert Section.objects.filter(run=run).count() == 2
    assert Unit.objects.get(pk=space["units"][0].pk).title == "What energy is"


def test_sections_and_units_are_added_at_the_end_and_move_with_positions_renumbered(space):
    run, lena = space["run"], space["lecturer"]
    week3 = authoring.section_create(run=run, title=" Week 3 ", by=lena)
    assert (week3.position, week3.title) == (3, "Week 3")

    authoring.section_move(section=week3, direction="up", by=lena)
    assert titles(Section.objects.filter(run=run)) == [(1, "Week 1"), (2, "Week 3"), (3, "Week 2")]
    authoring.section_move(section=Section.objects.get(title="Week 1"), direction="up", by=lena)
    assert titles(Section.objects.filter(run=run))[0] == (1, "Week 1")  # at the top it stays

    week1 = space["units"][0].section
    third = authoring.unit_create(section=week1, title="Storage", body="Batteries.", by=lena)
    assert third.position == 3
    authoring.unit_move(unit=third, direction="up", by=lena)
    assert titles(Unit.objects.filter(section=week1)) == [
        (1, "What energy is"),
        (2, "Storage"),
        (3, "Power and energy"),
    ]
    authoring.unit_delete(unit=Unit.objects.get(title="What energy is"), by=lena)
    assert titles(Unit.objects.filter(section=week1)) == [(1, "Storage"), (2, "Power and energy")]


def test_a_lesson_with_an_image_without_alt_text_is_refused_and_nothing_changes(space):
    unit = space["units"][0]
    with pytest.raises(ValidationError) as caught:
        authoring.unit_update(
            unit=unit, title="New", body="![](https://x.eu/a.png)", minutes=10, by=space["lecturer"]
        )
    assert "body" in caught.value.message_dict
    unit.refresh_from_db()
    assert (unit.title, unit.body) == ("What energy is", "# Energy")


def test_media_need_their_text_alternative(space):
    unit, lena = space["units"][0], space["lecturer"]
    with pytest.raises(ValidationError) as caught:
        authoring.media_add(
            unit=unit, kind="video", title="Talk", url="https://x.eu/v.mp4", by=lena
        )
    assert "transcript" in caught.value.message_dict
    media = authoring.media_add(
        unit=unit, kind="image", title="Mill", url="https://x.eu/m.png", alt="A windmill", by=lena
    )
    assert UnitMedia.objects.filter(unit=unit).count() == 1
    authoring.media_remove(media=media, by=lena)
    assert not UnitMedia.objects.exists()


def test_a_question_is_normalised_and_its_errors_are_translated_on_their_field(space):
    bank, lena = space["questions"][0].bank, space["lecturer"]
    made = authoring.question_create(
        bank=bank, kind="single", text="Renewable?", spec=SINGLE, by=lena
    )
    assert made.position == 3 and made.spec["shuffle"] is True

    bad = {"options": [{"key": "a", "text": "Wind"}, {"key": "b", "text": "Sun"}], "correct": "z"}
    with pytest.raises(ValidationError) as caught:
        authoring.question_create(bank=bank, kind="single", text="?", spec=bad, by=lena)
    assert caught.value.message_dict == {
        "correct": [
            "Mark the right option with a “*” at the start of its line: exactly one for a "
            "single-choice question, at least one for multiple choice."
        ]
    }
    with pytest.raises(ValidationError) as caught:
        authoring.question_create(
            bank=bank, kind="numeric", text="?", spec={"answer": "x"}, by=lena
        )
    assert list(caught.value.message_dict) == ["answer"]
    assert bank.questions.count() == 3


def test_questions_and_quizzes_with_attempts_are_kept_and_edits_keep_finished_marks(space):
    lea, lena = space["learners"][0], space["lecturer"]
    basics = space["quizzes"][0]
    attempt = services.attempt_start(quiz=basics, person=lea)
    attempt = services.attempt_submit(
        attempt=attempt, person=lea, responses={str(space["questions"][0].pk): "a"}
    )
    first = space["questions"][0]

    with pytest.raises(ValidationError, match="attempts keep it"):
        authoring.question_delete(question=first, by=lena)
    with pytest.raises(ValidationError, match="cannot be deleted"):
        authoring.quiz_delete(quiz=basics, by=lena)
    with pytest.raises(ValidationError, match="cannot be deleted"):
        authoring.unit_delete(unit=basics.unit, by=lena)
    with pytest.raises(ValidationError):
        authoring.question_update(
            question=first, kind="numeric", text="?", spec={"answer": 1}, by=lena
        )

    changed = {**SINGLE, "correct": "b"}
    authoring.question_update(question=first, text="Which is renewable?", spec=changed, by=lena)
    assert Question.objects.get(pk=first.pk).spec["correct"] == "b"
    assert Attempt.objects.get(pk=attempt.pk).percent == attempt.percent  # marks kept
    assert Quiz.objects.filter(pk=basics.pk).exists()


def test_a_quiz_may_not_draw_more_questions_than_its_bank_holds(space):
    unit, lena = space["units"][0], space["lecturer"]
    bank = space["questions"][0].bank  # two questions
    with pytest.raises(ValidationError) as caught:
        authoring.quiz_create(unit=unit, bank=bank, title="Check", pick=3, by=lena)
    assert "pick" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        authoring.quiz_create(unit=unit, bank=bank, title="Check", attempts_allowed=0, by=lena)
    assert "attempts_allowed" in caught.value.message_dict
    made = authoring.quiz_create(
        unit=unit, bank=bank, title="Check", pick=2, time_limit_minutes=5, pass_percent=80, by=lena
    )
    with pytest.raises(ValidationError):
        authoring.quiz_update(quiz=made, pick=5, by=lena)
    assert Quiz.objects.get(pk=made.pk).pick == 2
    sources = space["quizzes"][1]  # draws 2 of 3
    q = sources.bank.questions.first()
    authoring.question_delete(question=q, by=lena)
    with pytest.raises(ValidationError, match="draws 2 questions"):
        authoring.question_delete(question=sources.bank.questions.first(), by=lena)


def test_the_completion_rule_is_set(space):
    rule = authoring.completion_rule_set(
        run=space["run"], all_units_viewed=False, quizzes_min_percent=75, by=space["lecturer"]
    )
    assert CompletionRule.objects.get(run=space["run"]).quizzes_min_percent == 75
    with pytest.raises(ValidationError):
        authoring.completion_rule_set(
            run=space["run"], all_units_viewed=False, quizzes_min_percent=101, by=space["lecturer"]
        )
    rule.refresh_from_db()
    assert rule.quizzes_min_percent == 75


def test_content_is_copied_to_an_empty_run_of_the_same_course(space):
    run, lena = space["run"], space["lecturer"]
    authoring.media_add(
        unit=space["units"][0],
        kind="image",
        title="Mill",
        url="https://x.eu/m.png",
        alt="A mill",
        by=lena,
    )
    services.attempt_start(quiz=space["quizzes"][0], person=space["learners"][0])
    nxt = RunFactory(course=run.course, label="MOOC 2028")
    nxt.teachers.add(lena)

    assert authoring.content_copy(source=run, target=nxt, by=lena) == 3
    assert list(Section.objects.filter(run=nxt).values_list("position", "title")) == [
        (1, "Week 1"),
        (2, "Week 2"),
    ]
    assert Unit.objects.filter(section__run=nxt).count() == 3
    assert UnitMedia.objects.filter(unit__section__run=nxt).count() == 1
    assert Question.objects.filter(bank__run=nxt).count() == 5
    copied = Quiz.objects.get(unit__section__run=nxt, title="Sources")
    assert (copied.pick, copied.time_limit_minutes, copied.bank.run_id) == (2, 10, nxt.pk)
    assert CompletionRule.objects.get(run=nxt).quizzes_min_percent == 60
    assert not Attempt.objects.filter(quiz__unit__section__run=nxt).exists()

    with pytest.raises(ValidationError, match="content already"):
        authoring.content_copy(source=run, target=nxt, by=lena)
    other = RunFactory()
    other.teachers.add(lena)
    with pytest.raises(ValidationError):
        authoring.content_copy(source=run, target=other, by=lena)
    assert not QuestionBank.objects.filter(run=other).exists()


def test_copying_needs_the_right_to_teach_the_target(space):
    nxt = RunFactory(course=space["run"].course)
    with pytest.raises(PermissionDenied):
        authoring.content_copy(source=space["run"], target=nxt, by=space["lecturer"])
    assert not Section.objects.filter(run=nxt).exists()
