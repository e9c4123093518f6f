"""Issuers: each institution signs with its own Ed25519 key, named by a did:web of the campus.

Private keys are kept encrypted (Fernet) with ``settings.CAMPUS_CREDENTIALS_KEY``; in
development that key is derived from the secret key. Rotation retires the active key and
makes a new one; retired public keys stay in the DID document, so every credential signed
before still verifies.
"""

from __future__ import annotations

import base64
import functools
from urllib.parse import quote, urlsplit

from cryptography.fernet import Fernet
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from campus.alliance.models import Institution

from .models import IssuerKey
from .vc.did import did_web_document

ISSUER_PATH = "issuers"


@functools.cache
def _fernet(secret: str, configured: str) -> Fernet:
    if configured:
        return Fernet(configured.encode())
    derived = HKDF(
        algorithm=hashes.SHA256(), length=32, salt=None, info=b"campus issuer keys"
    ).derive(secret.encode())
    return Fernet(base64.urlsafe_b64encode(derived))


def fernet() -> Fernet:
    return _fernet(settings.SECRET_KEY, settings.CAMPUS_CREDENTIALS_KEY)


def public_url() -> str:
    return settings.CAMPUS_PUBLIC_URL


def did_host() -> str:
    """The host part of the campus's did:web names (a port is written %3A, as did:web says)."""
    return quote(urlsplit(public_url()).netloc, safe="")


def issuer_did(institution: Institution) -> str:
    return f"did:web:{did_host()}:{ISSUER_PATH}:{institution.slug}"


def slug_of_did(did: str) -> str | None:
    """The institution slug of one of this campus's issuer DIDs, or None."""
    prefix = f"did:web:{did_host()}:{ISSUER_PATH}:"
    if not did.startswith(prefix):
        return None
    slug = did[len(prefix) :]
    return slug if slug and ":" not in slug else None


def verification_method(key: IssuerKey) -> str:
    return f"{issuer_did(key.institution)}#{key.key_id}"


def _new_key(institution: Institution, number: int) -> IssuerKey:
    private = Ed25519PrivateKey.generate()
    seed = private.private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )
    public = private.public_key().public_bytes(
        serialization.Encoding.Raw, serialization.PublicFormat.Raw
    )
    return IssuerKey.objects.create(
        institution=institution,
        key_id=f"key-{number}",
        public_key=public,
        private_key_encrypted=fernet().encrypt(seed),
    )


def active_key(institution: Institution) -> IssuerKey:
    """The key an institution signs with now; its first key is made when first needed."""
    key = (
        IssuerKey.objects.select_related("institution")
        .filter(institution=institution, retired_at__isnull=True)
        .first()
    )
    if key is not None:
        return key
    try:
        with transaction.atomic():
            count = IssuerKey.objects.filter(institution=institution).count()
            return _new_key(institution, count + 1)
    except IntegrityError:  # another process made it at the same moment
        return IssuerKey.objects.select_related("institution").get(
            institution=institution, retired_at__isnull=True
        )


@transaction.atomic
def rotate(institution: Institution) -> IssuerKey:
    """Retire the active key (it stays published) and make a new one."""
    keys = list(IssuerKey.objects.select_for_update().filter(institution=institution))
    for key in keys:
        if key.retired_at is None:
            key.retired_at = timezone.now()
            key.save(update_fields=["retired_at"])
    return _new_key(institution, len(keys) + 1)


_private_cache: dict[tuple[int, bytes], Ed25519PrivateKey] = {}


def private_key(key: IssuerKey) -> Ed25519PrivateKey:
    cache_key = (key.pk, bytes(key.public_key))
    cached = _private_cache.get(cache_key)
    if cached is None:
        seed = fernet().decrypt(bytes(key.private_key_encrypted))
        cached = Ed25519PrivateKey.from_private_bytes(seed)
        _private_cache[cache_key] = cached
    return cached


def did_document(institution: Institution) -> dict | None:
    """The institution's DID document with every key it ever had; None before its first."""
    did = issuer_did(institution)
    keys = [
        (f"{did}#{key.key_id}", bytes(key.public_key))
        for key in IssuerKey.objects.filter(institution=institution).order_by("created_at", "pk")
    ]
    if not keys:
        return None
    return did_web_document(
        did, keys, also_known_as=[institution.website] if institution.website else None
    )


def local_did_document(did: str) -> dict | None:
    """Resolve this campus's own did:web names from the database, never over the network."""
    slug = slug_of_did(did)
    institution = Institution.objects.filter(slug=slug).first() if slug else None
    return did_document(institution) if institution else None
