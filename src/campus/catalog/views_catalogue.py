"""Pages of the public catalogue: search and filter courses, and one page per course."""

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import get_language, get_language_info
from django.utils.translation import gettext as _

from campus.alliance.models import Theme

from . import selectors_catalogue as selectors
from .forms_catalogue import CatalogueFilterForm
from .models import Audience, Course

COURSES_PER_PAGE = 20


def _language_name(code: str) -> str:
    try:
        return get_language_info(code)["name_translated"]
    except KeyError:
        return code


def _label(choices, value: str) -> str:
    try:
        return choices(value).label
    except ValueError:
        return value


def _decorate(course: Course, language: str) -> None:
    """Values the templates show in the reader's language."""
    course.display_title = course.title_in(language)
    course.language_names = [_language_name(code) for code in course.languages]


def _other_title(course: Course) -> tuple[str, str] | None:
    """The course's title in its other language, with that language's code, when it has one."""
    if course.display_title != course.title:
        return course.title, "en"
    if course.title_local and course.title_local != course.title:
        return course.title_local, course.local_language
    return None


def catalogue(request):
    """Search the joint catalogue by words and filters, 20 courses a page."""
    form = CatalogueFilterForm(request.GET or None)
    courses = selectors.courses_filter(**form.filters())
    page = Paginator(courses, COURSES_PER_PAGE).get_page(request.GET.get("page"))
    language = get_language()
    for course in page.object_list:
        _decorate(course, language)
        course.next_run = course.upcoming_runs[0] if course.upcoming_runs else None
    context = {"form": form, "page_obj": page, "count": page.paginator.count}
    if request.htmx:
        return render(request, "catalog/_catalogue_results.html", context)
    return render(request, "catalog/catalogue.html", context)


def course_detail(request, pk: int):
    """What a learner needs to decide: outcomes and skills, workload, credits, runs, places."""
    today = timezone.localdate()
    try:
        course = selectors.course_detail(pk, today=today)
    except Course.DoesNotExist:
        raise Http404(_("No such course in the catalogue.")) from None
    language = get_language()
    _decorate(course, language)
    course.display_description = course.description_in(language)
    context = {
        "course": course,
        "runs": [run for run in course.all_runs if not run.is_past],
        "past_runs": [run for run in course.all_runs if run.is_past],
        "themes": [_label(Theme, t) for t in course.themes],
        "audiences": [_label(Audience, a) for a in course.audience],
        "other_title": _other_title(course),
        "local_language_name": _language_name(course.local_language)
        if course.local_language
        else "",
        "today": today,
    }
    return render(request, "catalog/course_detail.html", context)
