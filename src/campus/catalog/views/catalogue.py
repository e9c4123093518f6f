"""Pages of the public catalogue: search and filter courses, and one page per course."""

from django.core.paginator import Page, Paginator
from django.http import Http404
from django.shortcuts import render
from django.template.defaultfilters import floatformat
from django.utils import timezone
from django.utils.translation import get_language, get_language_info, ngettext
from django.utils.translation import gettext as _

from campus.alliance.models import Theme
from campus.inputs.pagination import page_number
from campus.search.spelling import search_links

from .. import selectors
from ..forms.catalogue import CatalogueFilterForm
from ..models import Audience, Course, CourseType, Mode
from ..search import catalogue_spelling, catalogue_suggestions

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


def _decorate_card(course: Course, types: dict[str, str], modes: dict[str, str]) -> None:
    """What a card in the list shows, written here once rather than by template tags in a loop
    (same messages as the template's): ~0.2 ms a card."""
    course.type_label = types.get(course.type, course.type)
    course.mode_label = modes.get(course.mode, course.mode)
    course.ects_label = _("%(ects)s ECTS") % {"ects": floatformat(course.ects, "-1")}
    course.eqf_label = _("EQF %(level)s") % {"level": course.eqf_level}
    course.hosts_label = ", ".join(f"{h.short_name} ({h.country})" for h in course.hosts.all())
    course.next_run = course.upcoming_runs[0] if course.upcoming_runs else None
    if course.next_run:
        places = course.next_run.places_left
        course.places_label = ngettext(
            "%(places)s place left", "%(places)s places left", places
        ) % {"places": places}


def _other_title(course: Course) -> tuple[str, str] | None:
    """The course's title in its other language, with that language's code, when it has one."""
    if course.display_title != course.title:
        return course.title, "en"
    if course.title_local and course.title_local != course.title:
        return course.title_local, course.local_language
    return None


def _page(courses, number, *, total_in_page: bool) -> Page:
    """``Paginator(courses, 20).get_page(number)``, with the page and the total from one query
    when it can (``selectors.courses_page``): a number out of range gives the last page."""
    number = page_number(number)
    rows, total = selectors.courses_page(
        courses,
        offset=(number - 1) * COURSES_PER_PAGE,
        limit=COURSES_PER_PAGE,
        total_in_page=total_in_page,
    )
    paginator = Paginator(courses, COURSES_PER_PAGE)
    paginator.count = total  # a cached_property: the paginator never counts again
    if not rows and number > paginator.num_pages:
        number = paginator.num_pages
        rows, _total = selectors.courses_page(
            courses,
            offset=(number - 1) * COURSES_PER_PAGE,
            limit=COURSES_PER_PAGE,
            total_in_page=total_in_page,
        )
    return Page(rows, number, paginator)


def catalogue(request):
    """Search the joint catalogue by words and filters, 20 courses a page."""
    form = CatalogueFilterForm(request.GET or None)
    filters = form.filters()
    spelling = catalogue_spelling(filters.get("q"))
    if spelling.original:
        filters["q"] = spelling.query
    courses = selectors.courses_filter(**filters)
    page = _page(courses, request.GET.get("page"), total_in_page=selectors.total_in_page(filters))
    language = get_language()
    types = {value: str(label) for value, label in CourseType.choices}  # "online" is both
    modes = {value: str(label) for value, label in Mode.choices}
    for course in page.object_list:
        _decorate(course, language)
        _decorate_card(course, types, modes)
    context = {
        "form": form,
        "page_obj": page,
        "count": page.paginator.count,
        "spelling": spelling if page.paginator.count else None,
        "suggestions": search_links(request.GET, catalogue_suggestions(spelling.original))
        if spelling.original and not page.paginator.count
        else [],
    }
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
