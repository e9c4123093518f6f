"""API authentication: the browser's session (with CSRF), or a personal bearer token."""

from django.contrib.auth.models import AnonymousUser
from django.utils import timezone
from ninja.security import HttpBearer, django_auth

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


api_auth = [PersonalTokenAuth(), django_auth]


def _anonymous(request):
    """Public reads: whoever is not signed in reads as an anonymous visitor."""
    return AnonymousUser()


# For operations anyone may call: a signed-in caller is still recognised.
public_auth = [*api_auth, _anonymous]
