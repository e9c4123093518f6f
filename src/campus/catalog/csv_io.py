"""CSV in and out of the catalogue: the catalogue export and import (which round-trip), the
participants of a run, and the results a lecturer uploads.

Reading never writes: it turns a file into rows for the bulk services in ``teaching``
(``CourseRow``, ``ResultRow``), each carrying the problems found while reading it, so that
a preview can show every problem of every row before anything is saved.

The catalogue file has one course per row; list cells separate their items with ``|``;
the ``outcomes`` cell separates outcomes with ``||``, each outcome being its text,
optionally followed by `` | `` and the ESCO skill URIs separated by spaces.
Either a comma or a semicolon separates the columns (the header says which).
"""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.utils.translation import gettext as _

from campus.alliance.models import Institution, normalise_erasmus_code
from campus.csv_cells import cell_restore, csv_text
from campus.people.models import Person
from campus.permissions import is_alliance_admin
from campus.service_errors import error_messages
from campus.skills.models import Skill

from .models import Course, EctsGrade, Enrolment, EnrolmentStatus, LearningOutcome, Run
from .selectors.teaching import Participant
from .services.teaching import CourseRow, ResultRow
from .validation import parse_decimal

# The previewed file goes back to the server base64-encoded in a form field, which must stay
# under Django's DATA_UPLOAD_MAX_MEMORY_SIZE (2.5 MB).
MAX_UPLOAD_BYTES = 1024 * 1024

CATALOGUE_COLUMNS = (
    "code",
    "type",
    "title",
    "description",
    "local_language",
    "title_local",
    "description_local",
    "hosts",
    "ects",
    "eqf_level",
    "isced_field",
    "languages",
    "mode",
    "workload_hours",
    "assessment",
    "audience",
    "themes",
    "fee_external",
    "prerequisites",
    "outcomes",
    "published",
)
CATALOGUE_REQUIRED = (
    "code",
    "type",
    "title",
    "description",
    "hosts",
    "ects",
    "eqf_level",
    "isced_field",
    "languages",
    "mode",
    "workload_hours",
    "assessment",
    "audience",
)
RESULT_COLUMNS = ("email", "ects_grade", "local_grade", "ects_earned", "result_date")
RESULT_REQUIRED = ("email", "ects_grade")
PARTICIPANT_COLUMNS = ("email", "name", "status", "position", *RESULT_COLUMNS[1:])

LIST_SEPARATOR = "|"
OUTCOME_SEPARATOR = "||"
SKILLS_SEPARATOR = " | "
TRUE_WORDS = {"true", "yes", "1", "y", "ja", "oui", "si", "sí", "x"}
FALSE_WORDS = {"false", "no", "0", "n", "nee", "non", ""}


# --- reading a file ------------------------------------------------------------------------


def decode_upload(data: bytes) -> str:
    """The text of an uploaded CSV file (UTF-8, with or without a byte order mark)."""
    if len(data) > MAX_UPLOAD_BYTES:
        raise ValidationError(
            _("The file is larger than %(kb)s KB.") % {"kb": MAX_UPLOAD_BYTES // 1024}
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationError(
            _("The file is not UTF-8 text. Save it as “CSV UTF-8” and upload it again.")
        ) from None


def detect_delimiter(text: str) -> str:
    """A semicolon when the header line has more semicolons than commas, else a comma."""
    header = text.lstrip("\ufeff").split("\n", 1)[0]
    return ";" if header.count(";") > header.count(",") else ","


@dataclass
class Table:
    """The records of a CSV file as dicts keyed by lower-case column names."""

    columns: list[str]
    records: list[tuple[int, dict[str, str]]]  # (row number in the file, cells)
    errors: list[str] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)


def read_table(text: str, *, known: Iterable[str], required: Iterable[str]) -> Table:
    """Split a CSV text into records; the header is required and names the columns.

    Row numbers count like a spreadsheet: the header is row 1. Empty rows are skipped.
    """
    text = text.lstrip("\ufeff")
    if not text.strip():
        return Table([], [], [_("The file is empty.")])
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=detect_delimiter(text))
    try:
        rows = list(reader)
    except csv.Error as error:
        return Table([], [], [_("The file is not valid CSV: %(error)s") % {"error": error}])
    header = [cell.strip().lower() for cell in rows[0]]
    known = tuple(known)
    table = Table(header, [])
    missing = [c for c in required if c not in header]
    if missing:
        table.errors.append(
            _("Missing columns: %(columns)s. The first row must name the columns.")
            % {"columns": ", ".join(missing)}
        )
    duplicated = sorted({c for c in header if c and header.count(c) > 1})
    if duplicated:
        table.errors.append(
            _("Columns named twice: %(columns)s.") % {"columns": ", ".join(duplicated)}
        )
    table.ignored = [c for c in header if c and c not in known]
    for number, cells in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in cells):
            continue
        record = {
            # The campus's own exports quote formula-like cells; a file typed elsewhere has
            # no quotes to undo.
            name: (cell_restore(cells[i]).strip() if i < len(cells) else "")
            for i, name in enumerate(header)
            if name in known
        }
        table.records.append((number, record))
    if not table.records and not table.errors:
        table.errors.append(_("The file has a header but no rows."))
    return table


def split_list(cell: str, separator: str = LIST_SEPARATOR) -> list[str]:
    return [item.strip() for item in (cell or "").split(separator) if item.strip()]


def parse_outcome(text: str) -> tuple[str, list[str]]:
    """'Text | uri uri' -> ('Text', ['uri', 'uri']); a line without ' | ' has no skills."""
    sentence, _sep, uris = text.partition(SKILLS_SEPARATOR)
    return sentence.strip(), uris.split()


def parse_outcomes(cell: str) -> list[tuple[str, list[str]]]:
    return [parse_outcome(item) for item in split_list(cell, OUTCOME_SEPARATOR)]


def format_outcome(text: str, uris: Iterable[str]) -> str:
    uris = list(uris)
    return f"{text}{SKILLS_SEPARATOR}{' '.join(uris)}" if uris else text


def parse_bool(cell: str) -> bool:
    word = (cell or "").strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ValidationError(
        _("“%(value)s” is neither true nor false; write true or false.") % {"value": cell}
    )


def _number(value: Decimal | None) -> str:
    return "" if value is None else format(value, "f")


# --- the catalogue -------------------------------------------------------------------------


def catalogue_courses(courses) -> list[Course]:
    """The courses to export, by code, with everything the columns need (four queries)."""
    return list(
        courses.prefetch_related(None)
        .order_by("code")
        .prefetch_related(
            "hosts",
            Prefetch("prerequisites", queryset=Course.objects.only("pk", "code")),
            Prefetch(
                "outcomes",
                queryset=LearningOutcome.objects.order_by("position", "pk").prefetch_related(
                    "skills"
                ),
            ),
        )
    )


def course_cells(course: Course) -> list[str]:
    hosts = sorted(h.code for h in course.hosts.all())
    prerequisites = sorted(p.code for p in course.prerequisites.all())
    outcomes = [
        format_outcome(o.text, sorted(s.uri for s in o.skills.all())) for o in course.outcomes.all()
    ]
    return [
        course.code,
        course.type,
        course.title,
        course.description,
        course.local_language,
        course.title_local,
        course.description_local,
        LIST_SEPARATOR.join(hosts),
        _number(course.ects),
        str(course.eqf_level),
        course.isced_field,
        LIST_SEPARATOR.join(course.languages),
        course.mode,
        str(course.workload_hours),
        course.assessment,
        LIST_SEPARATOR.join(course.audience),
        LIST_SEPARATOR.join(course.themes),
        _number(course.fee_external),
        LIST_SEPARATOR.join(prerequisites),
        f" {OUTCOME_SEPARATOR} ".join(outcomes),
        "true" if course.published else "false",
    ]


def catalogue_export(courses) -> str:
    """The catalogue as CSV, one course a row, in the columns ``catalogue_import`` reads."""
    return csv_text(CATALOGUE_COLUMNS, (course_cells(c) for c in catalogue_courses(courses)))


@dataclass
class CatalogueFile:
    errors: list[str]
    rows: list[CourseRow]
    ignored: list[str] = field(default_factory=list)


def _institutions_by_code() -> dict[str, Institution]:
    found = {}
    for institution in Institution.objects.all():
        found[institution.code_key] = institution
        for other in institution.other_codes:
            found.setdefault(normalise_erasmus_code(other), institution)
    return found


def catalogue_parse(text: str, *, by: Person) -> CatalogueFile:
    """Read a catalogue CSV into rows for ``teaching.catalogue_import``, with each row's
    problems: unknown institutions, another institution's course, numbers that are not,
    unknown prerequisites (unless defined in the file) and unknown skills."""
    table = read_table(text, known=CATALOGUE_COLUMNS, required=CATALOGUE_REQUIRED)
    result = CatalogueFile(list(table.errors), [], table.ignored)
    if table.errors:
        return result
    institutions = _institutions_by_code()
    codes_in_file = {r.get("code", "") for _n, r in table.records}
    uris = {
        uri
        for _n, record in table.records
        for _text, found in parse_outcomes(record.get("outcomes", ""))
        for uri in found
    }
    known_uris = set(Skill.objects.filter(uri__in=uris).values_list("uri", flat=True))
    prerequisite_codes = {
        code for _n, record in table.records for code in split_list(record.get("prerequisites"))
    }
    known_codes = set(
        Course.objects.filter(code__in=prerequisite_codes).values_list("code", flat=True)
    )
    existing = {
        c.code: c for c in Course.objects.filter(code__in=codes_in_file).prefetch_related("hosts")
    }
    admin = is_alliance_admin(by)
    for number, record in table.records:
        result.rows.append(
            _course_row(
                number,
                record,
                by=by,
                admin=admin,
                institutions=institutions,
                known_uris=known_uris,
                known_codes=known_codes | codes_in_file,
                existing=existing,
            )
        )
    return result


def _course_row(number, record, *, by, admin, institutions, known_uris, known_codes, existing):
    row = CourseRow(row=number, code=record.get("code", ""))
    errors = row.errors
    if not row.code:
        errors.append(_("The code is empty."))
    fields: dict = {"code": row.code}
    for name in (
        "type",
        "title",
        "description",
        "local_language",
        "title_local",
        "description_local",
        "isced_field",
    ):
        if name in record:
            fields[name] = record[name]
    for name in ("mode", "assessment"):
        if name in record:
            fields[name] = record[name].lower()
    for name in ("languages", "audience", "themes"):
        if name in record:
            fields[name] = [v.lower() for v in split_list(record[name])]
    for name, label, maximum in (
        ("ects", _("ECTS"), Decimal("180")),
        ("fee_external", _("fee"), None),
    ):
        if name not in record:
            continue
        if name == "fee_external" and not record[name]:
            fields[name] = Decimal("0")
            continue
        try:
            fields[name] = parse_decimal(record[name], name, maximum=maximum)
        except ValidationError as error:
            errors.append(f"{label}: {' '.join(error_messages(error))}")
    for name, label in (("eqf_level", _("EQF level")), ("workload_hours", _("workload"))):
        if name in record:
            try:
                fields[name] = int(record[name])
            except ValueError:
                errors.append(
                    _("%(label)s: “%(value)s” is not a whole number.")
                    % {"label": label, "value": record[name]}
                )
    if "published" in record:
        try:
            fields["published"] = parse_bool(record["published"])
        except ValidationError as error:
            errors.append(_("published: %(e)s") % {"e": " ".join(error.messages)})
    if "hosts" in record:
        hosts = []
        for code in split_list(record["hosts"]):
            institution = institutions.get(normalise_erasmus_code(code))
            if institution is None:
                errors.append(
                    _("Unknown host institution: no partner has the Erasmus code “%(code)s”.")
                    % {"code": code}
                )
            else:
                hosts.append(institution)
        if not split_list(record["hosts"]):
            errors.append(_("A course has at least one host institution."))
        row.hosts = hosts
        if hosts and not admin and by.institution_id not in {h.pk for h in hosts}:
            errors.append(
                _("You may import courses of your own institution only; add its code to hosts.")
            )
    course = existing.get(row.code)
    if (
        course is not None
        and not admin
        and by.institution_id not in {h.pk for h in course.hosts.all()}
    ):
        errors.append(
            _("The course %(code)s belongs to another institution; you may not change it.")
            % {"code": row.code}
        )
    if "prerequisites" in record:
        codes = split_list(record["prerequisites"])
        unknown = [c for c in codes if c not in known_codes]
        if unknown:
            errors.append(
                _("Unknown prerequisite course code: %(codes)s.") % {"codes": ", ".join(unknown)}
            )
        row.prerequisite_codes = codes
    if "outcomes" in record:
        row.outcomes = parse_outcomes(record["outcomes"])
        unknown = [uri for _t, uris in row.outcomes for uri in uris if uri not in known_uris]
        if unknown:
            errors.append(
                _("Unknown skill: %(uris)s is not in the skills taxonomy.")
                % {"uris": ", ".join(dict.fromkeys(unknown))}
            )
        if any(not text for text, _uris in row.outcomes):
            errors.append(_("A learning outcome cannot be empty."))
    row.fields = fields
    return row


# --- participants and results of a run -----------------------------------------------------


def participants_export(participants: Iterable[Participant]) -> str:
    """The participants of a run as CSV; fill in the result columns and upload it back."""
    return csv_text(
        PARTICIPANT_COLUMNS,
        (
            [
                p.enrolment.person.email,
                p.enrolment.person.display_name,
                p.enrolment.status,
                p.position or "",
                p.enrolment.ects_grade,
                p.enrolment.local_grade,
                _number(p.enrolment.ects_earned),
                p.enrolment.result_date.isoformat() if p.enrolment.result_date else "",
            ]
            for p in participants
        ),
    )


@dataclass
class ResultsFile:
    errors: list[str]
    rows: list[ResultRow]
    ignored: list[str] = field(default_factory=list)

    @property
    def row_errors(self) -> int:
        return sum(1 for r in self.rows if r.errors)


def parse_date(value: str) -> datetime.date:
    """A result date written YYYY-MM-DD (or DD.MM.YYYY / DD/MM/YYYY, as spreadsheets do)."""
    value = value.strip()
    for pattern in ("%Y-%m-%d", "%d.%m.%Y", "%d/%m/%Y"):
        try:
            return datetime.datetime.strptime(value, pattern).date()  # noqa: DTZ007 - a date, no time zone
        except ValueError:
            continue
    raise ValidationError(
        _("“%(value)s” is not a date; write it as YYYY-MM-DD.") % {"value": value}
    )


def results_parse(text: str, *, run: Run) -> ResultsFile:
    """Read a results CSV of one run into rows for ``teaching.results_record_all``, each
    with its problems: unknown e-mail, not a participant, grade out of scale, credits that
    are not a number, negative or more than the course gives, a date that is not one."""
    table = read_table(text, known=RESULT_COLUMNS, required=RESULT_REQUIRED)
    result = ResultsFile(list(table.errors), [], table.ignored)
    if table.errors:
        return result
    emails = {r.get("email", "").lower() for _n, r in table.records}
    participants = {
        e.person.email.lower(): e
        for e in Enrolment.objects.filter(run=run, person__email__in=emails)
        .exclude(status=EnrolmentStatus.WITHDRAWN)
        .select_related("person")
    }
    people = {
        email.lower()
        for email in Person.objects.filter(email__in=emails).values_list("email", flat=True)
    }
    course_ects = run.course.ects
    for number, record in table.records:
        email = record.get("email", "").lower()
        row = ResultRow(
            row=number,
            enrolment=participants.get(email),
            email=email,
            ects_grade=record.get("ects_grade", "").upper(),
            local_grade=record.get("local_grade", ""),
        )
        if not email:
            row.errors.append(_("The e-mail address is empty."))
        elif email not in people:
            row.errors.append(
                _("Unknown e-mail address: no one on the campus has “%(email)s”.")
                % {"email": email}
            )
        elif row.enrolment is None:
            row.errors.append(_("%(email)s is not a participant of this run.") % {"email": email})
        if row.ects_grade not in EctsGrade.values:
            row.errors.append(
                _("Grade out of scale: “%(grade)s”; the ECTS grade is one of %(scale)s.")
                % {"grade": record.get("ects_grade", ""), "scale": ", ".join(EctsGrade.values)}
            )
        if record.get("ects_earned"):
            try:
                row.ects_earned = parse_decimal(
                    record["ects_earned"], "ects_earned", maximum=course_ects
                )
            except ValidationError as error:
                row.errors.append(_("ECTS earned: %(e)s") % {"e": " ".join(error_messages(error))})
        if record.get("result_date"):
            try:
                row.result_date = parse_date(record["result_date"])
            except ValidationError as error:
                row.errors.extend(error.messages)
        if len(row.local_grade) > 20:
            row.errors.append(_("A local grade has at most 20 characters."))
        result.rows.append(row)
    return result
