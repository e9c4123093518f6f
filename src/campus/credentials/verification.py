"""Verifying credentials inside the campus: this campus's DIDs and status lists are looked
up in the database; nothing is fetched from the network.

The campus's credentials carry one status entry, for revocation (the Open Badges 3.0 schema
allows a single credentialStatus). Their suspension lives in the issuer's suspension list
at the same index; for a credential this campus issued, verification reads it too.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext, gettext_noop

from .issuers import local_did_document
from .status import local_status_list
from .vc.did import Resolver
from .vc.statuslist import StatusList
from .vc.text import render
from .vc.verify import Check, VerificationResult, verify_credential

_resolver: Resolver | None = None


def resolver() -> Resolver:
    global _resolver
    if _resolver is None:
        _resolver = Resolver(local_documents=local_did_document)
    return _resolver


def forget_keys() -> None:
    """Drop resolved keys (after a rotation, or when a test made new keys for a DID)."""
    global _resolver
    _resolver = None


def _suspension(document: dict) -> str | None:
    """'suspended' message when a campus credential's suspension bit is set, else None."""
    entry = document.get("credentialStatus")
    if not isinstance(entry, dict) or entry.get("statusPurpose") != "revocation":
        return None
    url = entry.get("statusListCredential")
    if not isinstance(url, str) or "/status/revocation/" not in url:
        return None
    suspension = local_status_list(url.replace("/status/revocation/", "/status/suspension/"))
    if suspension is None:
        return None
    try:
        index = int(entry.get("statusListIndex"))
        bits = StatusList.decode(suspension["credentialSubject"]["encodedList"])
        if bits.get(index):
            return gettext_noop(
                "The issuer has suspended this credential (it may be reinstated later)."
            )
    except (KeyError, TypeError, ValueError, IndexError):
        return gettext_noop("The issuer's suspension list could not be read.")
    return None


def verify(document: Any) -> VerificationResult:
    """Verify a credential; each check's message is said in the active language (the page's,
    or the API request's Accept-Language), the check names stay the verifier's codes."""
    result = verify_credential(document, resolver=resolver(), status_list_loader=local_status_list)
    if isinstance(document, dict):
        suspended = _suspension(document)
        if suspended:
            checks = [
                Check("status", False, suspended) if c.check == "status" and c.ok else c
                for c in result.checks
            ]
            result = VerificationResult(verified=False, checks=checks)
    return VerificationResult(
        verified=result.verified,
        checks=[Check(c.check, c.ok, _said(c.message)) for c in result.checks],
    )


def _said(message: str) -> str:
    """A verifier's sentence in the active language (its English when it has no template)."""
    from .vc.text import Joined, Text

    if isinstance(message, Text | Joined):
        return render(message, gettext)
    return gettext(message) if message else message
