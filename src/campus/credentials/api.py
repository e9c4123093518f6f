"""Credentials in /api/v1: the holder's credentials, shared credentials as JSON-LD,
verification for anyone, and status changes for issuers."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any
from uuid import UUID

from django.http import HttpResponse
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from ninja.errors import HttpError

from campus.inputs.json_limits import JsonRefused, json_loads_bounded
from campus.inputs.refusals import json_refusal_message
from campus.people.auth import public_auth
from campus.people.schemas import ErrorOut
from campus.permissions import Action, can

from . import selectors, services
from .models import Credential, VerificationChannel
from .verification import verify

router = Router(tags=["credentials"])
MAX_BODY = 2 * 1024 * 1024


class CheckOut(Schema):
    check: str
    ok: bool
    message: str


class VerificationOut(Schema):
    verified: bool
    checks: list[CheckOut]


class CredentialItemOut(Schema):
    id: UUID
    title: str
    issuer: str
    issued_at: datetime
    state: str
    status_reason: str
    shared: bool
    url: str
    credential: dict[str, Any]


class ReasonIn(Schema):
    reason: str


class ShareIn(Schema):
    shared: bool


def _item(request, credential: Credential) -> dict:
    return {
        "id": credential.uid,
        "title": credential.achievement.title,
        "issuer": credential.issuer.name,
        "issued_at": credential.issued_at,
        "state": credential.state,
        "status_reason": credential.status_reason,
        "shared": credential.shared,
        "url": request.build_absolute_uri(credential.get_absolute_url()),
        "credential": credential.document,
    }


def _credential(uid: UUID, user) -> Credential:
    credential = selectors.credential_by_uid(uid)
    if credential is None or not (credential.shared or can(user, Action.VIEW, credential)):
        raise HttpError(404, _("No shared credential has this id."))
    return credential


@router.get(
    "/me/credentials",
    response={200: list[CredentialItemOut], 401: ErrorOut},
    summary="My credentials",
    description="Every credential of the signed-in holder, each with the full signed JSON.",
)
def my_credentials(request):
    return [_item(request, c) for c in selectors.held_by(request.auth)]


@router.post(
    "/credentials/verify",
    response={200: VerificationOut, 400: ErrorOut, 413: ErrorOut, 422: ErrorOut},
    auth=None,
    summary="Verify a credential",
    description=(
        "Send a Verifiable Credential (Open Badges 3.0 or another VC with an "
        "eddsa-rdfc-2022, eddsa-2022 or Ed25519Signature2020 proof) as the request body. "
        "The answer lists each check (shape, contexts, proof, issuer, status, validity) "
        "in plain words; `verified` is true only when all pass."
    ),
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": {"type": "object"}}},
        }
    },
)
def verify_credential(request):
    try:
        document = json_loads_bounded(request.body or b"", max_bytes=MAX_BODY)
    except JsonRefused as error:
        status = 413 if error.reason == "too_large" else 400
        return Status(status, {"detail": json_refusal_message(error)})
    if not isinstance(document, dict):
        return Status(422, {"detail": _("A credential is a JSON object; this body is not one.")})
    if "@context" not in document or "type" not in document:
        return Status(
            422,
            {
                "detail": _(
                    "This JSON object is not a Verifiable Credential: it has no @context or type."
                )
            },
        )
    result = verify(document)
    services.verification_record(document=document, result=result, channel=VerificationChannel.API)
    return Status(200, result.as_dict())


@router.get(
    "/credentials/{credential_id}",
    response={200: dict[str, Any], 404: ErrorOut},
    auth=public_auth,
    summary="One credential as JSON-LD",
    description="A shared credential (or one of yours) exactly as signed, as JSON-LD.",
)
def credential(request, credential_id: UUID):
    found = _credential(credential_id, request.auth)
    return HttpResponse(
        json.dumps(found.document, ensure_ascii=False), content_type="application/ld+json"
    )


def _status_change(change, request, credential_id: UUID, payload: ReasonIn):
    found = selectors.credential_by_uid(credential_id)
    if found is None or not can(request.auth, Action.VIEW, found):
        raise HttpError(404, _("No credential you can see has this id."))
    changed = change(credential=found, by=request.auth, reason=payload.reason)
    return Status(200, _item(request, changed))


STATUS_ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


def _status_route(verb: str, change, summary: str) -> None:
    def operation(request, credential_id: UUID, payload: ReasonIn):
        return _status_change(change, request, credential_id, payload)

    operation.__name__ = verb
    router.post(
        f"/credentials/{{credential_id}}/{verb}",
        response={200: CredentialItemOut, **STATUS_ERRORS},
        summary=summary,
        operation_id=f"campus_credentials_api_{verb}",
    )(operation)


_status_route("revoke", services.credential_revoke, "Revoke a credential (issuers)")
_status_route("suspend", services.credential_suspend, "Suspend a credential (issuers)")
_status_route(
    "reinstate", services.credential_reinstate, "Reinstate a suspended credential (issuers)"
)


@router.post(
    "/credentials/{credential_id}/share",
    response={200: CredentialItemOut, **STATUS_ERRORS},
    summary="Share or stop sharing one of my credentials",
)
def share(request, credential_id: UUID, payload: ShareIn):
    found = selectors.credential_by_uid(credential_id)
    if found is None or found.person_id != request.auth.pk:
        raise HttpError(404, _("You hold no credential with this id."))
    shared = services.credential_share(credential=found, by=request.auth, shared=payload.shared)
    return Status(200, _item(request, shared))
