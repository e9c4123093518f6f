"""The CSV files of the skills gap: a regional needs survey and an automation-exposure data set.

Reading never writes: a file becomes rows, each carrying the problems found while reading it,
so that the preview shows every problem of every row before anything is saved
(the catalogue's CSV import works the same way, and lends its reader: catalog.csv_io).

Needs survey columns: ``region`` (NUTS code), ``skill`` (ESCO URI, or a label in any language
the campus holds), ``weight`` (a number from 0 to 10, one decimal), ``source`` (optional; the
upload's source otherwise).

Exposure columns: ``code`` (an ESCO skill URI, or an ISCO-08 code of 1 to 4 digits),
``exposure`` (0 to 1, three decimals), ``source`` and ``year`` (optional).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _

from campus.alliance.models import Region
from campus.catalog.csv_io import read_table
from campus.catalog.validation import parse_decimal
from campus.permissions import is_alliance_admin
from campus.service_errors import error_messages
from campus.skills.models import Skill, SkillLabel, normalise_label

from .models import SURVEY_WEIGHT_MAX
from .permissions import coordinated_region_ids

SURVEY_COLUMNS = ("region", "skill", "weight", "source")
SURVEY_REQUIRED = ("region", "skill", "weight")
EXPOSURE_COLUMNS = ("code", "exposure", "source", "year")
EXPOSURE_REQUIRED = ("code", "exposure")
ESCO_SKILL_PREFIX = "http://data.europa.eu/esco/skill/"
ISCO_CODE = re.compile(r"\d{1,4}")
SOURCE_MAX = 300


@dataclass
class SurveyRow:
    row: int
    region_code: str
    skill_text: str
    weight_text: str
    source: str
    region: Region | None = None
    skill: Skill | None = None
    weight: Decimal | None = None
    errors: list[str] = field(default_factory=list)

    @property
    def cells(self) -> tuple[str, ...]:
        label = self.skill.display_label if self.skill else self.skill_text
        return (self.region_code, label, self.weight_text, self.source)


@dataclass
class ExposureRow:
    row: int
    code: str
    score_text: str
    source: str
    year_text: str
    skill: Skill | None = None
    isco_code: str = ""
    score: Decimal | None = None
    year: int | None = None
    errors: list[str] = field(default_factory=list)

    @property
    def cells(self) -> tuple[str, ...]:
        code = self.skill.display_label if self.skill else self.code
        return (code, self.score_text, self.source, self.year_text)


@dataclass
class ParsedFile:
    errors: list[str]
    rows: list
    ignored: list[str] = field(default_factory=list)

    @property
    def row_errors(self) -> int:
        return sum(1 for r in self.rows if r.errors)


def _decimal(text: str, name: str, maximum: Decimal, places: int) -> Decimal:
    number = parse_decimal(text, name, maximum=maximum)
    if -number.as_tuple().exponent > places:
        raise ValidationError(
            _("%(value)s has more than %(places)s decimals.") % {"value": text, "places": places}
        )
    return number


def _regions(codes: set[str]) -> dict[str, Region]:
    found: dict[str, Region] = {}
    for region in Region.objects.filter(Q(code__in=codes) | Q(code_2021__in=codes)):
        found.setdefault(region.code, region)
        if region.code_2021:
            found.setdefault(region.code_2021, region)
    return found


def _skills(texts: set[str]) -> tuple[dict[str, Skill], dict[str, list[int]]]:
    """Skills by URI, and skill ids by normalised label (a label of two skills is ambiguous)."""
    uris = {t for t in texts if t.startswith("http")}
    by_uri = {s.uri: s for s in Skill.objects.filter(uri__in=uris)}
    labels = {" " + normalise_label(t) for t in texts - uris if normalise_label(t)}
    by_label: dict[str, set[int]] = {}
    for search_text, skill_id in SkillLabel.objects.filter(search_text__in=labels).values_list(
        "search_text", "skill_id"
    ):
        by_label.setdefault(search_text, set()).add(skill_id)
    ids = {i for found in by_label.values() for i in found if len(found) == 1}
    skills = Skill.objects.in_bulk(ids)
    for search_text, found in by_label.items():
        if len(found) == 1:
            by_uri[search_text] = skills[next(iter(found))]
    return by_uri, {k: sorted(v) for k, v in by_label.items() if len(v) > 1}


def survey_parse(text: str, *, by, source: str) -> ParsedFile:
    """Read a needs survey CSV into rows for ``services.survey_import``, each with its
    problems: unknown region, a region the uploader does not coordinate, unknown or ambiguous
    skill, a weight that is not a number from 0 to 10, a region and skill named twice."""
    table = read_table(text, known=SURVEY_COLUMNS, required=SURVEY_REQUIRED)
    result = ParsedFile(list(table.errors), [], table.ignored)
    if not table.errors:
        result.rows = survey_rows(table.records, by=by, source=source)
    return result


def survey_rows(records: list[tuple[int, dict[str, str]]], *, by, source: str) -> list[SurveyRow]:
    """Survey rows from records (row number, cells), each with its problems (a fixed number
    of queries: regions, skills by URI, labels)."""
    rows = []
    regions = _regions({r.get("region", "").upper() for _n, r in records})
    skills, ambiguous = _skills({r.get("skill", "") for _n, r in records})
    allowed = None if is_alliance_admin(by) else coordinated_region_ids(by)
    seen: dict[tuple[int, int], int] = {}
    for number, record in records:
        row = SurveyRow(
            number,
            record.get("region", "").upper(),
            record.get("skill", ""),
            record.get("weight", ""),
            record.get("source", "") or source,
        )
        row.region = regions.get(row.region_code)
        if not row.region_code:
            row.errors.append(_("The region is empty."))
        elif row.region is None:
            row.errors.append(
                _("Unknown region code “%(code)s”: write a NUTS code such as BE21.")
                % {"code": row.region_code}
            )
        elif allowed is not None and row.region.pk not in allowed:
            row.errors.append(
                _("You may enter needs only for the regions of the institutions you coordinate.")
            )
        row.skill = skills.get(row.skill_text) or skills.get(" " + normalise_label(row.skill_text))
        if not row.skill_text:
            row.errors.append(_("The skill is empty."))
        elif " " + normalise_label(row.skill_text) in ambiguous:
            row.errors.append(
                _("“%(skill)s” names more than one skill: write its ESCO URI.")
                % {"skill": row.skill_text}
            )
        elif row.skill is None:
            row.errors.append(
                _("Unknown skill “%(skill)s”: write an ESCO skill URI or a skill's label.")
                % {"skill": row.skill_text}
            )
        try:
            row.weight = _decimal(row.weight_text, "weight", Decimal(SURVEY_WEIGHT_MAX), 1)
        except ValidationError as error:
            row.errors.append(_("Weight: %(e)s") % {"e": " ".join(error_messages(error))})
        if len(row.source) > SOURCE_MAX:
            row.errors.append(_("A source has at most %(n)s characters.") % {"n": SOURCE_MAX})
        if row.region and row.skill:
            key = (row.region.pk, row.skill.pk)
            if key in seen:
                row.errors.append(
                    _("This region and skill are on row %(row)s already.") % {"row": seen[key]}
                )
            else:
                seen[key] = number
        rows.append(row)
    return rows


def exposure_parse(text: str, *, source: str) -> ParsedFile:
    """Read an exposure CSV into rows for ``services.exposure_import``, each with its
    problems: a code that is neither a known ESCO skill URI nor an ISCO-08 code, an exposure
    that is not a number from 0 to 1, a year that is not one, a skill or code named twice."""
    table = read_table(text, known=EXPOSURE_COLUMNS, required=EXPOSURE_REQUIRED)
    result = ParsedFile(list(table.errors), [], table.ignored)
    if table.errors:
        return result
    uris = {r.get("code", "") for _n, r in table.records if r.get("code", "").startswith("http")}
    skills = {s.uri: s for s in Skill.objects.filter(uri__in=uris)}
    seen: dict[str, int] = {}
    for number, record in table.records:
        row = ExposureRow(
            number,
            record.get("code", ""),
            record.get("exposure", ""),
            record.get("source", "") or source,
            record.get("year", ""),
        )
        if not row.code:
            row.errors.append(_("The code is empty."))
        elif ISCO_CODE.fullmatch(row.code):
            row.isco_code = row.code
        elif row.code in skills:
            row.skill = skills[row.code]
        elif row.code.startswith(ESCO_SKILL_PREFIX):
            row.errors.append(_("Unknown ESCO skill URI “%(uri)s”.") % {"uri": row.code})
        else:
            row.errors.append(
                _("“%(code)s” is neither an ESCO skill URI nor an ISCO-08 code (1 to 4 digits).")
                % {"code": row.code}
            )
        try:
            row.score = _decimal(row.score_text, "exposure", Decimal("1"), 3)
        except ValidationError as error:
            row.errors.append(_("Exposure: %(e)s") % {"e": " ".join(error_messages(error))})
        if row.year_text:
            if row.year_text.isdigit() and 1900 <= int(row.year_text) <= 2100:
                row.year = int(row.year_text)
            else:
                row.errors.append(
                    _("“%(year)s” is not a year from 1900 to 2100.") % {"year": row.year_text}
                )
        if len(row.source) > SOURCE_MAX:
            row.errors.append(_("A source has at most %(n)s characters.") % {"n": SOURCE_MAX})
        if row.code and not row.errors:
            if row.code in seen:
                row.errors.append(
                    _("This code is on row %(row)s already.") % {"row": seen[row.code]}
                )
            else:
                seen[row.code] = number
        result.rows.append(row)
    return result
