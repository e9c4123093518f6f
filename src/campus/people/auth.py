"""API authentication: the browser's session (with CSRF), or a personal bearer token."""

from django.contrib.auth.models import AnonymousUser
from django.utils import timezone
from ninja.security import HttpBearer, SessionAuth

from .models import ApiToken
from .tokens import token_digest


class PersonalTokenAuth(HttpBearer):
    def authenticate(self, request, token: str):
        if not token:
            return None
        found = (
            ApiToken.objects.select_related("person")
            .filter(digest=token_digest(token), revoked_at__isnull=True, person__is_active=True)
            # Only an account whose address is confirmed may act (decision 0005).
            .filter(person__emailaddress__verified=True)
            .first()
        )
        if found is None:
            return None
        now = timezone.now()
        # Record use at most once a minute, to keep reads cheap.
        if found.last_used_at is None or (now - found.last_used_at).total_seconds() > 60:
            ApiToken.objects.filter(pk=found.pk).update(last_used_at=now)
        request.user = found.person
        return found.person


class SignedInSessionAuth(SessionAuth):
    """The browser's session, with its CSRF check, for a caller who is signed in.

    ninja checks CSRF before it looks at the session, so an anonymous write was refused
    with 403 (no CSRF cookie) instead of the 401 the API documents; without a signed-in
    user there is nothing to forge, and the caller hears that it must sign in.
    """

    def __call__(self, request):
        if not request.user.is_authenticated:
            return None
        return super().__call__(request)


api_auth = [PersonalTokenAuth(), SignedInSessionAuth()]


def _anonymous(request):
    """Public reads: whoever is not signed in reads as an anonymous visitor."""
    return AnonymousUser()


# For operations anyone may call: a signed-in caller is still recognised.
public_auth = [*api_auth, _anonymous]
