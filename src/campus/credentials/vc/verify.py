"""Verify a credential as a whole: its shape, contexts, proof, issuer, status and validity,
each check answered in plain words for a verifier who is not a specialist.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from campus.credentials.vc import canon
from campus.credentials.vc.did import Resolver, did_of
from campus.credentials.vc.loader import ContextNotAvailable, is_available
from campus.credentials.vc.proofs import ProofResult, verify_proof
from campus.credentials.vc.text import Joined, _

VC_V2 = "https://www.w3.org/ns/credentials/v2"
VC_V1 = "https://www.w3.org/2018/credentials/v1"
OPEN_BADGE_TYPES = ("OpenBadgeCredential", "AchievementCredential")
CHECKS = ("shape", "contexts", "proof", "issuer", "status", "validity")

StatusListLoader = Callable[[str], dict | None]


@dataclass
class Check:
    check: str
    ok: bool
    message: str


@dataclass
class VerificationResult:
    verified: bool
    checks: list[Check] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "verified": self.verified,
            "checks": [{"check": c.check, "ok": c.ok, "message": c.message} for c in self.checks],
        }

    @property
    def claims_trustworthy(self) -> bool:
        """Whether what the credential states (title, grade, learner) is shown to be what its
        issuer signed: its terms defined and signed, its proof valid, its issuer's key used.
        Status and validity dates do not matter here: a revoked claim was still made."""
        return all(
            (c := self.check(name)) is not None and c.ok for name in ("contexts", "proof", "issuer")
        )

    def check(self, name: str) -> Check | None:
        """The check called ``name``, if it ran."""
        return next((c for c in self.checks if c.check == name), None)


def _types(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [t for t in value if isinstance(t, str)]
    return []


def _issuer_id(doc: dict) -> str | None:
    issuer = doc.get("issuer")
    if isinstance(issuer, str):
        return issuer
    if isinstance(issuer, dict) and isinstance(issuer.get("id"), str):
        return issuer["id"]
    return None


def parse_datetime(value: Any) -> datetime | None:
    """An XML Schema dateTime as an aware datetime (UTC if it names no offset), or None."""
    if not isinstance(value, str) or "T" not in value:
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed


def _check_shape(doc: Any) -> Check:
    if not isinstance(doc, dict):
        return Check("shape", False, _("the credential is not a JSON object"))
    problems = []
    contexts = doc.get("@context")
    contexts = contexts if isinstance(contexts, list) else [contexts]
    first = contexts[0] if contexts else None
    if first not in (VC_V2, VC_V1):
        problems.append(_("its first @context must be %(url)s", url=VC_V2))
    types = _types(doc.get("type"))
    if "VerifiableCredential" not in types:
        problems.append(_("its type must include VerifiableCredential"))
    if _issuer_id(doc) is None:
        problems.append(_("it must name its issuer (an id)"))
    subject = doc.get("credentialSubject")
    if not (
        isinstance(subject, dict)
        or (isinstance(subject, list) and subject and all(isinstance(s, dict) for s in subject))
    ):
        problems.append(_("it must have a credentialSubject"))
    start = "issuanceDate" if first == VC_V1 else "validFrom"
    if start not in doc:
        problems.append(_("it must have a %(name)s date", name=start))
    for name in ("validFrom", "validUntil", "issuanceDate", "expirationDate"):
        if name in doc and parse_datetime(doc[name]) is None:
            problems.append(_("its %(name)s is not a date and time", name=name))
    if any(t in types for t in OPEN_BADGE_TYPES):
        problems.extend(_openbadge_problems(doc))
    if problems:
        return Check(
            "shape",
            False,
            _("The credential is malformed: %(problems)s.", problems=Joined(problems)),
        )
    if any(t in types for t in OPEN_BADGE_TYPES):
        return Check("shape", True, _("a well-formed Open Badges 3.0 credential"))
    return Check("shape", True, _("a well-formed verifiable credential"))


def _openbadge_problems(doc: dict) -> list[str]:
    try:
        from campus.credentials.vc import schema
    except ImportError:  # the schema module is optional for the core
        return []
    validate = getattr(schema, "validate_openbadge", None)
    if validate is None:
        return []
    if isinstance(doc.get("proof"), dict):
        # VC 2.0 allows one proof as an object; 1EdTech's schema wants an array (its issue #11)
        doc = {**doc, "proof": [doc["proof"]]}
    return [_("Open Badges 3.0 schema: %(problem)s", problem=m) for m in validate(doc)]


def _contexts_message(doc: Any) -> str | None:
    contexts = doc.get("@context") if isinstance(doc, dict) else None
    for url in contexts if isinstance(contexts, list) else [contexts]:
        if isinstance(url, str) and not is_available(url):
            return _(
                "context %(url)s is not available offline, so the credential cannot be checked",
                url=url,
            )
    return None


def _check_validity(doc: dict, now: datetime) -> Check:
    starts = [("validFrom", doc.get("validFrom")), ("issuanceDate", doc.get("issuanceDate"))]
    ends = [("validUntil", doc.get("validUntil")), ("expirationDate", doc.get("expirationDate"))]
    for name, value in starts:
        when = parse_datetime(value) if value is not None else None
        if value is not None and when is None:
            return Check(
                "validity",
                False,
                _("its %(name)s (%(value)s) is not a date and time", name=name, value=value),
            )
        if when is not None and when > now:
            return Check(
                "validity", False, _("the credential is not valid before %(value)s", value=value)
            )
    for name, value in ends:
        when = parse_datetime(value) if value is not None else None
        if value is not None and when is None:
            return Check(
                "validity",
                False,
                _("its %(name)s (%(value)s) is not a date and time", name=name, value=value),
            )
        if when is not None and when <= now:
            return Check("validity", False, _("the credential expired on %(value)s", value=value))
    until = doc.get("validUntil") or doc.get("expirationDate")
    if until:
        return Check("validity", True, _("valid now (until %(until)s)", until=until))
    return Check("validity", True, _("valid now, with no end date"))


# status lists: verified lists by content digest, so a cached list is not re-verified
_status_lists: dict[str, tuple[str | None, Any]] = {}


def _status_list(url: str, list_doc: Any, resolver: Resolver, purpose: str, now: datetime):
    """The decoded StatusList behind ``url``, or raise ValueError with the reason."""
    digest = hashlib.sha256(
        json.dumps(list_doc, sort_keys=True, default=str).encode("utf-8")
    ).hexdigest()
    cached = _status_lists.get(digest)
    if cached is None:
        cached = _verify_status_list(url, list_doc, resolver)
        if len(_status_lists) > 64:
            _status_lists.clear()
        _status_lists[digest] = cached
    problem, decoded = cached
    if problem:
        raise ValueError(problem)
    validity = _check_validity(list_doc, now)
    if not validity.ok:
        raise ValueError(
            _("status list %(url)s is not valid now: %(reason)s", url=url, reason=validity.message)
        )
    subject = list_doc["credentialSubject"]
    if subject.get("statusPurpose") != purpose:
        raise ValueError(
            _(
                "status list %(url)s is for %(purpose)s, not %(wanted)s",
                url=url,
                purpose=subject.get("statusPurpose"),
                wanted=purpose,
            )
        )
    return decoded


def _verify_status_list(url: str, list_doc: Any, resolver: Resolver):
    if not isinstance(list_doc, dict):
        return _("status list %(url)s is not a JSON object", url=url), None
    if "BitstringStatusListCredential" not in _types(list_doc.get("type")):
        return _("%(url)s is not a BitstringStatusListCredential", url=url), None
    subject = list_doc.get("credentialSubject")
    if not isinstance(subject, dict) or "BitstringStatusList" not in _types(subject.get("type")):
        return _("status list %(url)s has no BitstringStatusList subject", url=url), None
    try:
        unsecured = {k: v for k, v in list_doc.items() if k != "proof"}
        document = canon.dataset(unsecured)
    except (ContextNotAvailable, canon.CanonicalisationError) as error:
        return _("status list %(url)s cannot be read: %(error)s", url=url, error=str(error)), None
    result = verify_proof(list_doc, resolver.resolve_key, document_dataset=document)
    if not result.ok:
        return (
            _(
                "the proof of status list %(url)s is not valid: %(reason)s",
                url=url,
                reason=result.message,
            ),
            None,
        )
    if document.dropped or result.dropped_terms:
        return _("status list %(url)s uses undefined terms", url=url), None
    issuer = _issuer_id(list_doc)
    if result.verification_method is None or did_of(result.verification_method) != issuer:
        return _("status list %(url)s is not signed by its issuer", url=url), None
    try:
        from campus.credentials.vc.statuslist import StatusList

        return None, StatusList.decode(subject.get("encodedList"))
    except (ValueError, TypeError) as error:
        return (
            _("status list %(url)s cannot be decoded: %(error)s", url=url, error=str(error)),
            None,
        )


def _check_status(
    doc: dict, resolver: Resolver, loader: StatusListLoader | None, now: datetime
) -> Check:
    entries = doc.get("credentialStatus")
    if entries is None:
        return Check("status", True, _("no status list: the credential cannot be revoked"))
    entries = entries if isinstance(entries, list) else [entries]
    notes = []
    for entry in entries:
        if not isinstance(entry, dict):
            return Check("status", False, _("the credential's status entry is not a JSON object"))
        kind = entry.get("type")
        if kind != "BitstringStatusListEntry":
            return Check("status", False, _("status type %(kind)s cannot be checked", kind=kind))
        url = entry.get("statusListCredential")
        purpose = entry.get("statusPurpose")
        raw_index = entry.get("statusListIndex")
        try:
            index = int(raw_index)
            if index < 0 or str(index) != str(raw_index).strip():
                raise ValueError
        except (TypeError, ValueError):
            return Check(
                "status",
                False,
                _("status list index %(index)s is not a number", index=repr(raw_index)),
            )
        if not isinstance(url, str):
            return Check("status", False, _("the status entry does not name its status list"))
        list_doc = loader(url) if loader is not None else None
        if list_doc is None:
            return Check("status", False, _("status list %(url)s could not be loaded", url=url))
        try:
            status_list = _status_list(url, list_doc, resolver, purpose, now)
            is_set = status_list.get(index)
        except (ValueError, IndexError) as error:
            reason = error.args[0] if error.args and error.args[0] else None  # a Text, kept
            return Check(
                "status", False, reason or _("status list %(url)s cannot be read", url=url)
            )
        if is_set:
            if purpose == "revocation":
                return Check("status", False, _("revoked: the issuer has revoked this credential"))
            if purpose == "suspension":
                return Check(
                    "status", False, _("suspended: the issuer has suspended this credential")
                )
            notes.append(_("%(purpose)s status is set", purpose=purpose))
        else:
            notes.append(
                _("not revoked")
                if purpose == "revocation"
                else _("not suspended")
                if purpose == "suspension"
                else _("%(purpose)s status is not set", purpose=purpose)
            )
    return Check("status", True, Joined(notes))


def verify_credential(
    doc: Any,
    *,
    resolver: Resolver,
    status_list_loader: StatusListLoader | None = None,
    now: datetime | None = None,
) -> VerificationResult:
    """Verify ``doc``; never raises: every problem is a failed check with a reason."""
    now = now or datetime.now(UTC)
    checks: dict[str, Check] = {}
    try:
        _verify(doc, resolver, status_list_loader, now, checks)
    except Exception as error:  # noqa: BLE001 - a verifier answers, whatever it is given
        for name in CHECKS:
            checks.setdefault(
                name,
                Check(
                    name, False, _("could not be checked (%(error)s)", error=type(error).__name__)
                ),
            )
    ordered = [checks[name] for name in CHECKS if name in checks]
    return VerificationResult(all(c.ok for c in ordered), ordered)


def _verify(doc, resolver, status_list_loader, now, checks) -> None:
    checks["shape"] = _check_shape(doc)
    if not isinstance(doc, dict):
        for name in CHECKS[1:]:
            checks[name] = Check(name, False, _("not checked: the credential is not a JSON object"))
        return

    # contexts, then the proof over the same canonical form
    document = None
    unavailable = _contexts_message(doc)
    if unavailable:
        checks["contexts"] = Check("contexts", False, unavailable)
    else:
        try:
            document = canon.dataset({k: v for k, v in doc.items() if k != "proof"})
        except ContextNotAvailable as error:
            checks["contexts"] = Check(
                "contexts", False, _("%(error)s, so it cannot be checked", error=str(error))
            )
        except canon.CanonicalisationError as error:
            checks["contexts"] = Check("contexts", False, str(error))

    if document is None:
        proof = ProofResult(False, _("not checked: the credential's contexts cannot be processed"))
    else:
        proof = verify_proof(doc, resolver.resolve_key, document_dataset=document)
    if document is not None:
        dropped = sorted(set(document.dropped) | set(proof.dropped_terms))
        if dropped:
            checks["contexts"] = Check(
                "contexts",
                False,
                _(
                    "these properties or types are not defined by any of the credential's "
                    "contexts, so the proof does not cover them and they may have been added "
                    "after signing: %(terms)s",
                    terms=", ".join(dropped),
                ),
            )
        elif not proof.ok:
            # Defined is not signed: without a valid proof nothing in it comes from its issuer.
            checks["contexts"] = Check(
                "contexts",
                False,
                _(
                    "every term is defined by the credential's contexts, but no valid signature "
                    "covers them, so what it states may have been changed or made up"
                ),
            )
        else:
            checks["contexts"] = Check(
                "contexts", True, _("every term is defined by the credential's contexts")
            )
    checks["proof"] = Check("proof", proof.ok, proof.message)

    issuer = _issuer_id(doc)
    vm = proof.verification_method
    if issuer is None:
        checks["issuer"] = Check("issuer", False, _("the credential does not name its issuer"))
    elif vm is None:
        checks["issuer"] = Check(
            "issuer", False, _("no signing key is named, so the issuer is unknown")
        )
    elif did_of(vm) != issuer:
        checks["issuer"] = Check(
            "issuer",
            False,
            _(
                "verification method is not controlled by the issuer: the credential names "
                "%(issuer)s as issuer but was signed with a key of %(signer)s",
                issuer=issuer,
                signer=did_of(vm),
            ),
        )
    elif not proof.key_resolved:
        reason = proof.key_error or _("the proof is unusable, so the key was not looked up")
        checks["issuer"] = Check(
            "issuer",
            False,
            _(
                "the key of issuer %(issuer)s could not be found: %(reason)s",
                issuer=issuer,
                reason=reason,
            ),
        )
    elif not proof.ok:
        # The key is the issuer's, but the signature was not made with it over this document.
        checks["issuer"] = Check(
            "issuer",
            False,
            _(
                "the credential names %(issuer)s as its issuer and one of its keys, but its "
                "signature was not made with that key over this credential, so it is not shown "
                "to come from %(issuer)s",
                issuer=issuer,
            ),
        )
    else:
        checks["issuer"] = Check(
            "issuer", True, _("signed by the issuer %(issuer)s", issuer=issuer)
        )

    checks["status"] = _check_status(doc, resolver, status_list_loader, now)
    checks["validity"] = _check_validity(doc, now)
