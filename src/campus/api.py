"""The campus API, /api/v1: one NinjaAPI that mounts each app's router.

One error shape for everything: a JSON body with a ``detail`` message.
"""

import logging

from django.conf import settings
from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.signals import got_request_exception
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError
from ninja.errors import ValidationError as NinjaValidationError

from campus.alliance.api import router as alliance_router
from campus.catalog.api.catalogue import router as courses_router
from campus.catalog.api.records import router as records_router
from campus.catalog.api.teaching import router as teaching_router
from campus.challenges.api import router as challenges_router
from campus.credentials.api import router as credentials_router
from campus.impact.api import router as gap_router
from campus.impact.indicators_api import router as impact_router
from campus.inputs.refusals import too_large_message
from campus.learning.api import router as learning_router
from campus.learning.assignments_api import router as assignments_router
from campus.matchmaking.api import router as match_router
from campus.mobility.api import router as mobility_router
from campus.mobility.ewp_api import router as ewp_router
from campus.mobility.travel_api import router as travel_router
from campus.people.api import router as people_router
from campus.people.auth import api_auth
from campus.research.api import router as research_router
from campus.research.api_experts import router as experts_router
from campus.research.transfer_api import router as transfer_router
from campus.skills.api import router as skills_router

logger = logging.getLogger("django.request")
_ERROR_BODY = {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorOut"}}}


class CampusAPI(NinjaAPI):
    """The campus's NinjaAPI: its document also declares the answers that no operation
    writes itself: 400 for a control character in the address, a parameter or the body, 413
    for a body too large (both from ``campus.inputs.middleware``, before any operation runs),
    and 422 for a parameter or body that fails its schema (ninja's validation)."""

    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        for operations in schema["paths"].values():
            for operation in operations.values():
                responses = operation["responses"]
                # ninja keys responses by int status codes.
                responses.setdefault(400, {"description": "Bad Request", "content": _ERROR_BODY})
                if "requestBody" in operation:
                    responses.setdefault(
                        413, {"description": "Request Entity Too Large", "content": _ERROR_BODY}
                    )
                if "requestBody" in operation or operation.get("parameters"):
                    # ninja validates every parameter and body, and answers 422 when one fails.
                    responses.setdefault(
                        422, {"description": "Unprocessable Content", "content": _ERROR_BODY}
                    )
        return schema


api = CampusAPI(
    title="HEROES Virtual Campus API",
    version="1",
    description=(
        "The HEROES alliance's campus for machines. Sign in with the browser session "
        "(CSRF token required for writes) or send a personal token as "
        "`Authorization: Bearer <token>`; create tokens on your profile page."
    ),
    urls_namespace="api",
    auth=api_auth,
)


def validation_message(error: DjangoValidationError) -> str:
    if hasattr(error, "message_dict"):
        return "; ".join(
            f"{field}: {' '.join(msgs)}" if field != "__all__" else " ".join(msgs)
            for field, msgs in error.message_dict.items()
        )
    return " ".join(error.messages)


@api.exception_handler(DjangoValidationError)
def _django_validation_error(request, exc: DjangoValidationError):
    return api.create_response(request, {"detail": validation_message(exc)}, status=400)


@api.exception_handler(NinjaValidationError)
def _schema_validation_error(request, exc: NinjaValidationError):
    parts = []
    for error in exc.errors:
        where = ".".join(
            str(p) for p in error.get("loc", ()) if p not in ("body", "payload", "query", "path")
        )
        parts.append(f"{where}: {error.get('msg', '')}" if where else str(error.get("msg", "")))
    detail = "; ".join(parts) or _("The request could not be read.")
    return api.create_response(request, {"detail": detail, "errors": exc.errors}, status=422)


@api.exception_handler(OverflowError)
def _number_out_of_range(request, exc: OverflowError):
    # An id or count larger than the database can hold: bad input, not a server fault.
    return api.create_response(
        request, {"detail": _("A number in the request is out of range.")}, status=400
    )


@api.exception_handler(PermissionDenied)
def _permission_denied(request, exc: PermissionDenied):
    return api.create_response(
        request, {"detail": str(exc) or _("You may not do this.")}, status=403
    )


@api.exception_handler(AuthenticationError)
def _unauthenticated(request, exc):
    return api.create_response(
        request,
        {
            "detail": _(
                "Sign in, or send a valid personal API token as 'Authorization: Bearer <token>'."
            )
        },
        status=401,
    )


@api.exception_handler(RequestDataTooBig)
def _too_large(request, exc: RequestDataTooBig):
    return api.create_response(
        request, {"detail": too_large_message(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)}, status=413
    )


@api.exception_handler(Exception)
def _server_error(request, exc: Exception):
    # Logged as Django logs an unhandled error (mail to admins, error trackers), and signalled
    # so the test client still re-raises it; the caller gets the API's error shape, not HTML.
    logger.error(
        "Internal Server Error: %s", request.path, exc_info=exc, extra={"request": request}
    )
    got_request_exception.send(sender=None, request=request)
    return api.create_response(
        request,
        {"detail": _("Something went wrong on the campus's side; the error has been logged.")},
        status=500,
    )


api.add_router("/", alliance_router)
api.add_router("/", skills_router)
api.add_router("/", people_router)
api.add_router("/", courses_router)
api.add_router("/", records_router)
api.add_router("/", teaching_router)
api.add_router("/", challenges_router)
api.add_router("/", research_router)
api.add_router("/", transfer_router)
api.add_router("/", experts_router)
api.add_router("/", ewp_router)
api.add_router("/", mobility_router)
api.add_router("/", match_router)
api.add_router("/", travel_router)
api.add_router("/", credentials_router)
api.add_router("/", gap_router)
api.add_router("/", impact_router)
api.add_router("/", learning_router)
api.add_router("/", assignments_router)
