"""Lecturers author a run's learning space: who may, refusals that change nothing, moves that
renumber, questions checked by the engine with translated messages, quizzes that cannot draw
more than their bank, and copying a run's content to the next run."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

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


# --- pages -----------------------------------------------------------------------------------


def _url(name, *args):
    return reverse(f"learning_authoring:{name}", args=args)


def test_a_lecturer_builds_a_lesson_and_quiz_through_the_pages_and_a_learner_takes_it(
    client, space
):
    run, lena = space["run"], space["lecturer"]
    lea = space["learners"][0]
    client.force_login(lena)
    assert client.get(_url("outline", run.pk)).status_code == 200

    client.post(_url("section_add", run.pk), {"title": "Week 3"})
    week3 = Section.objects.get(run=run, title="Week 3")
    response = client.post(_url("unit_add", week3.pk), {"title": "Heat pumps", "minutes": 20})
    unit = Unit.objects.get(section=week3)
    assert response["Location"] == _url("unit", unit.pk)

    lesson = "# Heat\n\nA heat pump moves **heat**."
    preview = client.post(
        _url("unit", unit.pk),
        {"title": "Heat pumps", "minutes": 20, "body": lesson, "preview": "1"},
    )
    assert "<strong>heat</strong>" in preview.content.decode()
    assert Unit.objects.get(pk=unit.pk).body == ""  # a preview saves nothing
    client.post(_url("unit", unit.pk), {"title": "Heat pumps", "minutes": 20, "body": lesson})
    assert Unit.objects.get(pk=unit.pk).body == lesson

    client.post(_url("bank_add", run.pk), {"title": "Heat"})
    bank = QuestionBank.objects.get(run=run, title="Heat")
    assert client.get(_url("question_add", bank.pk) + "?kind=single").status_code == 200
    client.post(
        _url("question_add", bank.pk),
        {
            "kind": "single",
            "text": "What does a heat pump move?",
            "points": "1",
            "options": "* Heat\nWater\n",
            "feedback_correct": "Yes.",
            "feedback_incorrect": "It moves heat.",
        },
    )
    question = Question.objects.get(bank=bank)
    assert question.spec["options"] == [{"key": "a", "text": "Heat"}, {"key": "b", "text": "Water"}]
    assert question.spec["correct"] == "a"
    assert question.spec["feedback"]["incorrect"] == "It moves heat."

    client.post(
        _url("quiz_add", unit.pk),
        {"title": "Heat check", "bank": bank.pk, "attempts_allowed": 2, "pass_percent": 60},
    )
    quiz = Quiz.objects.get(unit=unit)

    client.force_login(lea)
    space_page = client.get(reverse("learning:space", args=[run.pk])).content.decode()
    assert "Week 3" in space_page and "Heat pumps" in space_page and "Heat check" in space_page
    assert (
        "<strong>heat</strong>"
        in client.get(reverse("learning:unit", args=[unit.pk])).content.decode()
    )
    attempt = services.attempt_start(quiz=quiz, person=lea)
    attempt = services.attempt_submit(
        attempt=attempt, person=lea, responses={str(question.pk): "a"}
    )
    assert attempt.percent == 100


def test_a_question_form_with_two_right_options_for_single_choice_is_refused_on_its_field(
    client, space
):
    client.force_login(space["lecturer"])
    bank = space["questions"][0].bank
    response = client.post(
        _url("question_add", bank.pk),
        {"kind": "single", "text": "?", "points": "1", "options": "* Wind\n* Sun\nCoal"},
    )
    assert response.status_code == 400
    assert "exactly one for a single-choice question" in response.content.decode()
    assert bank.questions.count() == 2


@pytest.mark.parametrize(
    ("kind", "fields", "spec"),
    [
        ("numeric", {"answer": "3,6", "tolerance": "0.05", "unit": "MJ"}, {"answer": 3.6, "tolerance": 0.05, "unit": "MJ"}),
        ("text", {"patterns": "photo*synthesis\nphotosynthesis", "ignore_accents": "on"}, {"patterns": ["photo*synthesis", "photosynthesis"], "case_sensitive": False, "ignore_accents": True}),
        ("matching", {"pairs": "kWh = energy\nkW = power", "distractors": "voltage"}, {"pairs": [{"left": "kWh", "right": "energy"}, {"left": "kW", "right": "power"}], "distractors": ["voltage"], "shuffle": True}),
        ("multiple", {"options": "* Solar\n* Hydro\nDiesel"}, {"correct": ["a", "b"]}),
    ],
)  # fmt: skip
def test_every_kind_is_written_in_lines_and_reads_back_the_same(client, space, kind, fields, spec):
    client.force_login(space["lecturer"])
    bank = space["questions"][0].bank
    client.post(
        _url("question_add", bank.pk), {"kind": kind, "text": "New?", "points": "1", **fields}
    )
    made = bank.questions.get(text="New?")
    assert {key: made.spec[key] for key in spec} == spec
    page = client.get(_url("question", made.pk)).content.decode()
    for value in fields.values():
        if value != "on":
            assert value.replace(",", ".").split("\n")[0] in page


def test_editing_options_keeps_the_keys_of_unchanged_texts(client, space):
    client.force_login(space["lecturer"])
    question = space["questions"][0]  # a: Wind (right), b: Coal
    client.post(
        _url("question", question.pk),
        {"text": "Renewable?", "points": "1", "options": "Coal\nGas\n* Wind"},
    )
    question.refresh_from_db()
    assert question.spec["options"] == [
        {"key": "b", "text": "Coal"},
        {"key": "c", "text": "Gas"},
        {"key": "a", "text": "Wind"},
    ]
    assert question.spec["correct"] == "a"


def test_deleting_asks_first_and_moving_renumbers(client, space):
    client.force_login(space["lecturer"])
    week1 = space["units"][0].section
    asked = client.post(_url("section_delete", week1.pk))
    assert asked.status_code == 200 and "Delete the section “Week 1”?" in asked.content.decode()
    assert Section.objects.filter(pk=week1.pk).exists()
    client.post(_url("section_move", week1.pk), {"direction": "down"})
    assert titles(Section.objects.filter(run=space["run"])) == [(1, "Week 2"), (2, "Week 1")]
    client.post(_url("section_delete", week1.pk), {"confirmed": "1"})
    assert not Section.objects.filter(pk=week1.pk).exists()


def test_learners_may_not_open_the_authoring_pages(client, space):
    client.force_login(space["learners"][0])
    assert client.get(_url("outline", space["run"].pk)).status_code == 403
    assert client.get(_url("unit", space["units"][0].pk)).status_code == 403
    assert client.post(_url("section_add", space["run"].pk), {"title": "X"}).status_code == 403
    assert (
        client.post(
            _url("section_delete", space["units"][0].section_id), {"confirmed": "1"}
        ).status_code
        == 403
    )
    assert Section.objects.filter(run=space["run"]).count() == 2


def test_the_copy_form_copies_to_the_chosen_run(client, space):
    lena = space["lecturer"]
    nxt = RunFactory(course=space["run"].course, label="MOOC 2028")
    nxt.teachers.add(lena)
    client.force_login(lena)
    assert "MOOC 2028" in client.get(_url("outline", space["run"].pk)).content.decode()
    response = client.post(_url("content_copy", space["run"].pk), {"target": nxt.pk})
    assert response["Location"] == _url("outline", nxt.pk)
    assert Unit.objects.filter(section__run=nxt).count() == 3


def test_every_authoring_page_opens_for_the_lecturer(client, space):
    client.force_login(space["lecturer"])
    unit, quiz, question = space["units"][1], space["quizzes"][0], space["questions"][4]
    media = authoring.media_add(
        unit=unit,
        kind="image",
        title="Mill",
        url="https://x.eu/m.png",
        alt="A mill",
        by=space["lecturer"],
    )
    for url in (
        _url("outline", space["run"].pk),
        _url("unit", unit.pk),
        _url("media_add", unit.pk),
        _url("quiz_add", unit.pk),
        _url("quiz", quiz.pk),
        _url("bank", question.bank_id),
        _url("question", question.pk),
        _url("question_add", question.bank_id) + "?kind=matching",
        _url("media_remove", media.pk),
        _url("quiz_delete", quiz.pk),
        reverse("learning:space", args=[space["run"].pk]),
    ):
        assert client.get(url).status_code == 200, url
