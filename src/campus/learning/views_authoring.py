"""Pages where lecturers author a run's learning space (outline, unit editor, question banks,
quizzes, completion rule, copying to another run) and read its gradebook. Every write goes
through campus.learning.authoring (or services.accommodation_set); deletions ask first."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from campus.catalog.models import Enrolment, Run
from campus.inputs.confirmation import Confirmation, confirm_first
from campus.service_errors import apply_service_errors, error_messages

from . import authoring, services
from .content import render_markdown
from .forms_authoring import (
    KIND_CHOICES,
    BankForm,
    CompletionRuleForm,
    CopyForm,
    ExtraTimeForm,
    MediaForm,
    QuestionForm,
    QuizForm,
    SectionForm,
    UnitForm,
)
from .gradebook import gradebook as gradebook_of
from .gradebook import gradebook_csv as gradebook_csv_of
from .models import CompletionRule, Question, QuestionBank, Quiz, Section, Unit, UnitMedia
from .permissions import may_teach


def _teaching(user, run: Run) -> None:
    if not may_teach(user, run):
        raise PermissionDenied(_("The run's learning space is changed by its lecturers."))


def _run(request, run_id: int) -> Run:
    run = get_object_or_404(Run.objects.select_related("course"), pk=run_id)
    _teaching(request.user, run)
    return run


def _section(request, pk: int) -> Section:
    found = get_object_or_404(Section.objects.select_related("run__course"), pk=pk)
    _teaching(request.user, found.run)
    return found


def _unit(request, pk: int) -> Unit:
    found = get_object_or_404(Unit.objects.select_related("section__run__course"), pk=pk)
    _teaching(request.user, found.section.run)
    return found


def _bank(request, pk: int) -> QuestionBank:
    found = get_object_or_404(QuestionBank.objects.select_related("run__course"), pk=pk)
    _teaching(request.user, found.run)
    return found


def _question(request, pk: int) -> Question:
    found = get_object_or_404(Question.objects.select_related("bank__run__course"), pk=pk)
    _teaching(request.user, found.bank.run)
    return found


def _quiz(request, pk: int) -> Quiz:
    found = get_object_or_404(
        Quiz.objects.select_related("unit__section__run__course", "bank"), pk=pk
    )
    _teaching(request.user, found.unit.section.run)
    return found


def _media(request, pk: int) -> UnitMedia:
    found = get_object_or_404(UnitMedia.objects.select_related("unit__section__run"), pk=pk)
    _teaching(request.user, found.unit.section.run)
    return found


def _outline_url(run: Run) -> str:
    return reverse("learning_authoring:outline", args=[run.pk])


def _report(request, error) -> None:
    for message in error_messages(error):
        messages.error(request, message)


def _attempt(request, action, success: str) -> bool:
    """Run the service call; a message either way. True when it was done."""
    try:
        action()
    except (ValidationError, PermissionDenied) as error:
        _report(request, error)
        return False
    messages.success(request, success)
    return True


def _other_runs(run: Run):
    return Run.objects.filter(course=run.course).exclude(pk=run.pk).order_by("starts_on")


def _deletion(*, find, title, text, button, act, done, back):
    """A view that deletes after asking first (decision 0008). ``find(request, pk)`` looks
    the object up and checks the permission; ``back(obj)`` is where "Cancel" and the result
    lead; ``title(obj)`` asks the question."""

    def describe(request, pk: int) -> Confirmation:
        found = find(request, pk)
        return Confirmation(
            title=title(found), text=str(text), button=str(button), cancel_url=back(found)
        )

    @login_required
    @confirm_first(describe)
    def view(request, pk: int):
        found = find(request, pk)
        _attempt(request, lambda: act(found, request.user), str(done))
        return redirect(back(found))

    return view


def _unit_url(unit_id: int) -> str:
    return reverse("learning_authoring:unit", args=[unit_id])


section_delete = _deletion(
    find=_section,
    title=lambda found: _("Delete the section “%(title)s”?") % {"title": found.title},
    text=gettext_lazy(
        "The section, its units, their media and quizzes are deleted. This cannot be undone."
    ),
    button=gettext_lazy("Delete the section"),
    act=lambda found, by: authoring.section_delete(section=found, by=by),
    done=gettext_lazy("The section is deleted."),
    back=lambda found: _outline_url(found.run),
)
unit_delete = _deletion(
    find=_unit,
    title=lambda found: _("Delete the unit “%(title)s”?") % {"title": found.title},
    text=gettext_lazy(
        "The unit, its lesson, media and quizzes are deleted. This cannot be undone."
    ),
    button=gettext_lazy("Delete the unit"),
    act=lambda found, by: authoring.unit_delete(unit=found, by=by),
    done=gettext_lazy("The unit is deleted."),
    back=lambda found: _outline_url(found.section.run),
)
media_remove = _deletion(
    find=_media,
    title=lambda found: _("Remove “%(title)s” from the unit?") % {"title": found.title},
    text=gettext_lazy("The medium is removed from the lesson. This cannot be undone."),
    button=gettext_lazy("Remove the medium"),
    act=lambda found, by: authoring.media_remove(media=found, by=by),
    done=gettext_lazy("The medium is removed."),
    back=lambda found: _unit_url(found.unit_id),
)
question_delete = _deletion(
    find=_question,
    title=lambda found: _("Delete this question?"),
    text=gettext_lazy("The question is deleted from the bank. This cannot be undone."),
    button=gettext_lazy("Delete the question"),
    act=lambda found, by: authoring.question_delete(question=found, by=by),
    done=gettext_lazy("The question is deleted."),
    back=lambda found: reverse("learning_authoring:bank", args=[found.bank_id]),
)
quiz_delete = _deletion(
    find=_quiz,
    title=lambda found: _("Delete the quiz “%(title)s”?") % {"title": found.title},
    text=gettext_lazy("The quiz is deleted; its question bank stays. This cannot be undone."),
    button=gettext_lazy("Delete the quiz"),
    act=lambda found, by: authoring.quiz_delete(quiz=found, by=by),
    done=gettext_lazy("The quiz is deleted."),
    back=lambda found: _unit_url(found.unit_id),
)


# --- the outline -----------------------------------------------------------------------------


@login_required
def outline(request, run_id: int):
    """The run's sections and units in order, with the forms that add, move and delete them."""
    run = _run(request, run_id)
    sections = list(
        Section.objects.filter(run=run)
        .order_by("position", "pk")
        .prefetch_related("units__quizzes")
    )
    rule = CompletionRule.objects.filter(run=run).first()
    return render(
        request,
        "learning/authoring/outline.html",
        {
            "run": run,
            "sections": sections,
            "banks": QuestionBank.objects.filter(run=run).prefetch_related("questions"),
            "section_form": SectionForm(),
            "unit_form": UnitForm(),
            "bank_form": BankForm(),
            "rule_form": CompletionRuleForm(
                initial={
                    "all_units_viewed": rule.all_units_viewed,
                    "quizzes_min_percent": rule.quizzes_min_percent,
                }
                if rule
                else None
            ),
            "rule": rule,
            "copy_form": CopyForm(runs=_other_runs(run)),
            "other_runs": _other_runs(run).exists(),
        },
    )


@login_required
@require_POST
def section_add(request, run_id: int):
    run = _run(request, run_id)
    form = SectionForm(request.POST)
    if form.is_valid():
        _attempt(
            request,
            lambda: authoring.section_create(
                run=run, title=form.cleaned_data["title"], by=request.user
            ),
            _("The section is added."),
        )
    else:
        messages.error(request, _("Give the section a title."))
    return redirect(_outline_url(run))


@login_required
@require_POST
def section_edit(request, pk: int):
    section = _section(request, pk)
    form = SectionForm(request.POST)
    if form.is_valid():
        _attempt(
            request,
            lambda: authoring.section_update(
                section=section, title=form.cleaned_data["title"], by=request.user
            ),
            _("The section is renamed."),
        )
    else:
        messages.error(request, _("Give the section a title."))
    return redirect(_outline_url(section.run))


@login_required
@require_POST
def section_move(request, pk: int):
    section = _section(request, pk)
    _attempt(
        request,
        lambda: authoring.section_move(
            section=section, direction=request.POST.get("direction", ""), by=request.user
        ),
        _("The section is moved."),
    )
    return redirect(_outline_url(section.run))


# --- units -----------------------------------------------------------------------------------


@login_required
@require_POST
def unit_add(request, pk: int):
    section = _section(request, pk)
    form = UnitForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the unit a title and its minutes of study."))
        return redirect(_outline_url(section.run))
    try:
        made = authoring.unit_create(section=section, by=request.user, **form.cleaned_data)
    except (ValidationError, PermissionDenied) as error:
        _report(request, error)
        return redirect(_outline_url(section.run))
    messages.success(request, _("The unit is added; write its lesson here."))
    return redirect("learning_authoring:unit", pk=made.pk)


@login_required
def unit_edit(request, pk: int):
    """The unit editor: title, minutes, lesson with a server-rendered preview, and media."""
    unit = _unit(request, pk)
    preview = None
    status = 200
    if request.method == "POST":
        form = UnitForm(request.POST)
        if form.is_valid():
            if "preview" in request.POST:
                preview = render_markdown(form.cleaned_data["body"])
            else:
                try:
                    authoring.unit_update(unit=unit, by=request.user, **form.cleaned_data)
                except ValidationError as error:
                    apply_service_errors(form, error)
                    status = 400
                else:
                    messages.success(request, _("The unit is saved."))
                    return redirect("learning_authoring:unit", pk=unit.pk)
        else:
            status = 400
    else:
        form = UnitForm(initial={"title": unit.title, "minutes": unit.minutes, "body": unit.body})
    return render(
        request,
        "learning/authoring/unit.html",
        {
            "unit": unit,
            "run": unit.section.run,
            "form": form,
            "preview": preview,
            "media": unit.media.all(),
            "media_form": MediaForm(),
            "quizzes": unit.quizzes.select_related("bank"),
        },
        status=status,
    )


@login_required
@require_POST
def unit_move(request, pk: int):
    unit = _unit(request, pk)
    _attempt(
        request,
        lambda: authoring.unit_move(
            unit=unit, direction=request.POST.get("direction", ""), by=request.user
        ),
        _("The unit is moved."),
    )
    return redirect(_outline_url(unit.section.run))


@login_required
def media_add(request, pk: int):
    unit = _unit(request, pk)
    form = MediaForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            authoring.media_add(unit=unit, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("The medium is added."))
            return redirect("learning_authoring:unit", pk=unit.pk)
    return render(
        request,
        "learning/authoring/media_form.html",
        {"unit": unit, "run": unit.section.run, "form": form},
        status=400 if request.method == "POST" else 200,
    )


# --- question banks and questions ------------------------------------------------------------


@login_required
@require_POST
def bank_add(request, run_id: int):
    run = _run(request, run_id)
    form = BankForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the question bank a title."))
        return redirect(_outline_url(run))
    made = authoring.bank_create(run=run, title=form.cleaned_data["title"], by=request.user)
    messages.success(request, _("The question bank is added; add its questions here."))
    return redirect("learning_authoring:bank", pk=made.pk)


@login_required
def bank(request, pk: int):
    """A bank's questions, its title, and links to add a question of each kind."""
    found = _bank(request, pk)
    form = BankForm(request.POST or None, initial={"title": found.title})
    if request.method == "POST" and form.is_valid():
        authoring.bank_update(bank=found, title=form.cleaned_data["title"], by=request.user)
        messages.success(request, _("The question bank is renamed."))
        return redirect("learning_authoring:bank", pk=found.pk)
    return render(
        request,
        "learning/authoring/bank.html",
        {
            "bank": found,
            "run": found.run,
            "form": form,
            "questions": found.questions.order_by("position", "pk"),
            "kinds": KIND_CHOICES,
        },
    )


def _question_page(request, *, bank: QuestionBank, kind: str, question: Question | None):
    form = QuestionForm(request.POST or None, kind=kind, question=question)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            fields = {
                "text": form.cleaned_data["text"],
                "points": form.cleaned_data["points"],
                "spec": form.spec(),
                "by": request.user,
            }
            try:
                if question is None:
                    authoring.question_create(bank=bank, kind=kind, **fields)
                else:
                    authoring.question_update(question=question, **fields)
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(request, _("The question is saved."))
                return redirect("learning_authoring:bank", pk=bank.pk)
    return render(
        request,
        "learning/authoring/question_form.html",
        {
            "bank": bank,
            "run": bank.run,
            "form": form,
            "question": question,
            "kind_label": dict(KIND_CHOICES)[kind],
        },
        status=status,
    )


@login_required
def question_add(request, pk: int):
    found = _bank(request, pk)
    kind = request.GET.get("kind") or request.POST.get("kind") or "single"
    if kind not in dict(KIND_CHOICES):
        kind = "single"
    return _question_page(request, bank=found, kind=kind, question=None)


@login_required
def question_edit(request, pk: int):
    question = _question(request, pk)
    return _question_page(request, bank=question.bank, kind=question.kind, question=question)


# --- quizzes ---------------------------------------------------------------------------------


def _quiz_page(request, *, unit: Unit, quiz: Quiz | None):
    run = unit.section.run
    initial = (
        {name: getattr(quiz, name) for name in authoring.QUIZ_FIELDS} if quiz is not None else None
    )
    form = QuizForm(
        request.POST or None, banks=QuestionBank.objects.filter(run=run), initial=initial
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                if quiz is None:
                    authoring.quiz_create(unit=unit, by=request.user, **form.cleaned_data)
                else:
                    authoring.quiz_update(quiz=quiz, by=request.user, **form.cleaned_data)
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(request, _("The quiz is saved."))
                return redirect("learning_authoring:unit", pk=unit.pk)
    return render(
        request,
        "learning/authoring/quiz_form.html",
        {"unit": unit, "run": run, "form": form, "quiz": quiz},
        status=status,
    )


@login_required
def quiz_add(request, pk: int):
    return _quiz_page(request, unit=_unit(request, pk), quiz=None)


@login_required
def quiz_edit(request, pk: int):
    quiz = _quiz(request, pk)
    return _quiz_page(request, unit=quiz.unit, quiz=quiz)


# --- the completion rule and copying ---------------------------------------------------------


@login_required
@require_POST
def completion_rule(request, run_id: int):
    run = _run(request, run_id)
    form = CompletionRuleForm(request.POST)
    if form.is_valid():
        _attempt(
            request,
            lambda: authoring.completion_rule_set(run=run, by=request.user, **form.cleaned_data),
            _("The completion rule is saved."),
        )
    else:
        messages.error(request, _("The mark must be from 0 to 100."))
    return redirect(_outline_url(run))


@login_required
@require_POST
def content_copy(request, run_id: int):
    run = _run(request, run_id)
    form = CopyForm(request.POST, runs=_other_runs(run))
    if not form.is_valid():
        messages.error(request, _("Choose another run of the course."))
        return redirect(_outline_url(run))
    target = form.cleaned_data["target"]
    if _attempt(
        request,
        lambda: authoring.content_copy(source=run, target=target, by=request.user),
        _("The content is copied to %(run)s.") % {"run": target.label},
    ):
        return redirect(_outline_url(target))
    return redirect(_outline_url(run))


# --- the gradebook ---------------------------------------------------------------------------


@login_required
@require_GET
def gradebook(request, run_id: int):
    run = _run(request, run_id)
    return render(
        request,
        "learning/authoring/gradebook.html",
        {"run": run, "book": gradebook_of(run)},
    )


@login_required
@require_GET
def gradebook_csv(request, run_id: int):
    run = _run(request, run_id)
    response = HttpResponse(
        gradebook_csv_of(gradebook_of(run)), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="gradebook-{run.course.code}-{run.pk}.csv"'
    )
    return response


@login_required
@require_POST
def extra_time(request, run_id: int, person_id: int):
    run = _run(request, run_id)
    enrolment = get_object_or_404(
        Enrolment.objects.select_related("person"), run=run, person_id=person_id
    )
    form = ExtraTimeForm(request.POST)
    if not form.is_valid():
        messages.error(
            request, _("Extra time runs from 0 to %(most)s %% of the time limit.") % {"most": 200}
        )
    else:
        _attempt(
            request,
            lambda: services.accommodation_set(
                run=run,
                person=enrolment.person,
                extra_time_percent=form.cleaned_data["extra_time_percent"],
                by=request.user,
            ),
            _("The extra time of %(name)s is saved.") % {"name": enrolment.person.display_name},
        )
    return redirect("learning_authoring:gradebook", run_id=run.pk)
