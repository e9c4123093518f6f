"""Reads of people."""

from django.db.models import Prefetch

from .models import ApiToken, Person, PersonSkill


def person_with_profile(pk: int) -> Person:
    """A person with everything their profile page shows, in a fixed number of queries."""
    return (
        Person.objects.select_related("institution", "organisation")
        .prefetch_related(
            "role_grants",
            "languages",
            Prefetch("skills", queryset=PersonSkill.objects.select_related("skill")),
        )
        .get(pk=pk)
    )


def person_roles(person: Person) -> list[str]:
    """Role codes in a stable order, using prefetched grants when present."""
    return sorted(g.role for g in person.role_grants.all())


def person_tokens(person: Person):
    return ApiToken.objects.filter(person=person).order_by("-created_at")


def person_notifications(person: Person, *, limit: int = 50):
    """The newest notifications of a person."""
    from .models import Notification

    return Notification.objects.filter(person=person).order_by("-created_at", "-pk")[:limit]


def unread_notification_count(person: Person) -> int:
    from .models import Notification

    return Notification.objects.filter(person=person, read_at__isnull=True).count()
