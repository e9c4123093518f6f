from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from campus.alliance.selectors import alliance_summary
from campus.catalog import ical
from campus.catalog.selectors import calendar_person, calendar_token
from campus.learning.selectors import progress_of as learning_progress
from campus.skills.selectors import skill_count

from . import selectors


def home(request):
    """The campus's front page: what the alliance is, and where to go."""
    summary = {**alliance_summary(), "skills": skill_count()}
    return render(request, "web/home.html", {"summary": summary})


def personal_calendar_url(request) -> str:
    """The absolute, secret address of the signed-in person's calendar feed."""
    path = reverse("web:calendar", args=[calendar_token(request.user)])
    return request.build_absolute_uri(path)


@login_required
@require_GET
def dashboard(request):
    """The landing page after signing in: a section for each role the person holds."""
    board = selectors.dashboard(request.user)
    if board.learner is not None:
        # A run with a learning space shows the way in and how far the learner has come.
        spaces = {p.run.pk: p for p in learning_progress(request.user)}
        for enrolment in (*board.learner.current, *board.learner.upcoming):
            enrolment.learning = spaces.get(enrolment.run_id)
    return render(
        request,
        "web/dashboard.html",
        {
            "board": board,
            "calendar_url": personal_calendar_url(request),
            "today": timezone.localdate(),
        },
    )


@require_GET
def calendar_feed(request, token: str):
    """A person's runs and deadlines as iCalendar, at an address that needs no session (the
    token is the secret), for calendar apps to subscribe to."""
    person = calendar_person(token)
    if person is None:
        raise Http404(_("No such calendar."))
    # Calendar apps send no language of their own: the feed speaks the person's.
    with translation.override(person.language or translation.get_language()):
        text = ical.calendar(
            selectors.calendar_events(person, absolute=request.build_absolute_uri),
            name=_("HEROES campus: %(name)s") % {"name": person.display_name},
            stamp=timezone.now(),
        )
    response = HttpResponse(text, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="heroes-campus.ics"'
    return response


def csrf_failure(request, reason=""):
    """A form sent without its security token (an old tab, cookies blocked): the campus's own
    403 page in its layout, saying what to do, instead of Django's bare one (CSRF_FAILURE_VIEW)."""
    return render(request, "403_csrf.html", {"reason": reason}, status=403)
