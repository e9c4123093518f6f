"""Pages of the learning spaces: a run's space, a unit (its lesson, media and quizzes), a quiz,
an attempt (answered with the keyboard, without JavaScript) and the learner's progress."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import floatformat
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from campus.catalog.models import Run
from campus.service_errors import error_messages

from . import quiz as engine
from . import selectors, services
from .content import render_markdown, video_embed
from .models import Attempt, AttemptState, Quiz, Unit
from .permissions import may_attempt, may_learn, may_see_attempt, may_teach


def _run_or_403(run: Run, user) -> None:
    if not may_learn(user, run):
        raise PermissionDenied(_("This learning space is for the participants of the run."))


@login_required
def my_learning(request):
    """The runs the person learns in, with their progress."""
    return render(request, "learning/mine.html", {"progress": selectors.progress_of(request.user)})


@login_required
def space(request, run_id: int):
    run = get_object_or_404(Run.objects.select_related("course"), pk=run_id)
    _run_or_403(run, request.user)
    return render(
        request,
        "learning/space.html",
        {
            "run": run,
            "sections": selectors.space(run, request.user),
            "progress": selectors.progress(run, request.user),
            "period": selectors.study_period(run, request.user),
            "teaching": may_teach(request.user, run),
        },
    )


def _neighbours(unit: Unit) -> tuple[Unit | None, Unit | None]:
    units = list(
        Unit.objects.filter(section__run=unit.section.run)
        .order_by("section__position", "section_id", "position", "pk")
        .only("pk", "title")
    )
    index = next(i for i, u in enumerate(units) if u.pk == unit.pk)
    return (units[index - 1] if index else None), (
        units[index + 1] if index + 1 < len(units) else None
    )


@login_required
def unit(request, unit_id: int):
    found = get_object_or_404(Unit.objects.select_related("section__run__course"), pk=unit_id)
    run = found.section.run
    _run_or_403(run, request.user)
    services.unit_view(unit=found, person=request.user)
    previous, following = _neighbours(found)
    media = [
        {"item": m, "embed": video_embed(m.url) if m.kind == "video" else None}
        for m in found.media.all()
    ]
    quizzes = [
        {
            "quiz": q,
            "attempts": selectors.attempts_of(q, request.user),
        }
        for q in found.quizzes.all()
    ]
    return render(
        request,
        "learning/unit.html",
        {
            "unit": found,
            "run": run,
            "body": render_markdown(found.body),
            "media": media,
            "quizzes": quizzes,
            "assignments": list(found.assignments.order_by("pk")),
            "previous": previous,
            "next": following,
            "may_attempt": may_attempt(request.user, run),
        },
    )


@login_required
def quiz(request, quiz_id: int):
    found = get_object_or_404(Quiz.objects.select_related("unit__section__run__course"), pk=quiz_id)
    run = found.unit.section.run
    _run_or_403(run, request.user)
    return render(
        request,
        "learning/quiz.html",
        {
            "quiz": found,
            "run": run,
            "attempts": selectors.attempts_of(found, request.user),
            "may_attempt": may_attempt(request.user, run),
        },
    )


@login_required
@require_POST
def attempt_start(request, quiz_id: int):
    found = get_object_or_404(Quiz.objects.select_related("unit__section__run"), pk=quiz_id)
    try:
        attempt = services.attempt_start(quiz=found, person=request.user)
    except (ValidationError, PermissionDenied) as error:
        for message in error_messages(error):
            messages.error(request, message)
        return redirect(found.get_absolute_url())
    return redirect(attempt.get_absolute_url())


def _shown(attempt: Attempt) -> list[dict]:
    """The attempt's questions as the page shows them: options in this attempt's order, the
    saved answer, and once graded the points and feedback."""
    graded = {g["question"]: g for g in attempt.graded}
    shown = []
    for question in selectors.questions_of(attempt):
        plain = engine.Question(
            id=question.pk, kind=question.kind, points=float(question.points), spec=question.spec
        )
        entry = {
            "question": question,
            "name": f"q{question.pk}",
            "answer": attempt.answers.get(str(question.pk)),
            "graded": graded.get(question.pk),
        }
        if question.kind in ("single", "multiple"):
            texts = {o["key"]: o["text"] for o in question.spec.get("options", [])}
            chosen = entry["answer"]
            chosen = set(chosen) if isinstance(chosen, list) else {chosen}
            entry["options"] = [
                {"key": key, "text": texts[key], "checked": key in chosen}
                for key in engine.option_order(plain, seed=attempt.seed)
            ]
        elif question.kind == "matching":
            lefts, rights = engine.matching_keys(plain)
            order = engine.option_order(plain, seed=attempt.seed)
            right_text = dict(rights)
            answer = entry["answer"] or {}
            entry["lefts"] = [
                {
                    "key": key,
                    "text": text,
                    "choices": [
                        {
                            "value": f"{key}:{r}",
                            "text": right_text[r],
                            "selected": answer.get(key) == r,
                        }
                        for r in order
                    ],
                }
                for key, text in lefts
            ]
        shown.append(entry)
    return shown


def _responses(request, attempt: Attempt) -> dict:
    found = {}
    for question in selectors.questions_of(attempt):
        values = [v for v in request.POST.getlist(f"q{question.pk}") if v != ""]
        if question.kind in ("multiple", "matching"):
            found[str(question.pk)] = values
        else:
            found[str(question.pk)] = values[0] if values else None
    return found


@login_required
def attempt(request, attempt_id: int):
    found = get_object_or_404(
        Attempt.objects.select_related("quiz__unit__section__run__course"), pk=attempt_id
    )
    if not may_see_attempt(request.user, found):
        raise PermissionDenied(_("This attempt is another learner's."))
    errors: list[str] = []
    field_errors: dict = {}
    status = 200
    if request.method == "POST" and found.state == AttemptState.OPEN:
        responses = _responses(request, found)
        try:
            if "submit" in request.POST:
                found = services.attempt_submit(
                    attempt=found, person=request.user, responses=responses
                )
                messages.success(
                    request,
                    _("Submitted: %(percent)s %% (%(points)s of %(max)s points).")
                    % {
                        "percent": floatformat(found.percent, "-2"),
                        "points": floatformat(found.points, "-2"),
                        "max": floatformat(found.max_points, "-2"),
                    },
                )
            else:
                services.attempt_save(attempt=found, person=request.user, responses=responses)
                messages.success(request, _("Your answers are saved."))
            return redirect(found.get_absolute_url())
        except services.AttemptClosed as closed:
            messages.error(request, closed.messages[0])
            return redirect(closed.attempt.get_absolute_url())
        except ValidationError as error:
            field_errors = getattr(error, "message_dict", {})
            errors = error_messages(error)
            status = 400
        except PermissionDenied as error:
            raise error
        found.refresh_from_db()
        # Show what the person typed, not what was saved, so that they can correct it.
        found.answers = {**found.answers, **{k: v for k, v in responses.items() if v}}
    shown = _shown(found)
    for entry in shown:
        entry["errors"] = field_errors.get(entry["name"], [])
    return render(
        request,
        "learning/attempt.html",
        {
            "attempt": found,
            "quiz": found.quiz,
            "run": found.quiz.unit.section.run,
            "questions": shown,
            "errors": errors,
            "own": found.person_id == request.user.pk,
        },
        status=status,
    )
