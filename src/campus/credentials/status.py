"""The issuers' Bitstring Status Lists, kept in the database and served signed.

Each issuer has lists numbered 1, 2, ... of 131,072 entries for each purpose (revocation,
suspension); a credential takes the same index in the revocation and suspension lists of
one number. Indexes are handed out in a scattered order (a fixed odd multiplier modulo
2^17 is a bijection), so neighbouring entries do not tell who was issued together.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from campus.alliance.models import Institution

from .models import StatusList, StatusPurpose
from .vc import statuslist as bitstring

SIZE = bitstring.MIN_LENGTH
_SCATTER = 40503  # odd, so i -> i * _SCATTER mod 2^17 is a permutation


def status_list_url(institution: Institution, purpose: str, number: int) -> str:
    from .issuers import ISSUER_PATH, public_url

    return f"{public_url()}/{ISSUER_PATH}/{institution.slug}/status/{purpose}/{number}"


def _lists(institution: Institution, number: int) -> None:
    for purpose in StatusPurpose.values:
        StatusList.objects.get_or_create(
            institution=institution,
            purpose=purpose,
            number=number,
            defaults={"bits": bytes(SIZE // 8)},
        )


def allocate(institution: Institution, count: int = 1) -> list[tuple[int, int]]:
    """Reserve ``count`` (list number, index) slots of an issuer; call inside a transaction."""
    assert transaction.get_connection().in_atomic_block, "allocate inside a transaction"
    slots: list[tuple[int, int]] = []
    while len(slots) < count:
        current = (
            StatusList.objects.select_for_update()
            .filter(institution=institution, purpose=StatusPurpose.REVOCATION)
            .order_by("-number")
            .first()
        )
        if current is None:
            _lists(institution, 1)
            continue
        if current.allocated >= SIZE:
            _lists(institution, current.number + 1)
            continue
        take = min(count - len(slots), SIZE - current.allocated)
        start = current.allocated
        slots.extend((current.number, (i * _SCATTER) % SIZE) for i in range(start, start + take))
        StatusList.objects.filter(pk=current.pk).update(allocated=start + take)
    return slots


def set_bit(institution: Institution, purpose: str, number: int, index: int, value: bool) -> None:
    """Flip one entry; the signed list is made again the next time it is asked for."""
    status_list = StatusList.objects.select_for_update().get(
        institution=institution, purpose=purpose, number=number
    )
    bits = bitstring.StatusList.from_bytes(bytes(status_list.bits))
    bits.set(index, value)
    status_list.bits = bits.to_bytes()
    status_list.signed = None
    status_list.updated_at = timezone.now()
    status_list.save(update_fields=["bits", "signed", "updated_at"])


def signed_list(status_list: StatusList) -> dict:
    """The signed BitstringStatusListCredential of a list (signed once per change)."""
    if status_list.signed:
        return status_list.signed
    from .issuers import active_key, issuer_did, private_key, verification_method
    from .vc.proofs import sign_eddsa_rdfc_2022

    institution = status_list.institution
    url = status_list_url(institution, status_list.purpose, status_list.number)
    # Valid from the list's last change: a verifier that started before this lazy signing
    # must not find the list "not yet valid".
    since = status_list.updated_at.replace(microsecond=0)
    unsigned = bitstring.status_list_credential(
        url,
        issuer_did(institution),
        status_list.purpose,
        bitstring.StatusList.from_bytes(bytes(status_list.bits)).encode(),
        since.astimezone(datetime.UTC).isoformat().replace("+00:00", "Z"),
    )
    key = active_key(institution)
    signed = sign_eddsa_rdfc_2022(unsigned, private_key(key), verification_method(key))
    StatusList.objects.filter(pk=status_list.pk, updated_at=status_list.updated_at).update(
        signed=signed
    )
    return signed


def local_status_list(url: str) -> dict | None:
    """The signed status list behind one of this campus's status list URLs, or None."""
    from .issuers import ISSUER_PATH, public_url

    prefix = f"{public_url()}/{ISSUER_PATH}/"
    if not url.startswith(prefix):
        return None
    parts = url[len(prefix) :].split("/")
    if len(parts) != 4 or parts[1] != "status" or not parts[3].isdigit():
        return None
    status_list = (
        StatusList.objects.select_related("institution")
        .filter(institution__slug=parts[0], purpose=parts[2], number=int(parts[3]))
        .first()
    )
    return signed_list(status_list) if status_list else None
