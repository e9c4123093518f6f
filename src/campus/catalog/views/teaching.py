"""Pages for lecturers and coordinators: my teaching, a run's participants and results
(one by one or by CSV, previewed), course and run forms, the catalogue's CSV import and
export, and the personal iCalendar feed."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from campus.alliance.models import normalise_erasmus_code
from campus.inputs.confirmation import Confirmation, confirm_first
from campus.permissions import Action, can, require
from campus.service_errors import apply_service_errors

from .. import csv_io, ical, selectors, services
from ..forms.teaching import CourseForm, ResultForm, RunForm, UploadForm
from ..models import Course, Enrolment, EnrolmentStatus, Run

COURSES_PER_PAGE = 50
# Participants still to be given a result: a run with any of them cannot be closed.
WITHOUT_RESULT = (EnrolmentStatus.ENROLLED, EnrolmentStatus.APPLIED)


def _csv_response(text: str, filename: str) -> HttpResponse:
    response = HttpResponse(text, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# --- my teaching ---------------------------------------------------------------------------


@login_required
def teaching_home(request):
    """The runs I teach (current, then closed) and the courses my institution hosts."""
    person = request.user
    runs = list(selectors.runs_taught(person))
    courses = Paginator(selectors.courses_coordinated(person), COURSES_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "catalog/teaching/home.html",
        {
            "current_runs": [r for r in runs if r.closed_at is None],
            "past_runs": [r for r in runs if r.closed_at is not None],
            "page_obj": courses,
            "may_add_course": can(person, Action.CREATE, Course),
            "calendar_url": selectors.calendar_feed_url(person, request),
            "today": timezone.localdate(),
        },
    )


# --- a run: participants and results -------------------------------------------------------


def _run(request, pk: int, action: str = Action.VIEW) -> Run:
    try:
        run = selectors.run_for_teaching(pk)
    except Run.DoesNotExist:
        raise Http404(_("No such run.")) from None
    require(request.user, action, run)
    return run


def _result_form(run: Run, enrolment: Enrolment, data=None) -> ResultForm:
    initial = {
        "ects_grade": enrolment.ects_grade,
        "local_grade": enrolment.local_grade,
        "ects_earned": "" if enrolment.ects_earned is None else format(enrolment.ects_earned, "f"),
        "result_date": enrolment.result_date,
    }
    return ResultForm(data, prefix=f"r{enrolment.pk}", initial=initial, course_ects=run.course.ects)


def _run_page(request, run: Run, *, bound: dict | None = None, preview=None, status=200):
    participants = selectors.run_participants(run)
    may_assess = can(request.user, Action.ASSESS, run) and run.closed_at is None
    bound = bound or {}
    rows = [
        {
            "participant": p,
            "form": (
                (bound.get(p.enrolment.pk) or _result_form(run, p.enrolment))
                if may_assess and p.position is None
                else None
            ),
        }
        for p in participants
    ]
    context = {
        "run": run,
        "course": run.course,
        "rows": rows,
        "may_assess": may_assess,
        "may_change": can(request.user, Action.CHANGE, run),
        # the service refuses to close while these wait for a result; the button says so
        "without_result": sum(p.enrolment.status in WITHOUT_RESULT for p in participants),
        "upload_form": preview["form"] if preview else UploadForm(),
        "preview": preview,
    }
    return render(request, "catalog/teaching/run.html", context, status=status)


@login_required
@require_GET
def run_detail(request, pk: int):
    """A run's participants with a result form for each, the results upload and closing."""
    return _run_page(request, _run(request, pk))


@login_required
@require_POST
def run_result(request, pk: int):
    """Record one participant's result."""
    run = _run(request, pk, Action.ASSESS)
    try:
        enrolment = run.enrolments.select_related("person").get(pk=request.POST.get("enrolment"))
    except (Enrolment.DoesNotExist, ValueError):
        raise Http404(_("No such participant in this run.")) from None
    form = _result_form(run, enrolment, request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.result_record(
                enrolment=enrolment,
                by=request.user,
                ects_grade=data["ects_grade"],
                local_grade=data["local_grade"],
                ects_earned=data["ects_earned"],
                result_date=data["result_date"],
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(
                request,
                _("The result of %(name)s is saved.") % {"name": enrolment.person.display_name},
            )
            return redirect(f"{reverse('catalog:run', args=[run.pk])}#p-{enrolment.pk}")
    return _run_page(request, run, bound={enrolment.pk: form}, status=400)


@login_required
@require_POST
def run_results_upload(request, pk: int):
    """Results from a CSV file: first a preview of every row, then (confirmed) all at once."""
    run = _run(request, pk, Action.ASSESS)
    form = UploadForm(request.POST, request.FILES)
    preview = {"form": form, "rows": [], "errors": [], "ignored": [], "content": ""}
    if not form.is_valid():
        return _run_page(request, run, preview=preview, status=400)
    text = form.cleaned_data["text"]
    parsed = csv_io.results_parse(text, run=run)
    preview.update(errors=parsed.errors, ignored=parsed.ignored, rows=parsed.rows)
    if parsed.errors:
        return _run_page(request, run, preview=preview, status=400)
    confirm = "confirm" in request.POST
    try:
        services.results_record_all(run=run, by=request.user, rows=parsed.rows, dry_run=not confirm)
    except services.RowErrors as error:
        for row in parsed.rows:
            row.errors = error.rows.get(row.row, [])
        preview["has_errors"] = True
        return _run_page(request, run, preview=preview, status=400)
    except ValidationError as error:
        preview["errors"] = error.messages
        return _run_page(request, run, preview=preview, status=400)
    if confirm:
        messages.success(request, _("%(n)s results are saved.") % {"n": len(parsed.rows)})
        return redirect("catalog:run", pk=run.pk)
    preview["content"] = UploadForm.encode(text)
    return _run_page(request, run, preview=preview)


def _close_confirmation(request, pk: int) -> Confirmation | None:
    """What closing a run does, asked before it is done."""
    run = _run(request, pk, Action.ASSESS)
    if run.closed_at is not None or run.enrolments.filter(status__in=WITHOUT_RESULT).exists():
        return None  # it cannot be closed now: the service says why
    waiting = run.enrolments.filter(status=EnrolmentStatus.WAITLISTED).count()
    consequences = [_("Results can no longer be recorded or changed.")]
    if waiting:
        consequences.append(
            ngettext(
                "%(n)s person on the waiting list loses their place.",
                "%(n)s people on the waiting list lose their place.",
                waiting,
            )
            % {"n": waiting}
        )
    return Confirmation(
        title=_("Close the run “%(course)s — %(run)s”?")
        % {"course": run.course.title, "run": run.label},
        text=_("Closing a run is final: it cannot be opened again."),
        consequences=consequences,
        button=_("Close the run"),
        cancel_url=reverse("catalog:run", args=[run.pk]),
    )


@login_required
@confirm_first(_close_confirmation)
def run_close(request, pk: int):
    """Close the run, once every participant has a result (asked first: it is final)."""
    run = _run(request, pk, Action.ASSESS)
    try:
        services.run_close(run=run, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The run is closed."))
    return redirect("catalog:run", pk=run.pk)


@login_required
@require_GET
def run_participants_csv(request, pk: int):
    run = _run(request, pk)
    text = csv_io.participants_export(selectors.run_participants(run))
    return _csv_response(text, f"participants-{run.course.code}-{run.pk}.csv")


# --- courses and runs ----------------------------------------------------------------------


def _course(pk: int) -> Course:
    try:
        return Course.objects.prefetch_related("hosts").get(pk=pk)
    except Course.DoesNotExist:
        raise Http404(_("No such course.")) from None


@login_required
def course_add(request):
    require(request.user, Action.CREATE, Course)
    form = CourseForm(request.POST or None, by=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            course = services.course_create(by=request.user, **form.service_arguments())
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("The course %(code)s is added.") % {"code": course.code})
            return redirect("catalog:run_add", pk=course.pk)
    return render(
        request,
        "catalog/teaching/course_form.html",
        {"form": form, "course": None},
        status=400 if form.errors else 200,
    )


@login_required
def course_edit(request, pk: int):
    course = _course(pk)
    require(request.user, Action.CHANGE, course)
    form = CourseForm(request.POST or None, by=request.user, course=course)
    if request.method == "POST" and form.is_valid():
        try:
            services.course_update(course=course, by=request.user, **form.service_arguments())
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("The course %(code)s is saved.") % {"code": course.code})
            return redirect("catalog:teaching")
    return render(
        request,
        "catalog/teaching/course_form.html",
        {"form": form, "course": course},
        status=400 if form.errors else 200,
    )


@login_required
def run_add(request, pk: int):
    course = _course(pk)
    require(request.user, Action.CHANGE, course)
    form = RunForm(request.POST or None, course=course)
    if request.method == "POST" and form.is_valid():
        try:
            run = services.run_create(course=course, by=request.user, **form.service_arguments())
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("The run %(label)s is added.") % {"label": run.label})
            return redirect("catalog:run", pk=run.pk)
    return render(
        request,
        "catalog/teaching/run_form.html",
        {"form": form, "course": course, "run": None},
        status=400 if form.errors else 200,
    )


@login_required
def run_edit(request, pk: int):
    run = _run(request, pk, Action.CHANGE)
    form = RunForm(request.POST or None, course=run.course, run=run)
    if request.method == "POST" and form.is_valid():
        try:
            services.run_update(run=run, by=request.user, **form.service_arguments())
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("The run %(label)s is saved.") % {"label": run.label})
            return redirect("catalog:run", pk=run.pk)
    return render(
        request,
        "catalog/teaching/run_form.html",
        {"form": form, "course": run.course, "run": run},
        status=400 if form.errors else 200,
    )


# --- the catalogue as CSV ------------------------------------------------------------------


@login_required
@require_GET
def catalogue_export(request):
    """The courses I manage as CSV (?institution=<Erasmus code> for one host only)."""
    require(request.user, Action.CREATE, Course)
    courses = selectors.courses_coordinated(request.user)
    code = request.GET.get("institution", "").strip()
    filename = "catalogue.csv"
    if code:
        courses = courses.filter(hosts__code_key=normalise_erasmus_code(code)).distinct()
        filename = f"catalogue-{normalise_erasmus_code(code).replace(' ', '-')}.csv"
    return _csv_response(csv_io.catalogue_export(courses), filename)


@login_required
def catalogue_import(request):
    """Courses from a CSV file: a preview of what is created, updated or wrong, then all."""
    require(request.user, Action.CREATE, Course)
    form = UploadForm(request.POST or None, request.FILES or None)
    context = {
        "form": form,
        "rows": [],
        "errors": [],
        "ignored": [],
        "content": "",
        "export_url": reverse("catalog:catalogue_export"),
    }
    if request.method != "POST":
        return render(request, "catalog/teaching/import.html", context)
    if not form.is_valid():
        return render(request, "catalog/teaching/import.html", context, status=400)
    text = form.cleaned_data["text"]
    parsed = csv_io.catalogue_parse(text, by=request.user)
    context.update(errors=parsed.errors, ignored=parsed.ignored, rows=parsed.rows)
    if parsed.errors:
        return render(request, "catalog/teaching/import.html", context, status=400)
    confirm = "confirm" in request.POST
    try:
        services.catalogue_import(by=request.user, rows=parsed.rows, dry_run=not confirm)
    except services.RowErrors as error:
        for row in parsed.rows:
            row.errors = error.rows.get(row.row, [])
        context["has_errors"] = True
        return render(request, "catalog/teaching/import.html", context, status=400)
    except ValidationError as error:
        context["errors"] = error.messages
        return render(request, "catalog/teaching/import.html", context, status=400)
    if confirm:
        created = sum(1 for r in parsed.rows if r.action == "create")
        messages.success(
            request,
            _("The catalogue is imported: %(created)s courses added, %(updated)s updated.")
            % {"created": created, "updated": len(parsed.rows) - created},
        )
        return redirect("catalog:teaching")
    context["content"] = UploadForm.encode(text)
    context["creates"] = sum(1 for r in parsed.rows if r.action == "create")
    context["updates"] = len(parsed.rows) - context["creates"]
    return render(request, "catalog/teaching/import.html", context)


# --- the calendar feed ---------------------------------------------------------------------


@require_GET
def calendar_feed(request, token: str):
    """A person's runs as iCalendar, at an address that needs no session (the token is it)."""
    person = selectors.calendar_person(token)
    if person is None:
        raise Http404(_("No such calendar."))
    events = selectors.calendar_run_events(person, absolute=request.build_absolute_uri)
    text = ical.calendar(
        events,
        name=_("HEROES campus: %(name)s") % {"name": person.display_name},
        stamp=timezone.now(),
    )
    response = HttpResponse(text, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="heroes-campus.ics"'
    return response
