"""Every write to the alliance goes through here: in a transaction, validated, permission-checked.

Pages, the API, the admin and management commands all call these functions, so a
change behaves the same wherever it comes from.
"""

import datetime
import json
import re
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import ProtectedError
from django.utils.text import slugify
from django.utils.translation import gettext as _

from campus.permissions import Action, require

from .models import (
    GovernanceBody,
    GovernanceBodyKind,
    Institution,
    Membership,
    MembershipRole,
    Organisation,
    OrganisationType,
    Region,
    normalise_erasmus_code,
)

DEFAULT_INSTITUTIONS_PATH = Path(__file__).resolve().parent / "data" / "institutions.json"

_LANGUAGE_CODE = re.compile(r"^[a-z]{2}$")

INSTITUTION_FIELDS = frozenset(
    {
        "code",
        "other_codes",
        "slug",
        "short_name",
        "name",
        "local_name",
        "country",
        "city",
        "lat",
        "lon",
        "schac",
        "website",
        "languages",
        "region",
    }
)
REGION_FIELDS = frozenset({"code", "name", "country", "code_2021"})
ORGANISATION_FIELDS = frozenset(
    {"name", "type", "region", "website", "description", "partner_institution"}
)
GOVERNANCE_BODY_FIELDS = frozenset({"name", "kind", "description"})
MEMBERSHIP_FIELDS = frozenset({"body", "person", "role", "start", "end"})


# --- shared checks ---------------------------------------------------------------------------


def _assign(obj: models.Model, fields: dict[str, Any], allowed: frozenset[str]) -> None:
    unknown = sorted(set(fields) - allowed)
    if unknown:
        raise ValidationError(
            _("These fields cannot be changed here: %(fields)s.") % {"fields": ", ".join(unknown)}
        )
    for name, value in fields.items():
        setattr(obj, name, value)


def _unique_slug(model: type[models.Model], text: str, *, max_length: int, exclude_pk=None) -> str:
    """A slug made from ``text`` that no other row of ``model`` uses yet."""
    base = slugify(text)[: max_length - 5].strip("-") or model._meta.model_name
    taken = set(
        model._default_manager.filter(slug__startswith=base)
        .exclude(pk=exclude_pk)
        .values_list("slug", flat=True)
    )
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


def _check_choice(value: str, choices: type[models.TextChoices], field: str, what: str) -> None:
    if value not in choices.values:
        raise ValidationError(
            {
                field: _("Unknown %(what)s “%(value)s”; choose one of: %(choices)s.")
                % {"what": what, "value": value, "choices": ", ".join(choices.values)}
            }
        )


def _check_country(value: str) -> None:
    if not re.fullmatch(r"[A-Z]{2}", value or ""):
        raise ValidationError(
            {"country": _("Give the country as two capital letters (ISO 3166-1), such as “BE”.")}
        )


def _delete(obj: models.Model) -> None:
    try:
        obj.delete()
    except ProtectedError as exc:
        raise ValidationError(
            _("“%(obj)s” is still in use and cannot be deleted.") % {"obj": obj}
        ) from exc


# --- regions ---------------------------------------------------------------------------------


@transaction.atomic
def region_create(*, by, code: str, name: str, country: str, code_2021: str = "") -> Region:
    """Add a NUTS region (alliance administrators only)."""
    require(by, Action.CREATE, Region)
    region = Region(code=code.strip().upper(), name=name, country=country, code_2021=code_2021)
    _check_country(region.country)
    region.full_clean()
    region.save()
    return region


@transaction.atomic
def region_update(*, region: Region, by, **fields: Any) -> Region:
    """Change a NUTS region (alliance administrators only)."""
    require(by, Action.CHANGE, region)
    _assign(region, fields, REGION_FIELDS)
    _check_country(region.country)
    region.full_clean()
    region.save()
    return region


@transaction.atomic
def region_delete(*, region: Region, by) -> None:
    """Remove a NUTS region that nothing refers to any more."""
    require(by, Action.DELETE, region)
    _delete(region)


# --- institutions ----------------------------------------------------------------------------


def institution_check(institution: Institution) -> None:
    """Raise ValidationError unless the institution's country, languages and codes are valid."""
    # Public so that the admin form can show these errors next to the fields.
    _check_country(institution.country)
    languages = institution.languages
    if not isinstance(languages, list) or not all(
        isinstance(code, str) and _LANGUAGE_CODE.match(code) for code in languages
    ):
        raise ValidationError(
            {
                "languages": _(
                    'List the teaching languages as ISO 639-1 codes, such as ["nl", "en"].'
                )
            }
        )
    other_codes = institution.other_codes
    if not isinstance(other_codes, list) or not all(isinstance(c, str) for c in other_codes):
        raise ValidationError({"other_codes": _("List the other Erasmus codes as text.")})
    institution.code_key = normalise_erasmus_code(institution.code)
    if not institution.code_key:
        raise ValidationError({"code": _("The Erasmus code is required.")})
    if institution.lat is None or institution.lon is None:
        raise ValidationError(_("Give the latitude and longitude of the institution."))
    if not -90 <= institution.lat <= 90 or not -180 <= institution.lon <= 180:
        raise ValidationError(
            _("Latitude lies between -90 and 90, longitude between -180 and 180.")
        )


def _validate_institution(institution: Institution) -> None:
    institution_check(institution)
    institution.full_clean()


@transaction.atomic
def institution_create(*, by, **fields: Any) -> Institution:
    """Add a partner institution (alliance administrators only)."""
    require(by, Action.CREATE, Institution)
    institution = Institution()
    fields.setdefault("other_codes", [])
    _assign(institution, fields, INSTITUTION_FIELDS)
    if not institution.slug:
        institution.slug = _unique_slug(Institution, institution.short_name, max_length=60)
    _validate_institution(institution)
    institution.save()
    return institution


@transaction.atomic
def institution_update(*, institution: Institution, by, **fields: Any) -> Institution:
    """Change a partner institution's record (its coordinator or an alliance administrator)."""
    require(by, Action.CHANGE, institution)
    _assign(institution, fields, INSTITUTION_FIELDS)
    _validate_institution(institution)
    institution.save()
    return institution


@transaction.atomic
def institution_delete(*, institution: Institution, by) -> None:
    """Remove a partner institution that nothing refers to any more."""
    require(by, Action.DELETE, institution)
    _delete(institution)


_INSTITUTION_KEYS = (
    "code",
    "short",
    "name",
    "local_name",
    "country",
    "city",
    "lat",
    "lon",
    "schac",
    "website",
    "languages",
    "nuts3",
    "nuts3_name",
)


@transaction.atomic
def institutions_load(path: str | Path | None = None) -> int:
    """Load (or refresh) the partner institutions and their regions from the shipped JSON file."""
    # A system loader: it runs from a command or a migration-like step, not for a person.
    source = Path(path) if path else DEFAULT_INSTITUTIONS_PATH
    with source.open(encoding="utf-8") as handle:
        data = json.load(handle)
    items = data.get("institutions") if isinstance(data, dict) else None
    if not isinstance(items, list):
        raise ValidationError(_("%(path)s has no list of institutions.") % {"path": source})
    for item in items:
        missing = [key for key in _INSTITUTION_KEYS if key not in item]
        if missing:
            raise ValidationError(
                _("Institution %(code)s lacks: %(keys)s.")
                % {"code": item.get("code", "?"), "keys": ", ".join(missing)}
            )
        region = Region.objects.filter(code=item["nuts3"]).first() or Region(code=item["nuts3"])
        region.name = item["nuts3_name"]
        region.country = item["country"]
        region.code_2021 = item.get("nuts3_2021") or ""
        _check_country(region.country)
        region.full_clean()
        region.save()
        key = normalise_erasmus_code(item["code"])
        institution = Institution.objects.filter(code_key=key).first() or Institution()
        institution.code = item["code"]
        institution.slug = slugify(item["short"])
        institution.short_name = item["short"]
        institution.name = item["name"]
        institution.local_name = item["local_name"]
        institution.country = item["country"]
        institution.city = item["city"]
        institution.lat = item["lat"]
        institution.lon = item["lon"]
        institution.schac = item["schac"]
        institution.website = item["website"]
        institution.languages = list(item["languages"])
        if "other_codes" in item:
            institution.other_codes = list(item["other_codes"])
        institution.region = region
        _validate_institution(institution)
        institution.save()
    return len(items)


# --- organisations ---------------------------------------------------------------------------


def _validate_organisation(organisation: Organisation) -> None:
    _check_choice(organisation.type, OrganisationType, "type", _("organisation type"))
    if not (organisation.name or "").strip():
        raise ValidationError({"name": _("The organisation needs a name.")})
    organisation.full_clean()


@transaction.atomic
def organisation_create(
    *,
    by,
    name: str,
    type: str,  # the model's own field name
    region: Region,
    website: str = "",
    description: str = "",
    partner_institution: Institution | None = None,
) -> Organisation:
    """Add a regional stakeholder organisation (alliance administrators only)."""
    require(by, Action.CREATE, Organisation)
    organisation = Organisation(
        name=name.strip(),
        type=type,
        region=region,
        website=website,
        description=description,
        partner_institution=partner_institution,
    )
    organisation.slug = _unique_slug(Organisation, organisation.name, max_length=120)
    _validate_organisation(organisation)
    organisation.save()
    return organisation


@transaction.atomic
def organisation_update(*, organisation: Organisation, by, **fields: Any) -> Organisation:
    """Change a stakeholder organisation; its slug (and so its address) stays."""
    require(by, Action.CHANGE, organisation)
    _assign(organisation, fields, ORGANISATION_FIELDS)
    _validate_organisation(organisation)
    organisation.save()
    return organisation


@transaction.atomic
def organisation_delete(*, organisation: Organisation, by) -> None:
    """Remove a stakeholder organisation (its people keep their accounts)."""
    require(by, Action.DELETE, organisation)
    _delete(organisation)


# --- governance ------------------------------------------------------------------------------


@transaction.atomic
def governance_body_create(*, by, name: str, kind: str, description: str = "") -> GovernanceBody:
    """Add a body that governs or advises the alliance (alliance administrators only)."""
    require(by, Action.CREATE, GovernanceBody)
    _check_choice(kind, GovernanceBodyKind, "kind", _("kind of body"))
    body = GovernanceBody(name=name.strip(), kind=kind, description=description)
    body.slug = _unique_slug(GovernanceBody, body.name, max_length=120)
    body.full_clean()
    body.save()
    return body


@transaction.atomic
def governance_body_update(*, body: GovernanceBody, by, **fields: Any) -> GovernanceBody:
    """Change a governance body's name, kind or description; its slug stays."""
    require(by, Action.CHANGE, body)
    _assign(body, fields, GOVERNANCE_BODY_FIELDS)
    _check_choice(body.kind, GovernanceBodyKind, "kind", _("kind of body"))
    body.full_clean()
    body.save()
    return body


@transaction.atomic
def governance_body_delete(*, body: GovernanceBody, by) -> None:
    """Remove a governance body with all its memberships."""
    require(by, Action.DELETE, body)
    _delete(body)


def membership_check(membership: Membership) -> None:
    """Raise ValidationError unless the seat is valid (dates, role, no overlapping seat)."""
    # Public so that the admin form can show these errors next to the fields.
    _check_choice(membership.role, MembershipRole, "role", _("role"))
    if membership.start is None:
        raise ValidationError({"start": _("Give the date the membership starts.")})
    if membership.end is not None and membership.end < membership.start:
        raise ValidationError(
            {
                "end": _("The membership cannot end (%(end)s) before it starts (%(start)s).")
                % {"end": membership.end.isoformat(), "start": membership.start.isoformat()}
            }
        )
    if membership.body_id is None or membership.person_id is None:
        return
    overlapping = Membership.objects.filter(
        body_id=membership.body_id, person_id=membership.person_id
    ).exclude(pk=membership.pk)
    overlapping = overlapping.filter(
        models.Q(end__isnull=True) | models.Q(end__gte=membership.start)
    )
    if membership.end is not None:
        overlapping = overlapping.filter(start__lte=membership.end)
    clash = overlapping.first()
    if clash is not None:
        raise ValidationError(
            _("%(person)s already holds a seat in %(body)s from %(start)s; end that one first.")
            % {
                "person": membership.person,
                "body": membership.body,
                "start": clash.start.isoformat(),
            }
        )


@transaction.atomic
def membership_add(
    *,
    body: GovernanceBody,
    person,
    role: str,
    start: datetime.date,
    end: datetime.date | None = None,
    by,
) -> Membership:
    """Seat a person in a governance body from ``start`` (to ``end``, when known)."""
    membership = Membership(body=body, person=person, role=role, start=start, end=end)
    require(by, Action.CREATE, membership)
    membership_check(membership)
    membership.full_clean()
    membership.save()
    return membership


@transaction.atomic
def membership_update(*, membership: Membership, by, **fields: Any) -> Membership:
    """Correct a membership's body, person, role or dates."""
    require(by, Action.CHANGE, membership)
    _assign(membership, fields, MEMBERSHIP_FIELDS)
    membership_check(membership)
    membership.full_clean()
    membership.save()
    return membership


@transaction.atomic
def membership_end(*, membership: Membership, end: datetime.date, by) -> Membership:
    """End a person's seat in a governance body on ``end``."""
    require(by, Action.CHANGE, membership)
    if membership.end is not None:
        raise ValidationError(
            _("This membership already ended on %(end)s.") % {"end": membership.end.isoformat()}
        )
    membership.end = end
    membership_check(membership)
    membership.full_clean()
    membership.save(update_fields=["end"])
    return membership


@transaction.atomic
def membership_delete(*, membership: Membership, by) -> None:
    """Remove a membership recorded in error (to end a seat, use membership_end)."""
    require(by, Action.DELETE, membership)
    membership.delete()
