"""Posting and review of challenges: the fields a stakeholder writes, checked, and the steps
draft → submitted → approved / returned / rejected → open."""

import datetime
from collections.abc import Iterable, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from campus.alliance.models import Institution, Organisation, Region, Theme
from campus.catalog.models import CourseType, Run
from campus.people.languages import LANGUAGES
from campus.people.models import Person
from campus.permissions import Action, require
from campus.skills.models import Skill

from ..models import (
    Challenge,
    ChallengeSkill,
    Confidentiality,
    IpTerms,
)
from ..permissions import may_post_for
from .state import (
    S,
    _coordinators,
    _lock,
    _record,
    _require_state,
    _stakeholders,
    _tell,
    _transition,
    _url,
)

EDITABLE_STATES = (S.DRAFT, S.RETURNED)


# --- validation of a challenge's fields ------------------------------------------------------

CHALLENGE_FIELDS = frozenset(
    {
        "title",
        "problem",
        "expected_outcome",
        "region",
        "languages",
        "skills",
        "team_min",
        "team_max",
        "teams_wanted",
        "starts_on",
        "ends_on",
        "applications_close_on",
        "themes",
        "sdgs",
        "module",
        "confidentiality",
        "ip_terms",
    }
)


def _region(value: Region | str | None) -> Region:
    if isinstance(value, Region):
        return value
    code = (value or "").strip() if isinstance(value, str) else ""
    if not code:
        raise ValidationError({"region": _("Choose the region the challenge comes from.")})
    region = Region.objects.filter(code__iexact=code).first()
    if region is None:
        raise ValidationError(
            {"region": _("“%(code)s” is not a NUTS region of the alliance.") % {"code": code}}
        )
    return region


def _skill_weights(skills: dict[str, Any] | None) -> dict[Skill, Decimal]:
    if not skills:
        raise ValidationError(
            {"skills": _("Name at least one skill the challenge needs, with its weight.")}
        )
    uris = [str(uri).strip() for uri in skills]
    found = {s.uri: s for s in Skill.objects.filter(uri__in=uris)}
    missing = [uri for uri in uris if uri not in found]
    if missing:
        raise ValidationError(
            {
                "skills": _("Unknown skill: %(uri)s is not in the skills taxonomy.")
                % {"uri": ", ".join(missing)}
            }
        )
    weights = {}
    for uri, weight in skills.items():
        try:
            value = Decimal(str(weight).strip().replace(",", "."))
        except (InvalidOperation, ValueError):
            value = Decimal("NaN")
        if not value.is_finite() or not Decimal("0") < value <= Decimal("10"):
            raise ValidationError(
                {
                    "skills": _("A skill's weight is a number above 0 and at most 10; got “%(w)s”.")
                    % {"w": weight}
                }
            )
        weights[found[str(uri).strip()]] = value.quantize(Decimal("0.1"))
    return weights


def _codes(values: Iterable[str] | None, allowed: Iterable[str], field: str, message: str):
    allowed = set(allowed)
    cleaned = list(dict.fromkeys(str(v).strip().lower() for v in (values or ())))
    unknown = [v for v in cleaned if v not in allowed]
    if unknown:
        raise ValidationError({field: message % {"values": ", ".join(unknown)}})
    return cleaned


def _whole(value: Any, field: str) -> int:
    try:
        if isinstance(value, bool):
            raise TypeError
        return int(value)
    except (TypeError, ValueError):
        raise ValidationError(
            {field: _("“%(value)s” is not a whole number.") % {"value": value}}
        ) from None


def _date(value: Any, field: str) -> datetime.date:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value))
    except (TypeError, ValueError):
        raise ValidationError(
            {field: _("Give the date as YYYY-MM-DD; got “%(value)s”.") % {"value": value}}
        ) from None


def _clean_fields(fields: dict[str, Any]) -> dict[str, Any]:
    """Validate the given fields of a challenge (only those given), in the alliance's words."""
    unknown = set(fields) - CHALLENGE_FIELDS
    if unknown:
        raise ValidationError(
            _("These fields cannot be set on a challenge: %(f)s.")
            % {"f": ", ".join(sorted(unknown))}
        )
    cleaned = dict(fields)
    for field in ("title", "problem", "expected_outcome"):
        if field in cleaned:
            cleaned[field] = (cleaned[field] or "").strip()
            if not cleaned[field]:
                raise ValidationError(
                    {
                        "title": _("Give the challenge a title."),
                        "problem": _("Describe the problem in your own words."),
                        "expected_outcome": _("Say what outcome you expect from the teams."),
                    }[field]
                )
    if "region" in cleaned:
        cleaned["region"] = _region(cleaned["region"])
    if "skills" in cleaned:
        cleaned["skills"] = _skill_weights(cleaned["skills"])
    if "languages" in cleaned:
        cleaned["languages"] = _codes(
            cleaned["languages"],
            LANGUAGES,
            "languages",
            _("Unknown language: %(values)s; give ISO 639-1 codes such as 'en' or 'nl'."),
        )
        if not cleaned["languages"]:
            raise ValidationError(
                {"languages": _("Name at least one working language of the teams.")}
            )
    if "themes" in cleaned:
        cleaned["themes"] = _codes(
            cleaned["themes"],
            Theme.values,
            "themes",
            _("Unknown theme: %(values)s."),
        )
    if "sdgs" in cleaned:
        sdgs = [_whole(v, "sdgs") for v in cleaned["sdgs"] or ()]
        if any(not 1 <= v <= 17 for v in sdgs):
            raise ValidationError(
                {"sdgs": _("The UN Sustainable Development Goals are numbered 1 to 17.")}
            )
        cleaned["sdgs"] = sorted(set(sdgs))
    for field in ("team_min", "team_max", "teams_wanted"):
        if field in cleaned:
            cleaned[field] = _whole(cleaned[field], field)
    for field in ("starts_on", "ends_on"):
        if field in cleaned:
            cleaned[field] = _date(cleaned[field], field)
    if cleaned.get("applications_close_on") not in (None, ""):
        cleaned["applications_close_on"] = _date(
            cleaned["applications_close_on"], "applications_close_on"
        )
    elif "applications_close_on" in cleaned:
        cleaned["applications_close_on"] = None
    if "module" in cleaned and cleaned["module"] is not None:
        module = cleaned["module"]
        if not isinstance(module, Run):
            module = (
                Run.objects.select_related("course").filter(pk=_whole(module, "module")).first()
            )
        if module is None or module.course.type != CourseType.CHALLENGE:
            raise ValidationError(
                {"module": _("The module must be a run of a challenge-based module.")}
            )
        cleaned["module"] = module
    if "confidentiality" in cleaned and cleaned["confidentiality"] not in Confidentiality.values:
        raise ValidationError(
            {"confidentiality": _("Confidentiality is either public or confidential.")}
        )
    if "ip_terms" in cleaned and cleaned["ip_terms"] not in IpTerms.values:
        raise ValidationError(
            {"ip_terms": _("The intellectual-property terms are open, shared or stakeholder.")}
        )
    return cleaned


def _check_whole(challenge: Challenge) -> None:
    """Rules across fields, checked on the challenge as it will be saved."""
    if challenge.team_min < 1:
        raise ValidationError({"team_min": _("A team has at least one student.")})
    if challenge.team_max < challenge.team_min:
        raise ValidationError(
            {"team_max": _("The largest team cannot be smaller than the smallest.")}
        )
    if challenge.team_max > 50:
        raise ValidationError({"team_max": _("A team has at most 50 students.")})
    if not 1 <= challenge.teams_wanted <= 100:
        raise ValidationError({"teams_wanted": _("Ask for between 1 and 100 teams.")})
    if challenge.ends_on < challenge.starts_on:
        raise ValidationError({"ends_on": _("A challenge cannot end before it starts.")})
    close = challenge.applications_close_on
    if close is not None and close > challenge.starts_on:
        raise ValidationError(
            {
                "applications_close_on": _(
                    "Applications close on or before the day the challenge starts, so that "
                    "teams can be formed."
                )
            }
        )


def _set_skills(challenge: Challenge, weights: dict[Skill, Decimal]) -> None:
    challenge.skill_needs.all().delete()
    ChallengeSkill.objects.bulk_create(
        [ChallengeSkill(challenge=challenge, skill=s, weight=w) for s, w in weights.items()]
    )


# --- posting and review ----------------------------------------------------------------------


@transaction.atomic
def challenge_create(
    *,
    by: Person,
    organisation: Organisation,
    title: str,
    problem: str,
    expected_outcome: str,
    region: Region | str | None,
    languages: Sequence[str],
    skills: dict[str, float],
    team_min: int,
    team_max: int,
    teams_wanted: int,
    starts_on: datetime.date,
    ends_on: datetime.date,
    applications_close_on: datetime.date | None = None,
    themes: Sequence[str] = (),
    sdgs: Sequence[int] = (),
    module: Run | None = None,
    confidentiality: str = Confidentiality.PUBLIC,
    ip_terms: str = IpTerms.SHARED,
    institution: Institution | None = None,
) -> Challenge:
    """Post a challenge for an organisation, as a draft (its representative, partner staff on
    its behalf, or an administrator)."""
    if organisation is None:
        raise ValidationError({"organisation": _("Name the organisation the challenge is for.")})
    if not may_post_for(by, organisation):
        raise PermissionDenied(
            _(
                "Only a representative of %(org)s, staff of a partner institution or an "
                "alliance administrator may post a challenge for it."
            )
            % {"org": organisation.name}
        )
    cleaned = _clean_fields(
        {
            "title": title,
            "problem": problem,
            "expected_outcome": expected_outcome,
            "region": region,
            "languages": languages,
            "skills": skills,
            "team_min": team_min,
            "team_max": team_max,
            "teams_wanted": teams_wanted,
            "starts_on": starts_on,
            "ends_on": ends_on,
            "applications_close_on": applications_close_on,
            "themes": themes,
            "sdgs": sdgs,
            "module": module,
            "confidentiality": confidentiality,
            "ip_terms": ip_terms,
        }
    )
    weights = cleaned.pop("skills")
    if institution is None:
        institution = organisation.partner_institution or (
            Institution.objects.filter(region=cleaned["region"]).order_by("pk").first()
        )
    if institution is None:
        raise ValidationError(
            {
                "institution": _(
                    "No partner institution works with %(org)s or in %(region)s; "
                    "choose the institution that should review the challenge."
                )
                % {"org": organisation.name, "region": cleaned["region"].name}
            }
        )
    challenge = Challenge(
        organisation=organisation, institution=institution, posted_by=by, **cleaned
    )
    _check_whole(challenge)
    challenge.full_clean()
    challenge.save()
    _set_skills(challenge, weights)
    _record(challenge, by, "", S.DRAFT, _("Posted as a draft."))
    return challenge


@transaction.atomic
def challenge_update(*, challenge: Challenge, by: Person, **fields: Any) -> Challenge:
    """Change a draft or returned challenge (its poster, the organisation's representatives,
    the reviewing coordinator, or an administrator)."""
    challenge = _lock(challenge)
    require(by, Action.CHANGE, challenge)
    _require_state(challenge, EDITABLE_STATES, _("changed"))
    cleaned = _clean_fields(fields)
    weights = cleaned.pop("skills", None)
    for field, value in cleaned.items():
        setattr(challenge, field, value)
    _check_whole(challenge)
    challenge.full_clean()
    challenge.save()
    if weights is not None:
        _set_skills(challenge, weights)
    return challenge


@transaction.atomic
def challenge_submit(*, challenge: Challenge, by: Person) -> Challenge:
    """Send a draft (or a returned challenge) to the reviewing institution."""
    challenge = _lock(challenge)
    require(by, Action.CHANGE, challenge)
    _require_state(challenge, EDITABLE_STATES, _("submitted"))
    if not challenge.skill_needs.exists():
        raise ValidationError(
            {"skills": _("Name at least one skill the challenge needs, with its weight.")}
        )
    _transition(challenge, by, S.SUBMITTED)
    _tell(
        _coordinators(challenge.institution_id),
        gettext_noop("A challenge waits for your review: %(title)s (%(org)s)."),
        _url("challenges:challenge", challenge.pk),
        params={"title": challenge.title, "org": challenge.organisation.name},
    )
    return challenge


@transaction.atomic
def challenge_approve(*, challenge: Challenge, by: Person, feedback: str = "") -> Challenge:
    """Approve a submitted challenge (the reviewing institution's coordinator, or an admin)."""
    challenge = _lock(challenge)
    require(by, Action.APPROVE, challenge)
    _require_state(challenge, (S.SUBMITTED,), _("approved"))
    feedback = (feedback or "").strip()
    _transition(challenge, by, S.APPROVED, feedback, review_feedback=feedback)
    _tell(
        _stakeholders(challenge),
        gettext_noop("Your challenge “%(title)s” was approved."),
        _url("challenges:challenge", challenge.pk),
        params={"title": challenge.title},
        skip=by,
    )
    return challenge


def _decline(challenge: Challenge, by: Person, reason: str, to_state: str, message: str):
    challenge = _lock(challenge)
    require(by, Action.APPROVE, challenge)
    doing = _("returned") if to_state == S.RETURNED else _("rejected")
    _require_state(challenge, (S.SUBMITTED,), doing)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason, so that the stakeholder knows why.")})
    _transition(challenge, by, to_state, reason, review_feedback=reason)
    _tell(
        _stakeholders(challenge),
        message,
        _url("challenges:challenge", challenge.pk),
        params={"title": challenge.title, "reason": reason},
        skip=by,
    )
    return challenge


@transaction.atomic
def challenge_return(*, challenge: Challenge, by: Person, reason: str) -> Challenge:
    """Send a submitted challenge back to its poster for changes, with the reason."""
    return _decline(
        challenge,
        by,
        reason,
        S.RETURNED,
        gettext_noop("Your challenge “%(title)s” was returned for changes: %(reason)s"),
    )


@transaction.atomic
def challenge_reject(*, challenge: Challenge, by: Person, reason: str) -> Challenge:
    """Turn a submitted challenge down, with the reason."""
    return _decline(
        challenge,
        by,
        reason,
        S.REJECTED,
        gettext_noop("Your challenge “%(title)s” was rejected: %(reason)s"),
    )


@transaction.atomic
def challenge_open(*, challenge: Challenge, by: Person) -> Challenge:
    """Open an approved challenge for applications (the reviewing coordinator, or an admin)."""
    challenge = _lock(challenge)
    require(by, Action.APPROVE, challenge)
    _require_state(challenge, (S.APPROVED,), _("opened for applications"))
    _transition(challenge, by, S.OPEN)
    _tell(
        _stakeholders(challenge),
        gettext_noop("Your challenge “%(title)s” is open for applications."),
        _url("challenges:challenge", challenge.pk),
        params={"title": challenge.title},
        skip=by,
    )
    return challenge
