"""Template tags of the learner's side: the state behind a run's enrol button."""

from django import template

from campus.catalog import selectors
from campus.catalog.models import ACTIVE_STATUSES, Enrolment
from campus.catalog.selectors import waitlist_position

register = template.Library()

_CACHE = "_catalog_records_enrolments"


def _active_enrolment(request, user, run) -> Enrolment | None:
    """The person's current enrolment in this run; one query per course and request."""
    cache = getattr(request, _CACHE, None) if request is not None else None
    if cache is None:
        cache = {}
        if request is not None:
            setattr(request, _CACHE, cache)
    if run.course_id not in cache:
        cache[run.course_id] = {
            e.run_id: e
            for e in Enrolment.objects.filter(
                person=user, run__course_id=run.course_id, status__in=ACTIVE_STATUSES
            )
        }
    return cache[run.course_id].get(run.pk)


@register.simple_tag(takes_context=True)
def enrol_state(context, run) -> dict:
    """What the enrol button of ``run`` shows to the signed-in user (or to a visitor).

    Gives ``signed_in``, ``enrolment`` (current, or None) with ``position`` on the waiting
    list, ``reasons`` why enrolling is not possible now, ``places_left``, ``full``,
    ``waitlist`` and ``course_url``. Uses the run's ``places_left`` annotation when the
    course page's selector made one.
    """
    request = context.get("request")
    user = context.get("user") or getattr(request, "user", None)
    left = getattr(run, "places_left", None)
    if not isinstance(left, int):
        left = selectors.places_left(run)
    state = {
        "signed_in": bool(user and user.is_authenticated),
        "enrolment": None,
        "position": None,
        "reasons": [],
        "places_left": left,
        "full": left <= 0,
        "waitlist": run.waitlist,
        "course_url": run.course.get_absolute_url(),
    }
    if not state["signed_in"]:
        return state
    enrolment = _active_enrolment(request, user, run)
    if enrolment is not None:
        state["enrolment"] = enrolment
        state["position"] = waitlist_position(enrolment)
    else:
        state["reasons"] = selectors.enrolment_blockers(run=run, person=user)
    return state
