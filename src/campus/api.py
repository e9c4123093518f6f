"""The campus API, /api/v1: one NinjaAPI that mounts each app's router.

One error shape for everything: a JSON body with a ``detail`` message.
"""

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
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
from campus.people.api import router as people_router
from campus.people.auth import api_auth
from campus.skills.api import router as skills_router

api = NinjaAPI(
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


api.add_router("/", alliance_router)
api.add_router("/", skills_router)
api.add_router("/", people_router)
api.add_router("/", courses_router)
api.add_router("/", records_router)
api.add_router("/", teaching_router)
api.add_router("/", challenges_router)
api.add_router("/", credentials_router)
