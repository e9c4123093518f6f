"""Every write a lecturer makes to a run's learning space: sections, units and their media,
question banks and questions, quizzes, the completion rule, and copying the whole space to
the next run of the course.

Who: the run's teachers, the coordinators of its host institutions and alliance
administrators (``permissions.may_teach``). Each function checks that, runs in a transaction,
and either writes everything or raises ValidationError (messages per field) or
PermissionDenied and writes nothing.

What learners have done is kept:

- a question or a quiz that any attempt used cannot be deleted (attempts keep their
  questions; deleting would leave a learner's reviewed attempt with holes), nor a section or
  unit holding such a quiz; nor a question a quiz needs to draw its ``pick``;
- a question may be edited after attempts finished: those attempts keep their marks and
  feedback as graded then (stored with the attempt); only attempts graded later read the new
  version. Its kind cannot change once an attempt used it, since saved answers follow the
  kind;
- the completion rule applies from the learners' next unit viewed or attempt on.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from campus.catalog.models import Run

from . import quiz as engine
from .content import check_markdown, check_media
from .models import (
    Attempt,
    CompletionRule,
    Question,
    QuestionBank,
    Quiz,
    Section,
    Unit,
    UnitMedia,
)
from .permissions import may_teach

UP, DOWN = "up", "down"


def _require(by, run: Run) -> None:
    if not may_teach(by, run):
        raise PermissionDenied(_("The run's learning space is changed by its lecturers."))


def _clean(obj, exclude: list[str] | None = None):
    obj.full_clean(exclude=exclude)
    obj.save()
    return obj


def _renumber(rows) -> None:
    """Positions 1…n in the given order (only the rows whose position changes are written)."""
    for position, row in enumerate(rows, start=1):
        if row.position != position:
            row.position = position
            row.save(update_fields=["position"])


def _move(rows: list, target, direction: str) -> None:
    if direction not in (UP, DOWN):
        raise ValidationError({"direction": _("Move up or down.")})
    index = next(i for i, row in enumerate(rows) if row.pk == target.pk)
    other = index - 1 if direction == UP else index + 1
    if 0 <= other < len(rows):
        rows[index], rows[other] = rows[other], rows[index]
    _renumber(rows)


def _next_position(queryset) -> int:
    return (queryset.aggregate(n=Max("position"))["n"] or 0) + 1


def _used_quizzes(quizzes) -> list[Quiz]:
    return list(quizzes.filter(attempts__isnull=False).distinct())


def _refuse_attempted(quizzes, message: str) -> None:
    """Refuse (with the message, given the quiz's title) when learners attempted a quiz."""
    used = _used_quizzes(quizzes)
    if used:
        raise ValidationError(message % {"quiz": used[0].title})


# --- sections --------------------------------------------------------------------------------


@transaction.atomic
def section_create(*, run: Run, title: str, by) -> Section:
    """A new section at the end of the run's space."""
    _require(by, run)
    position = _next_position(Section.objects.select_for_update().filter(run=run))
    return _clean(Section(run=run, title=title.strip(), position=position))


@transaction.atomic
def section_update(*, section: Section, title: str, by) -> Section:
    """Rename a section."""
    _require(by, section.run)
    section.title = title.strip()
    return _clean(section)


@transaction.atomic
def section_delete(*, section: Section, by) -> None:
    """Delete a section with its units (refused while a quiz of it has attempts)."""
    run = section.run
    _require(by, run)
    _refuse_attempted(
        Quiz.objects.filter(unit__section=section),
        _(
            "The section cannot be deleted: learners have attempted its quiz “%(quiz)s”, and "
            "their attempts keep their questions."
        ),
    )
    section.delete()
    _renumber(Section.objects.select_for_update().filter(run=run).order_by("position", "pk"))


@transaction.atomic
def section_move(*, section: Section, direction: str, by) -> Section:
    """Move a section one place up or down (at the edge it stays); positions become 1…n."""
    _require(by, section.run)
    rows = list(
        Section.objects.select_for_update().filter(run=section.run).order_by("position", "pk")
    )
    _move(rows, section, direction)
    section.refresh_from_db()
    return section


# --- units -----------------------------------------------------------------------------------


def _unit_checked(unit: Unit) -> Unit:
    check_markdown(unit.body)
    return _clean(unit)


@transaction.atomic
def unit_create(*, section: Section, title: str, by, body: str = "", minutes: int = 30) -> Unit:
    """A new unit at the end of the section; its lesson is checked (content.check_markdown)."""
    _require(by, section.run)
    position = _next_position(Unit.objects.select_for_update().filter(section=section))
    return _unit_checked(
        Unit(section=section, title=title.strip(), body=body, minutes=minutes, position=position)
    )


@transaction.atomic
def unit_update(*, unit: Unit, by, title: str, body: str, minutes: int) -> Unit:
    """Change a unit's title, lesson and minutes of study."""
    _require(by, unit.section.run)
    unit.title, unit.body, unit.minutes = title.strip(), body, minutes
    return _unit_checked(unit)


@transaction.atomic
def unit_delete(*, unit: Unit, by) -> None:
    """Delete a unit with its media and quizzes (refused while a quiz of it has attempts)."""
    section = unit.section
    _require(by, section.run)
    _refuse_attempted(
        unit.quizzes.all(),
        _(
            "The unit cannot be deleted: learners have attempted its quiz “%(quiz)s”, and "
            "their attempts keep their questions."
        ),
    )
    unit.delete()
    _renumber(Unit.objects.select_for_update().filter(section=section).order_by("position", "pk"))


@transaction.atomic
def unit_move(*, unit: Unit, direction: str, by) -> Unit:
    """Move a unit one place up or down within its section; positions become 1…n."""
    _require(by, unit.section.run)
    rows = list(
        Unit.objects.select_for_update().filter(section=unit.section_id).order_by("position", "pk")
    )
    _move(rows, unit, direction)
    unit.refresh_from_db()
    return unit


# --- media -----------------------------------------------------------------------------------


@transaction.atomic
def media_add(
    *,
    unit: Unit,
    kind: str,
    title: str,
    url: str,
    by,
    alt: str = "",
    transcript: str = "",
    captions_url: str = "",
) -> UnitMedia:
    """Add an image, a video or a recording with its text alternative (content.check_media)."""
    _require(by, unit.section.run)
    url, captions_url = url.strip(), captions_url.strip()
    check_media(kind, url=url, alt=alt, transcript=transcript, captions_url=captions_url)
    return _clean(
        UnitMedia(
            unit=unit,
            kind=kind,
            title=title.strip(),
            url=url,
            alt=alt.strip(),
            transcript=transcript,
            captions_url=captions_url,
            position=_next_position(UnitMedia.objects.filter(unit=unit)),
        )
    )


@transaction.atomic
def media_remove(*, media: UnitMedia, by) -> None:
    """Remove a medium from its unit."""
    _require(by, media.unit.section.run)
    media.delete()


# --- question banks and questions ------------------------------------------------------------


@transaction.atomic
def bank_create(*, run: Run, title: str, by) -> QuestionBank:
    """A new, empty question bank of the run."""
    _require(by, run)
    return _clean(QuestionBank(run=run, title=title.strip()))


@transaction.atomic
def bank_update(*, bank: QuestionBank, title: str, by) -> QuestionBank:
    """Rename a question bank."""
    _require(by, bank.run)
    bank.title = title.strip()
    return _clean(bank)


def question_error_message(error: engine.QuestionError) -> str:
    """The engine's complaint (English, for programmers) as a sentence for the lecturer."""
    messages = {
        "kind": _("Choose one of the kinds of question."),
        "points": _points_message(),
        "spec": _("This kind of question does not take some of the settings given."),
        "options": _(
            "Give %(least)s to %(most)s different options, one per line, each at most "
            "%(length)s characters long."
        )
        % {"least": 2, "most": 20, "length": 1000},
        "correct": _(
            "Mark the right option with a “*” at the start of its line: exactly one for a "
            "single-choice question, at least one for multiple choice."
        ),
        "answer": _("Write the answer as a number, for example 3.6."),
        "tolerance": _("Write the tolerance as a number, 0 or more."),
        "unit": _("The unit may be at most %(most)s characters long.") % {"most": 50},
        "patterns": _(
            "Give %(least)s to %(most)s patterns, one per line, each at most %(length)s "
            "characters long and more than wildcards."
        )
        % {"least": 1, "most": 20, "length": 200},
        "pairs": _(
            "Give %(least)s to %(most)s pairs, one per line as “left = right”; no two lefts "
            "and no two rights may read the same."
        )
        % {"least": 2, "most": 20},
        "distractors": _(
            "Give at most %(most)s distractors, each different from the others and from "
            "every right-hand text."
        )
        % {"most": 10},
        "feedback": _("Each feedback may be at most %(most)s characters long.") % {"most": 2000},
    }
    return messages.get(error.field, _("This setting must be on or off."))


def _points_message() -> str:
    return _("Points must be above 0 and at most %(most)s.") % {"most": 100}


def _checked_spec(kind: str, spec: Any, points) -> dict:
    try:
        number = float(points)
    except (TypeError, ValueError) as error:
        raise ValidationError({"points": _points_message()}) from error
    try:
        return engine.validate_question(kind, spec, number)
    except engine.QuestionError as error:
        raise ValidationError({error.field: question_error_message(error)}) from error


def _attempted_questions(bank: QuestionBank) -> set[int]:
    """The ids of the bank's questions any attempt drew (JSON lists, read in Python so that
    it works on SQLite as on PostgreSQL)."""
    used: set[int] = set()
    for ids in Attempt.objects.filter(quiz__bank=bank).values_list("question_ids", flat=True):
        used.update(ids)
    return used


@transaction.atomic
def question_create(
    *, bank: QuestionBank, kind: str, text: str, spec: Any, by, points=1
) -> Question:
    """A new question at the end of the bank; its spec is checked and normalised by the engine."""
    _require(by, bank.run)
    normal = _checked_spec(kind, spec, points)
    position = _next_position(Question.objects.select_for_update().filter(bank=bank))
    return _clean(
        Question(
            bank=bank, kind=kind, text=text.strip(), spec=normal, points=points, position=position
        )
    )


@transaction.atomic
def question_update(
    *, question: Question, text: str, spec: Any, by, points=1, kind: str | None = None
) -> Question:
    """Change a question; finished attempts keep the marks they were given (module docstring)."""
    bank = question.bank
    _require(by, bank.run)
    kind = kind or question.kind
    if kind != question.kind and question.pk in _attempted_questions(bank):
        raise ValidationError(
            {"kind": _("Learners have answered this question: its kind cannot change any more.")}
        )
    question.kind = kind
    question.spec = _checked_spec(kind, spec, points)
    question.text, question.points = text.strip(), points
    return _clean(question)


@transaction.atomic
def question_delete(*, question: Question, by) -> None:
    """Delete a question no attempt drew and no quiz needs for its number of questions."""
    bank = QuestionBank.objects.select_for_update().get(pk=question.bank_id)
    _require(by, bank.run)
    if question.pk in _attempted_questions(bank):
        raise ValidationError(
            _(
                "Learners have answered this question, and their attempts keep it: it cannot "
                "be deleted. Edit it instead, or leave it out of a new bank."
            )
        )
    left = bank.questions.count() - 1
    short = bank.quizzes.filter(pick__gt=left).first()
    if short is not None:
        raise ValidationError(
            _(
                "The quiz “%(quiz)s” draws %(pick)s questions from this bank; it would have %(left)s."
            )
            % {"quiz": short.title, "pick": short.pick, "left": left}
        )
    question.delete()
    _renumber(Question.objects.filter(bank=bank).order_by("position", "pk"))


# --- quizzes ---------------------------------------------------------------------------------


QUIZ_FIELDS = (
    "title",
    "bank",
    "pick",
    "shuffle",
    "time_limit_minutes",
    "attempts_allowed",
    "pass_percent",
)


def _quiz_checked(quiz: Quiz, run: Run) -> Quiz:
    if quiz.bank.run_id != run.pk:
        raise ValidationError({"bank": _("Choose a question bank of this run.")})
    held = quiz.bank.questions.count()
    if quiz.pick is not None and not 1 <= quiz.pick <= held:
        raise ValidationError(
            {
                "pick": _(
                    "The bank “%(bank)s” holds %(held)s questions: draw 1 to %(held)s, or leave "
                    "it empty for all of them."
                )
                % {"bank": quiz.bank.title, "held": held}
            }
        )
    quiz.title = (quiz.title or "").strip()
    return _clean(quiz)


@transaction.atomic
def quiz_create(
    *,
    unit: Unit,
    bank: QuestionBank,
    title: str,
    by,
    pick: int | None = None,
    shuffle: bool = True,
    time_limit_minutes: int | None = None,
    attempts_allowed: int = 2,
    pass_percent: int = 60,
) -> Quiz:
    """A quiz after the unit, drawing from one of the run's banks."""
    run = unit.section.run
    _require(by, run)
    return _quiz_checked(
        Quiz(
            unit=unit,
            bank=bank,
            title=title,
            pick=pick,
            shuffle=shuffle,
            time_limit_minutes=time_limit_minutes,
            attempts_allowed=attempts_allowed,
            pass_percent=pass_percent,
        ),
        run,
    )


@transaction.atomic
def quiz_update(*, quiz: Quiz, by, **changes: Any) -> Quiz:
    """Change a quiz's title, bank, questions drawn, time limit, attempts or pass mark; for
    attempts started from now on."""
    run = quiz.unit.section.run
    _require(by, run)
    unknown = set(changes) - set(QUIZ_FIELDS)
    if unknown:
        raise ValidationError(
            _("A quiz has no setting %(names)s.") % {"names": ", ".join(sorted(unknown))}
        )
    for name, value in changes.items():
        setattr(quiz, name, value)
    return _quiz_checked(quiz, run)


@transaction.atomic
def quiz_delete(*, quiz: Quiz, by) -> None:
    """Delete a quiz nobody has attempted."""
    _require(by, quiz.unit.section.run)
    if quiz.attempts.exists():
        raise ValidationError(
            _(
                "Learners have attempted this quiz, and their attempts and marks are kept: it "
                "cannot be deleted."
            )
        )
    quiz.delete()


# --- completion ------------------------------------------------------------------------------


@transaction.atomic
def completion_rule_set(
    *, run: Run, by, all_units_viewed: bool, quizzes_min_percent: int
) -> CompletionRule:
    """Set what completes the run: every unit viewed (or not), every quiz at least a mark."""
    _require(by, run)
    rule = CompletionRule.objects.select_for_update().filter(run=run).first() or CompletionRule(
        run=run
    )
    rule.all_units_viewed, rule.quizzes_min_percent = all_units_viewed, quizzes_min_percent
    return _clean(rule)


# --- copying to the next run -----------------------------------------------------------------


def has_content(run: Run) -> bool:
    return Section.objects.filter(run=run).exists() or QuestionBank.objects.filter(run=run).exists()


@transaction.atomic
def content_copy(*, source: Run, target: Run, by) -> int:
    """Copy the source run's space (sections, units, media, banks, questions, quizzes and the
    completion rule) into an empty run of the same course. Learners' work is not copied. The
    number of units copied."""
    _require(by, source)
    if not may_teach(by, target):
        raise PermissionDenied(_("You may copy only to a run you teach."))
    if target.pk == source.pk or target.course_id != source.course_id:
        raise ValidationError({"target": _("Choose another run of the same course.")})
    Run.objects.select_for_update().filter(pk=target.pk).first()
    if has_content(target):
        raise ValidationError(
            {
                "target": _("The run “%(run)s” has content already; copy only into an empty run.")
                % {"run": target.label}
            }
        )
    banks = {}
    for bank in QuestionBank.objects.filter(run=source).order_by("pk"):
        banks[bank.pk] = QuestionBank.objects.create(run=target, title=bank.title)
    Question.objects.bulk_create(
        Question(
            bank=banks[q.bank_id],
            position=q.position,
            kind=q.kind,
            text=q.text,
            points=q.points,
            spec=q.spec,
        )
        for q in Question.objects.filter(bank__run=source).order_by("bank", "position", "pk")
    )
    copied = 0
    sections = (
        Section.objects.filter(run=source)
        .order_by("position", "pk")
        .prefetch_related("units__media", "units__quizzes")
    )
    for section in sections:
        new_section = Section.objects.create(
            run=target, position=section.position, title=section.title
        )
        for unit in section.units.all():
            new_unit = Unit.objects.create(
                section=new_section,
                position=unit.position,
                title=unit.title,
                body=unit.body,
                minutes=unit.minutes,
            )
            copied += 1
            UnitMedia.objects.bulk_create(
                UnitMedia(
                    unit=new_unit,
                    position=m.position,
                    kind=m.kind,
                    title=m.title,
                    url=m.url,
                    alt=m.alt,
                    transcript=m.transcript,
                    captions_url=m.captions_url,
                )
                for m in unit.media.all()
            )
            Quiz.objects.bulk_create(
                Quiz(
                    unit=new_unit,
                    bank=banks[q.bank_id],
                    **{name: getattr(q, name) for name in QUIZ_FIELDS if name != "bank"},
                )
                for q in unit.quizzes.all()
            )
    rule = CompletionRule.objects.filter(run=source).first()
    if rule is not None:
        CompletionRule.objects.update_or_create(
            run=target,
            defaults={
                "all_units_viewed": rule.all_units_viewed,
                "quizzes_min_percent": rule.quizzes_min_percent,
            },
        )
    return copied
