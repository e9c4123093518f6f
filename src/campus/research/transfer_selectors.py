"""Reads of knowledge transfer. A request is read by the person who asked, the experts it was
addressed to and alliance administrators; to anybody else it does not exist (404)."""

from django.db.models import Prefetch, Q, QuerySet

from campus.permissions import is_alliance_admin

from .models import ResearchEvent, Topic
from .selectors import _skills_queryset
from .transfer_models import InvitationState, TransferInvitation, TransferRequest


def _with_details(found: QuerySet[TransferRequest]) -> QuerySet[TransferRequest]:
    return found.select_related(
        "stakeholder", "organisation", "organisation__region", "expert", "expert__person"
    ).prefetch_related(
        Prefetch("topics", queryset=Topic.objects.order_by("slug")),
        Prefetch("skills", queryset=_skills_queryset()),
        Prefetch(
            "invitations",
            queryset=TransferInvitation.objects.select_related(
                "profile", "profile__person", "profile__person__institution"
            ).order_by("pk"),
        ),
    )


def transfers_readable_by(user) -> QuerySet[TransferRequest]:
    if not (user and user.is_authenticated):
        return TransferRequest.objects.none()
    if is_alliance_admin(user):
        return TransferRequest.objects.all()
    return TransferRequest.objects.filter(
        Q(stakeholder_id=user.pk) | Q(invitations__profile__person_id=user.pk)
    ).distinct()


def transfer_for(user, pk: int) -> TransferRequest | None:
    """One request with what its page shows, or None when ``user`` may not read it."""
    return _with_details(transfers_readable_by(user).filter(pk=pk)).first()


def transfers_asked_by(user) -> QuerySet[TransferRequest]:
    """Every request the person asked, in every state, newest first."""
    return _with_details(TransferRequest.objects.filter(stakeholder_id=user.pk)).order_by(
        "-created_at", "-pk"
    )


def invitations_to(user) -> QuerySet[TransferInvitation]:
    """The invitations of the person as an expert: waiting ones first, then newest first."""
    return (
        TransferInvitation.objects.filter(profile__person_id=user.pk)
        .select_related("request", "request__organisation", "request__stakeholder")
        .order_by("-request__created_at", "-pk")
    )


def invitation_of(request: TransferRequest, user) -> TransferInvitation | None:
    if not user.is_authenticated:
        return None
    for invitation in request.invitations.all():  # prefetched
        if invitation.profile.person_id == user.pk:
            return invitation
    return None


def transfer_history(request: TransferRequest) -> QuerySet[ResearchEvent]:
    return (
        ResearchEvent.objects.filter(transfer=request).select_related("actor").order_by("at", "pk")
    )


def transfers_of(user, role: str = "") -> QuerySet[TransferRequest]:
    """The requests a person asked (role "asked"), was addressed (role "addressed"), or both."""
    asked = Q(stakeholder_id=user.pk)
    addressed = Q(invitations__profile__person_id=user.pk)
    chosen = {"asked": asked, "addressed": addressed}.get(role, asked | addressed)
    found = TransferRequest.objects.filter(
        pk__in=TransferRequest.objects.filter(chosen).values("pk")
    )
    return _with_details(found).order_by("-created_at", "-pk")


def waiting_count(user) -> int:
    return TransferInvitation.objects.filter(
        profile__person_id=user.pk, state=InvitationState.INVITED
    ).count()
