"""What every change of a challenge shares: the row lock, the state machine with its audit
entry (ChallengeEvent), and who is told (notifications)."""

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from campus.people.models import Person, Role
from campus.people.services import notify
from campus.search.vocabulary import vocabulary_add, vocabulary_replace

from ..models import (
    Challenge,
    ChallengeEvent,
    ChallengeState,
    TeamMember,
)
from ..permissions import PUBLIC_STATES
from ..selectors import VOCABULARY

S = ChallengeState


# --- helpers ---------------------------------------------------------------------------------


def board_vocabulary_rebuild() -> int:
    """Make the board's vocabulary the words of the public challenges (search_index_rebuild)."""
    texts = Challenge.objects.filter(state__in=PUBLIC_STATES).values_list("title", "problem")
    return vocabulary_replace(VOCABULARY, (f"{t}\n{p}" for t, p in texts.iterator()))


def _url(name: str, pk: int) -> str:
    """The page of an object; empty while the challenge pages are not mounted."""
    try:
        return reverse(name, args=[pk])
    except NoReverseMatch:
        return ""


def _record(challenge: Challenge, by: Person, from_state: str, to_state: str, note: str = ""):
    event = ChallengeEvent(
        challenge=challenge, actor=by, from_state=from_state, to_state=to_state, note=note
    )
    event.full_clean()
    event.save()
    return event


def _lock(challenge: Challenge) -> Challenge:
    return (
        Challenge.objects.select_for_update()
        .select_related("organisation", "institution", "posted_by", "region")
        .get(pk=challenge.pk)
    )


def _state_label(state: str) -> str:
    return str(ChallengeState(state).label).lower()


def _require_state(challenge: Challenge, allowed: Iterable[str], doing: str) -> None:
    allowed = tuple(allowed)
    if challenge.state not in allowed:
        raise ValidationError(
            _("This challenge is %(state)s; it can be %(doing)s only when it is %(allowed)s.")
            % {
                "state": _state_label(challenge.state),
                "doing": doing,
                "allowed": _(" or ").join(_state_label(s) for s in allowed),
            }
        )


def _transition(
    challenge: Challenge, by: Person, to_state: str, note: str = "", **changes: Any
) -> Challenge:
    from_state = challenge.state
    challenge.state = to_state
    for field, value in changes.items():
        setattr(challenge, field, value)
    challenge.full_clean()
    challenge.save()
    if to_state in PUBLIC_STATES and from_state not in PUBLIC_STATES:
        # Public from now on: its words may correct and suggest the board's searches.
        vocabulary_add(VOCABULARY, [challenge.title, challenge.problem])
    _record(challenge, by, from_state, to_state, note)
    return challenge


def _coordinators(institution_id: int | None) -> list[Person]:
    if institution_id is None:
        return []
    return list(
        Person.objects.holding(Role.COORDINATOR).filter(
            institution_id=institution_id, is_active=True
        )
    )


def _stakeholders(challenge: Challenge) -> list[Person]:
    """The poster and the organisation's stakeholder representatives."""
    people = {challenge.posted_by_id: challenge.posted_by}
    for rep in Person.objects.holding(Role.STAKEHOLDER).filter(
        organisation_id=challenge.organisation_id, is_active=True
    ):
        people.setdefault(rep.pk, rep)
    return list(people.values())


def _tell(
    people: Iterable[Person],
    message: str,
    url: str = "",
    *,
    params: dict | None = None,
    skip: Person | None = None,
):
    """Notify each of these people once (in their own language: ``message`` is untranslated)."""
    for person in {p.pk: p for p in people}.values():
        if skip is None or person.pk != skip.pk:
            notify(person=person, message=message, url=url, params=params)


def _team_people(challenge: Challenge) -> list[Person]:
    return [
        m.person
        for m in TeamMember.objects.filter(team__challenge=challenge).select_related("person")
    ]
