"""Reads of people."""

from django.db.models import Prefetch, Q

from campus.permissions import is_alliance_admin
from campus.skills.selectors import preferred_labels_prefetch

from .models import Affiliation, AffiliationState, ApiToken, Person, PersonSkill
from .permissions import COORDINATED_ROLES, ORGANISATION_DECIDED_ROLES, coordinates_any


def person_with_profile(pk: int) -> Person:
    """A person with everything their profile page shows, in a fixed number of queries."""
    return (
        Person.objects.select_related("institution", "organisation")
        .prefetch_related(
            "languages",
            Prefetch(
                "skills",
                queryset=PersonSkill.objects.select_related("skill").prefetch_related(
                    *preferred_labels_prefetch("skill")
                ),
            ),
        )
        .get(pk=pk)
    )


def person_roles(person: Person) -> list[str]:
    """The codes of the roles a person holds (granted affiliations only), in a stable order."""
    return sorted(person.role_codes)


def people_affiliations_prime(people: list[Person]) -> None:
    """Read the granted affiliations of many people in one query (for batch work)."""
    granted: dict[int, list[tuple]] = {p.pk: [] for p in people}
    for person_id, role, inst, org in Affiliation.objects.filter(
        person_id__in=list(granted), state=AffiliationState.GRANTED
    ).values_list("person_id", "role", "institution_id", "organisation_id"):
        granted[person_id].append((role, inst, org))
    for person in people:
        person.__dict__["granted_affiliations"] = tuple(granted[person.pk])


def person_affiliations(person: Person):
    """A person's affiliations in every state, newest first, with who decided."""
    return (
        Affiliation.objects.filter(person=person)
        .select_related("institution", "organisation", "decided_by")
        .order_by("-requested_at", "-pk")
    )


def _decidable_by(user, state: str):
    """The affiliations in ``state`` that ``user`` may decide (never their own)."""
    found = Affiliation.objects.filter(state=state).exclude(person_id=user.pk)
    if not is_alliance_admin(user):
        institutions = [
            i for role, i, _o in user.granted_affiliations if role == "coordinator" and i
        ]
        organisations = [
            o for role, _i, o in user.granted_affiliations if role == "stakeholder" and o
        ]
        scope = Q(role__in=COORDINATED_ROLES, institution_id__in=institutions)
        if coordinates_any(user):
            scope |= Q(role__in=ORGANISATION_DECIDED_ROLES, organisation__isnull=False)
        else:
            scope |= Q(role__in=ORGANISATION_DECIDED_ROLES, organisation_id__in=organisations)
        found = found.filter(scope)
    return found.select_related("person", "institution", "organisation", "decided_by").order_by(
        "requested_at", "pk"
    )


def affiliations_pending_for(user):
    """The requests waiting for this user's decision: the coordinator's queue."""
    return _decidable_by(user, AffiliationState.REQUESTED)


def affiliations_granted_for(user, *, query: str = ""):
    """The granted affiliations this user may revoke, optionally those of people whose name
    or e-mail address contains ``query``."""
    granted = _decidable_by(user, AffiliationState.GRANTED)
    query = query.strip()
    if query:
        granted = granted.filter(
            Q(person__display_name__icontains=query) | Q(person__email__icontains=query)
        )
    return granted


def may_decide_affiliations(user) -> bool:
    """Whether the user decides anyone's affiliations at all (the menu shows the queue)."""
    if not user.is_authenticated:
        return False
    return is_alliance_admin(user) or any(
        role in ("coordinator", "stakeholder") for role, _i, _o in user.granted_affiliations
    )


def person_tokens(person: Person):
    return ApiToken.objects.filter(person=person).order_by("-created_at")


def person_notifications(person: Person, *, limit: int = 50):
    """The newest notifications of a person."""
    from .models import Notification

    return Notification.objects.filter(person=person).order_by("-created_at", "-pk")[:limit]


def unread_notification_count(person: Person) -> int:
    from .models import Notification

    return Notification.objects.filter(person=person, read_at__isnull=True).count()
