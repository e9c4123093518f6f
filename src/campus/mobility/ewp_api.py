"""Learning agreements in the Erasmus Without Paper format, /api/v1/mobility/learning-agreements/…/ewp.

An ``omobility-las-get-response`` document (EWP Outgoing Mobility Learning Agreements API
1.2.0), checked against the EWP schema before it is sent (``ewp_io``): one agreement, several,
or a partner's document imported. Who may not see an agreement gets 404 for it (one) or
finds it left out (several), as EWP's own get endpoints do with unknown ids.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.utils.translation import gettext as _
from ninja import Router, Status
from ninja.errors import HttpError

from campus.people.schemas import ErrorOut

from . import ewp_io, selectors
from .ewp.xml import EwpXmlError
from .models import LearningAgreement

router = Router(tags=["mobility"])
MAX_IDS = 50
XML = "application/xml"
_XML_RESPONSE = {200: {"description": "omobility-las-get-response", "content": {XML: {}}}}


def _xml(data: bytes) -> HttpResponse:
    return HttpResponse(data, content_type=f"{XML}; charset=utf-8")


@router.get(
    "/mobility/learning-agreements/ewp",
    response={400: ErrorOut, 401: ErrorOut, 422: ErrorOut},
    openapi_extra={"responses": _XML_RESPONSE},
    summary="Several learning agreements as one EWP omobility-las-get-response",
    description=(
        f"`ids`: campus ids, comma-separated, at most {MAX_IDS}. Agreements the caller may not "
        "see, and those EWP may not show yet (not signed by the student and the sending "
        "institution), are left out."
    ),
)
def agreements_ewp(request, ids: str):
    wanted = [part.strip() for part in ids.split(",") if part.strip()]
    if not wanted or not all(part.isdigit() and len(part) < 12 for part in wanted):
        raise HttpError(400, _("Give the agreements' ids as numbers separated by commas."))
    if len(wanted) > MAX_IDS:
        raise HttpError(
            422, _("Ask for at most %(most)s agreements at a time.") % {"most": MAX_IDS}
        )
    found = selectors.agreements_detailed(request.auth).filter(pk__in=[int(i) for i in wanted])
    return _xml(ewp_io.agreements_xml(found.order_by("pk")))


@router.get(
    "/mobility/learning-agreements/{agreement_id}/ewp",
    response={401: ErrorOut, 404: ErrorOut, 409: ErrorOut},
    openapi_extra={"responses": _XML_RESPONSE},
    summary="One learning agreement as an EWP omobility-las-get-response",
    description=(
        "Its first version, approved changes and pending changes proposal with their "
        "signatures. 409 while EWP may not show it yet (the student and the sending "
        "institution have not both signed a version)."
    ),
)
def agreement_ewp(request, agreement_id: int):
    try:
        agreement = selectors.agreement_detail(agreement_id, request.auth)
    except LearningAgreement.DoesNotExist:
        raise HttpError(
            404, _("No learning agreement %(id)s that you may see.") % {"id": agreement_id}
        ) from None
    try:
        document = ewp_io.agreement_document(agreement)
    except ewp_io.NotInEwp as error:
        raise HttpError(409, str(error)) from None
    return _xml(ewp_io.documents_xml([document]))


@router.post(
    "/mobility/learning-agreements/ewp",
    response={201: list[int], 400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 422: ErrorOut},
    openapi_extra={
        "requestBody": {"required": True, "content": {XML: {"schema": {"type": "string"}}}}
    },
    summary="Import a partner's omobility-las-get-response (every agreement in it, or none)",
    description=(
        "The body is the XML document. It must validate against the EWP schema (400 names the "
        "failing elements); its institutions, by SCHAC code, and its students, by e-mail, must "
        "be on the campus, and the caller a coordinator of an institution of each agreement. "
        "Answers the new agreements' ids."
    ),
)
def agreements_ewp_import(request):
    try:
        made = ewp_io.agreements_import(request.body, by=request.auth)
    except EwpXmlError as error:
        raise HttpError(400, str(error)) from None
    except PermissionDenied as error:
        raise HttpError(403, str(error)) from None
    except ValidationError as error:
        raise HttpError(422, " ".join(error.messages)) from None
    return Status(201, [a.pk for a in made])
