"""Personal API tokens: ``hvc_<prefix>_<secret>``; the campus keeps only a SHA-256 digest.

A token carries 256 bits of randomness, so a plain (unsalted) SHA-256 is enough
to make a stolen database useless and keeps the look-up a single indexed query.
"""

import hashlib
import secrets

TOKEN_PREFIX = "hvc_"  # noqa: S105 (a public marker, not a secret)


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def token_generate() -> tuple[str, str, str]:
    """Return (token, prefix, digest) for a new token."""
    prefix = secrets.token_hex(4)
    token = f"{TOKEN_PREFIX}{prefix}_{secrets.token_urlsafe(32)}"
    return token, prefix, token_digest(token)
