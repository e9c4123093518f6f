"""The pages of experts for a challenge and for a research agenda, linked from their pages."""

from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _

from campus.research.expert_search import ExpertSearchError

from .selectors import agenda_for, challenge_for, experts_for_agenda, experts_for_challenge


def _matched(experts_for, user, subject) -> dict:
    """The match for the page, or the finder's refusal as a message."""
    try:
        return {"matched": experts_for(user, subject), "error": None}
    except ExpertSearchError as refused:
        return {"matched": None, "error": refused.message}


def challenge_experts(request, pk: int):
    challenge = challenge_for(request.user, pk)
    if challenge is None:  # missing, or a draft this reader may not see: the same answer
        raise Http404(_("No such challenge."))
    return render(
        request,
        "matchmaking/challenge_experts.html",
        {"challenge": challenge, **_matched(experts_for_challenge, request.user, challenge)},
    )


def agenda_experts(request, pk: int):
    agenda = agenda_for(pk)
    if agenda is None:
        raise Http404(_("No such research agenda."))
    return render(
        request,
        "matchmaking/agenda_experts.html",
        {"agenda": agenda, **_matched(experts_for_agenda, request.user, agenda)},
    )
