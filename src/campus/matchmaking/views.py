"""The page of experts for a challenge, linked from the challenge's page."""

from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _

from campus.research.expert_search import ExpertSearchError

from .selectors import challenge_for, experts_for_challenge


def challenge_experts(request, pk: int):
    challenge = challenge_for(request.user, pk)
    if challenge is None:  # missing, or a draft this reader may not see: the same answer
        raise Http404(_("No such challenge."))
    error = None
    matched = None
    try:
        matched = experts_for_challenge(request.user, challenge)
    except ExpertSearchError as refused:
        error = refused.message
    return render(
        request,
        "matchmaking/challenge_experts.html",
        {"challenge": challenge, "matched": matched, "error": error},
    )
