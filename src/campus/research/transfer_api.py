"""Knowledge-transfer requests in /api/v1/research/requests: a stakeholder asks, the experts
addressed accept or decline, the one who took it answers, the stakeholder rates or withdraws.
A request the caller may not read does not exist for them (404)."""

from typing import Literal

from django.utils.translation import gettext as _
from ninja import Router, Status
from ninja.errors import HttpError

from campus.inputs.pagination import limit_query, offset_query
from campus.people.schemas import ErrorOut

from . import transfer, transfer_selectors
from .transfer_models import TransferRequest
from .transfer_schemas import (
    TransferAnswerIn,
    TransferDeclineIn,
    TransferIn,
    TransferOut,
    TransferRateIn,
)

router = Router(tags=["research"])
READ_ERRORS = {401: ErrorOut, 404: ErrorOut}
WRITE_ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


def _out(found: TransferRequest) -> dict:
    return {
        "id": found.pk,
        "title": found.title,
        "question": found.question,
        "state": found.state,
        "stakeholder": found.stakeholder.display_name,
        "organisation": found.organisation.name,
        "region": found.organisation.region.code,
        "topics": [t.slug for t in found.topics.all()],
        "skills": [s.uri for s in found.skills.all()],
        "wished_by": found.wished_by,
        "chosen": found.chosen,
        "expert_id": found.expert_id,
        "answer": found.answer,
        "answer_link": found.answer_link,
        "rating": found.rating,
        "rating_comment": found.rating_comment,
        "created_at": found.created_at,
        "invitations": [
            {
                "expert_id": i.profile_id,
                "name": i.profile.person.display_name,
                "state": i.state,
                "reason": i.reason,
                "matched_skills": list(i.match.get("skills", [])),
                "matched_topics": list(i.match.get("topics", [])),
            }
            for i in found.invitations.all()
        ],
    }


def _readable(request, request_id: int) -> TransferRequest:
    found = transfer_selectors.transfer_for(request.auth, request_id)
    if found is None:
        raise HttpError(
            404,
            _("There is no knowledge-transfer request with the id %(id)s.") % {"id": request_id},
        )
    return found


def _fresh(request, found: TransferRequest) -> dict:
    return _out(transfer_selectors.transfer_for(request.auth, found.pk))


@router.post(
    "/research/requests",
    response={201: TransferOut, **WRITE_ERRORS},
    summary="Ask an expert, or the best-matching experts, a question",
    description="Needs a granted stakeholder affiliation with an organisation (else 403).",
)
def transfer_create(request, payload: TransferIn):
    created = transfer.transfer_request_create(by=request.auth, **payload.dict())
    return Status(201, _fresh(request, created))


@router.get(
    "/research/requests",
    response={200: list[TransferOut], 401: ErrorOut},
    summary="My requests: those I asked and those addressed to me",
    description="role=asked: those I asked; role=addressed: those addressed to me as an expert.",
)
def transfers(
    request,
    role: Literal["", "asked", "addressed"] = "",
    limit: int = limit_query(),
    offset: int = offset_query(),
):
    found = transfer_selectors.transfers_of(request.auth, role)
    return [_out(r) for r in found[offset : offset + limit]]


@router.get(
    "/research/requests/{request_id}",
    response={200: TransferOut, **READ_ERRORS},
    summary="One request (its stakeholder and the experts addressed)",
)
def transfer_get(request, request_id: int):
    return _out(_readable(request, request_id))


@router.post(
    "/research/requests/{request_id}/accept",
    response={200: TransferOut, **WRITE_ERRORS},
    summary="Take a request addressed to me (the first expert to accept takes it)",
)
def transfer_accept(request, request_id: int):
    found = transfer.transfer_accept(request=_readable(request, request_id), by=request.auth)
    return _fresh(request, found)


@router.post(
    "/research/requests/{request_id}/decline",
    response={200: TransferOut, **WRITE_ERRORS},
    summary="Decline a request addressed to me, with an optional reason",
)
def transfer_decline(request, request_id: int, payload: TransferDeclineIn):
    found = transfer.transfer_decline(
        request=_readable(request, request_id), by=request.auth, reason=payload.reason
    )
    return _fresh(request, found)


@router.post(
    "/research/requests/{request_id}/answer",
    response={200: TransferOut, **WRITE_ERRORS},
    summary="Answer a request I took",
)
def transfer_answer(request, request_id: int, payload: TransferAnswerIn):
    found = transfer.transfer_answer(
        request=_readable(request, request_id),
        by=request.auth,
        answer=payload.answer,
        link=payload.link,
    )
    return _fresh(request, found)


@router.post(
    "/research/requests/{request_id}/rate",
    response={200: TransferOut, **WRITE_ERRORS},
    summary="Rate the answer to my request, 1 to 5",
)
def transfer_rate(request, request_id: int, payload: TransferRateIn):
    found = transfer.transfer_rate(
        request=_readable(request, request_id),
        by=request.auth,
        rating=payload.rating,
        comment=payload.comment,
    )
    return _fresh(request, found)


@router.post(
    "/research/requests/{request_id}/withdraw",
    response={200: TransferOut, **WRITE_ERRORS},
    summary="Withdraw my request before it is answered",
)
def transfer_withdraw(request, request_id: int):
    found = transfer.transfer_withdraw(request=_readable(request, request_id), by=request.auth)
    return _fresh(request, found)
