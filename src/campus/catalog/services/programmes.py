"""Joint programmes: creating them (alliance administrators)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from campus.alliance.models import Institution, Theme
from campus.people.models import Person
from campus.permissions import Action, require

from ..models import Programme, ProgrammeGroup, ProgrammeKind
from ..validation import parse_decimal

ZERO = Decimal("0")


def _clean_groups(groups: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each group with its courses and its ECTS minimum, checked against the group's rule."""
    if not groups:
        raise ValidationError({"groups": _("A programme has at least one group of modules.")})
    cleaned, seen = [], set()
    for position, group in enumerate(groups):
        name = str(group.get("name") or "").strip()
        if not name:
            raise ValidationError({"groups": _("Every group of modules needs a name.")})
        courses = list(group.get("courses") or ())
        if not courses:
            raise ValidationError(
                {"groups": _("The group “%(name)s” has no modules.") % {"name": name}}
            )
        for course in courses:
            if course.pk in seen:
                raise ValidationError(
                    {"groups": _("%(code)s is in more than one group.") % {"code": course.code}}
                )
            seen.add(course.pk)
        required = bool(group.get("required", True))
        available = sum((Decimal(c.ects) for c in courses), ZERO)
        given = group.get("min_ects")
        if required:
            min_ects = available
            if given not in (None, "") and parse_decimal(given, "min_ects") != available:
                raise ValidationError(
                    {
                        "groups": _(
                            "In the required group “%(name)s” the modules add up to %(sum)s ECTS, "
                            "not %(given)s."
                        )
                        % {"name": name, "sum": available, "given": given}
                    }
                )
        else:
            if given in (None, ""):
                raise ValidationError(
                    {
                        "groups": _("Give the elective group “%(name)s” its ECTS minimum.")
                        % {"name": name}
                    }
                )
            min_ects = parse_decimal(given, "min_ects")
            if min_ects <= 0:
                raise ValidationError(
                    {
                        "groups": _("The elective group “%(name)s” needs a minimum above 0 ECTS.")
                        % {"name": name}
                    }
                )
            if min_ects > available:
                raise ValidationError(
                    {
                        "groups": _(
                            "The elective group “%(name)s” asks for %(min)s ECTS but its modules "
                            "give only %(sum)s."
                        )
                        % {"name": name, "min": min_ects, "sum": available}
                    }
                )
        cleaned.append(
            {
                "position": position,
                "name": name,
                "required": required,
                "min_ects": min_ects,
                "courses": courses,
            }
        )
    return cleaned


@transaction.atomic
def programme_create(
    *,
    by: Person,
    code: str,
    kind: str,
    title: str,
    description: str,
    institutions: Sequence[Institution],
    ects_total: Any,
    eqf_level: Any,
    themes: Iterable[str] = (),
    groups: Sequence[dict[str, Any]] = (),
) -> Programme:
    """Add a joint programme with its groups of modules (alliance administrators only)."""
    require(by, Action.CREATE, Programme)
    code = (code or "").strip()
    title = (title or "").strip()
    if not code:
        raise ValidationError({"code": _("Give the programme a code.")})
    if not title:
        raise ValidationError({"title": _("Give the programme a title.")})
    if kind not in ProgrammeKind.values:
        raise ValidationError(
            {
                "kind": _("Unknown kind “%(kind)s”; choose from %(allowed)s.")
                % {"kind": kind, "allowed": ", ".join(ProgrammeKind.values)}
            }
        )
    if Programme.objects.filter(code=code).exists():
        raise ValidationError(
            {"code": _("A programme with the code %(code)s exists already.") % {"code": code}}
        )
    institutions = list(dict.fromkeys(institutions))
    needed = 1 if kind == ProgrammeKind.CERTIFICATE else 2
    if len(institutions) < needed:
        raise ValidationError(
            {"institutions": _("A joint programme is offered by at least two partners.")}
        )
    themes = list(dict.fromkeys(themes or ()))
    unknown = [t for t in themes if t not in Theme.values]
    if unknown:
        raise ValidationError(
            {"themes": _("Unknown theme: %(t)s.") % {"t": ", ".join(map(str, unknown))}}
        )
    total = parse_decimal(ects_total, "ects_total", maximum=Decimal("180"))
    if total <= 0:
        raise ValidationError({"ects_total": _("A programme gives at least some ECTS credits.")})
    try:
        eqf = int(eqf_level)
    except (TypeError, ValueError):
        raise ValidationError(
            {"eqf_level": _("“%(value)s” is not a whole number.") % {"value": eqf_level}}
        ) from None
    if not 1 <= eqf <= 8:
        raise ValidationError({"eqf_level": _("The EQF level runs from 1 to 8.")})
    cleaned = _clean_groups(groups)
    planned = sum((g["min_ects"] for g in cleaned), ZERO)
    if planned != total:
        raise ValidationError(
            {
                "ects_total": _(
                    "The groups add up to %(sum)s ECTS (required modules plus elective minimums), "
                    "but the programme is %(total)s ECTS."
                )
                % {"sum": planned, "total": total}
            }
        )
    programme = Programme(
        code=code,
        kind=kind,
        title=title,
        description=(description or "").strip(),
        ects_total=total,
        eqf_level=eqf,
        themes=themes,
    )
    programme.full_clean()
    programme.save()
    programme.institutions.set(institutions)
    for group in cleaned:
        row = ProgrammeGroup(
            programme=programme,
            position=group["position"],
            name=group["name"],
            required=group["required"],
            min_ects=group["min_ects"],
        )
        row.full_clean(exclude=["programme"])
        row.save()
        row.courses.set(group["courses"])
    return programme
