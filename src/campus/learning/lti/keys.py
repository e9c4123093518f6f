"""The tool's own RSA key (LTI 1.3 signs with RS256 only; the campus's Ed25519 issuer keys in
campus.credentials cannot serve). One key is active; a retired key stays in /lti/jwks so that
what it signed still verifies. The private key is Fernet-encrypted at rest with
``CAMPUS_CREDENTIALS_KEY`` (in development a key derived from the secret key, with its own
HKDF label, so the two stores never share a key)."""

from __future__ import annotations

import base64
import functools
import json

from cryptography.fernet import Fernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from jwcrypto.jwk import JWK

from .models import LtiToolKey


@functools.cache
def _fernet(secret: str, configured: str) -> Fernet:
    if configured:
        return Fernet(configured.encode())
    derived = HKDF(
        algorithm=hashes.SHA256(), length=32, salt=None, info=b"campus lti tool keys"
    ).derive(secret.encode())
    return Fernet(base64.urlsafe_b64encode(derived))


def fernet() -> Fernet:
    return _fernet(settings.SECRET_KEY, settings.CAMPUS_CREDENTIALS_KEY)


def _new_key() -> LtiToolKey:
    jwk = JWK.generate(kty="RSA", size=2048)
    kid = jwk.thumbprint()  # what pylti1p3's Registration.get_kid() computes from the PEM
    public = json.loads(jwk.export_public())
    public.update({"kid": kid, "alg": "RS256", "use": "sig"})
    return LtiToolKey.objects.create(
        kid=kid,
        public_jwk=public,
        public_pem=jwk.export_to_pem().decode(),
        private_key_encrypted=fernet().encrypt(jwk.export_to_pem(private_key=True, password=None)),
    )


def active_key() -> LtiToolKey:
    """The key the tool signs with now; made when first needed."""
    key = LtiToolKey.objects.filter(retired_at__isnull=True).first()
    if key is not None:
        return key
    try:
        with transaction.atomic():
            return _new_key()
    except IntegrityError:  # another process made it at the same moment
        return LtiToolKey.objects.get(retired_at__isnull=True)


@transaction.atomic
def rotate() -> LtiToolKey:
    """Retire the active key (it stays published) and make a new one."""
    LtiToolKey.objects.select_for_update().filter(retired_at__isnull=True).update(
        retired_at=timezone.now()
    )
    return _new_key()


def private_pem(key: LtiToolKey) -> str:
    return fernet().decrypt(bytes(key.private_key_encrypted)).decode()


def key_set() -> dict:
    """The tool's public keys as a JWK Set (the active one made if there is none)."""
    active_key()
    return {"keys": [k.public_jwk for k in LtiToolKey.objects.order_by("-created_at")]}
