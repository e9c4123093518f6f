"""A person's learning record: selectors for their enrolments and their transcript of
records, and the transcript in its three forms (page data, JSON, PDF)."""

import datetime
import io
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from xml.sax.saxutils import escape

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _

from campus.alliance.models import Institution
from campus.people.models import Person

from .models import ACTIVE_STATUSES, Enrolment, EnrolmentStatus

RESULT_STATUSES = (EnrolmentStatus.COMPLETED, EnrolmentStatus.FAILED)


# --- enrolments ----------------------------------------------------------------------------


def person_enrolments(person: Person) -> QuerySet[Enrolment]:
    """All of a person's enrolments, newest run first, with run, course, hosts and assessor."""
    return (
        Enrolment.objects.filter(person=person)
        .select_related("run__course", "assessor")
        .prefetch_related(
            Prefetch("run__course__hosts", queryset=Institution.objects.order_by("code"))
        )
        .order_by("-run__starts_on", "-pk")
    )


def waitlist_positions(enrolments) -> dict[int, int]:
    """Each waitlisted enrolment's place in its run's queue (1 = next in), in one query."""
    waiting = [e for e in enrolments if e.status == EnrolmentStatus.WAITLISTED]
    if not waiting:
        return {}
    queue = (
        Enrolment.objects.filter(
            run_id__in={e.run_id for e in waiting}, status=EnrolmentStatus.WAITLISTED
        )
        .order_by("run_id", "queued_at", "pk")
        .values_list("pk", "run_id")
    )
    seen: dict[int, int] = defaultdict(int)
    positions = {}
    for pk, run_id in queue:
        seen[run_id] += 1
        positions[pk] = seen[run_id]
    return {e.pk: positions[e.pk] for e in waiting if e.pk in positions}


def waitlist_position(enrolment: Enrolment) -> int | None:
    """One enrolment's place on its run's waiting list, or None when it is not waiting."""
    if enrolment.status != EnrolmentStatus.WAITLISTED:
        return None
    ahead = Enrolment.objects.filter(
        Q(queued_at__lt=enrolment.queued_at)
        | Q(queued_at=enrolment.queued_at, pk__lt=enrolment.pk),
        run_id=enrolment.run_id,
        status=EnrolmentStatus.WAITLISTED,
    ).count()
    return ahead + 1


@dataclass
class Learning:
    """What 'my learning' shows: current enrolments (with queue places) and past ones."""

    current: list[Enrolment]
    past: list[Enrolment]
    positions: dict[int, int]
    ects_total: Decimal


def my_learning(person: Person) -> Learning:
    """A person's current and past enrolments and their ECTS total, in three queries."""
    enrolments = list(person_enrolments(person))
    current = [e for e in enrolments if e.status in ACTIVE_STATUSES]
    past = [e for e in enrolments if e.status not in ACTIVE_STATUSES]
    for enrolment in current:
        enrolment.position = None
    positions = waitlist_positions(current)
    for enrolment in current:
        enrolment.position = positions.get(enrolment.pk)
    total = sum(
        (e.ects_earned or Decimal("0") for e in past if e.status == EnrolmentStatus.COMPLETED),
        Decimal("0"),
    )
    return Learning(current=current, past=past, positions=positions, ects_total=total)


# --- the transcript of records -------------------------------------------------------------


@dataclass(frozen=True)
class InstitutionRef:
    code: str  # Erasmus code
    name: str


@dataclass(frozen=True)
class TranscriptLine:
    """One result: a completed or failed course, as it stands on the transcript."""

    enrolment_id: int
    code: str
    title: str
    run: str
    institutions: tuple[InstitutionRef, ...]
    status: str
    ects: Decimal
    ects_earned: Decimal
    local_grade: str
    ects_grade: str
    date: datetime.date | None
    assessor: str


@dataclass(frozen=True)
class InstitutionTotal:
    code: str
    name: str
    ects: Decimal


@dataclass
class Transcript:
    """A person's results across the alliance, with ECTS totals overall and per institution.

    A course offered jointly counts in full for each of its host institutions, so the totals
    per institution may add up to more than the overall total.
    """

    person: Person
    lines: list[TranscriptLine]
    ects_total: Decimal
    by_institution: list[InstitutionTotal] = field(default_factory=list)
    issued_on: datetime.date | None = None


def transcript_of(person: Person, *, today: datetime.date | None = None) -> Transcript:
    """Every result (completed or failed) of a person, oldest first, in two queries."""
    enrolments = (
        Enrolment.objects.filter(person=person, status__in=RESULT_STATUSES)
        .select_related("run__course", "assessor")
        .prefetch_related(
            Prefetch("run__course__hosts", queryset=Institution.objects.order_by("code"))
        )
        .order_by("result_date", "run__course__code", "pk")
    )
    lines = []
    total = Decimal("0")
    per_institution: dict[str, Decimal] = defaultdict(Decimal)
    names: dict[str, str] = {}
    for enrolment in enrolments:
        course = enrolment.run.course
        passed = enrolment.status == EnrolmentStatus.COMPLETED
        earned = (enrolment.ects_earned or Decimal("0")) if passed else Decimal("0")
        hosts = tuple(InstitutionRef(code=h.code, name=h.name) for h in course.hosts.all())
        lines.append(
            TranscriptLine(
                enrolment_id=enrolment.pk,
                code=course.code,
                title=course.title,
                run=enrolment.run.label,
                institutions=hosts,
                status=enrolment.status,
                ects=course.ects,
                ects_earned=earned,
                local_grade=enrolment.local_grade,
                ects_grade=enrolment.ects_grade,
                date=enrolment.result_date,
                assessor=str(enrolment.assessor) if enrolment.assessor else "",
            )
        )
        total += earned
        for host in hosts:
            per_institution[host.code] += earned
            names[host.code] = host.name
    return Transcript(
        person=person,
        lines=lines,
        ects_total=total,
        by_institution=[
            InstitutionTotal(code=code, name=names[code], ects=per_institution[code])
            for code in sorted(per_institution)
        ],
        issued_on=today or timezone.localdate(),
    )


def transcript_data(transcript: Transcript) -> dict:
    """The transcript as plain data, in the shape of the API's TranscriptOut."""
    person = transcript.person
    home = person.institution.code if person.institution_id and person.institution else None
    return {
        "person": {"email": person.email, "name": person.display_name, "institution": home},
        "issued_on": transcript.issued_on,
        "results": [
            {
                "code": line.code,
                "title": line.title,
                "run": line.run,
                "institutions": [host.code for host in line.institutions],
                "status": line.status,
                "ects": line.ects,
                "ects_earned": line.ects_earned,
                "local_grade": line.local_grade,
                "ects_grade": line.ects_grade,
                "date": line.date,
                "assessor": line.assessor,
            }
            for line in transcript.lines
        ],
        "ects_total": transcript.ects_total,
        "by_institution": {total.code: total.ects for total in transcript.by_institution},
    }


# --- PDF -----------------------------------------------------------------------------------

# A Unicode font covers every alliance language (č, ė, ø, ő…); the PDF standard font
# Helvetica covers Western European text only and is the fallback where none is installed.
_FONT_CANDIDATES = (
    (
        "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
        "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
    ),
    (
        "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
        "/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf",
    ),
)
_fonts: tuple[str, str] | None = None


def _pdf_fonts() -> tuple[str, str]:
    """(regular, bold) font names registered with reportlab, found once per process."""
    global _fonts
    if _fonts is None:
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.ttfonts import TTFont

        _fonts = ("Helvetica", "Helvetica-Bold")
        for regular, bold in _FONT_CANDIDATES:
            if Path(regular).is_file() and Path(bold).is_file():
                pdfmetrics.registerFont(TTFont("CampusSans", regular))
                pdfmetrics.registerFont(TTFont("CampusSans-Bold", bold))
                _fonts = ("CampusSans", "CampusSans-Bold")
                break
    return _fonts


def _ects(value: Decimal) -> str:
    return number_format(value, 1)


def transcript_pdf(transcript: Transcript) -> bytes:
    """The transcript as an A4 landscape PDF, its text left uncompressed so it can be searched
    and checked."""
    # reportlab is imported here, not at start-up: only this view needs it.
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle
    from reportlab.platypus.tables import LongTable

    regular, bold = _pdf_fonts()
    body = ParagraphStyle("body", fontName=regular, fontSize=9, leading=11)
    cell = ParagraphStyle("cell", parent=body, fontSize=8, leading=10)
    head = ParagraphStyle("head", parent=cell, fontName=bold)
    title = ParagraphStyle("title", parent=body, fontName=bold, fontSize=16, leading=20)
    subtitle = ParagraphStyle("subtitle", parent=body, fontName=bold, fontSize=11, leading=14)

    def p(text, style=cell):
        return Paragraph(escape(str(text)), style)

    def code(text):  # Erasmus codes keep their inner spaces ("B  GEEL07")
        return escape(text).replace(" ", "&nbsp;")

    person = transcript.person
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=landscape(A4),
        leftMargin=15 * mm,
        rightMargin=15 * mm,
        topMargin=15 * mm,
        bottomMargin=15 * mm,
        title=_("Transcript of records"),
        author=_("HEROES Virtual Campus"),
        subject=str(person),
        pageCompression=0,
    )

    def footer(canvas, document):
        canvas.saveState()
        canvas.setFont(regular, 8)
        canvas.drawString(
            15 * mm,
            8 * mm,
            _("HEROES Virtual Campus · transcript of %(name)s · page %(page)s")
            % {"name": person.display_name or person.email, "page": document.page},
        )
        canvas.restoreState()

    issued = date_format(transcript.issued_on, "DATE_FORMAT") if transcript.issued_on else ""
    home = person.institution if person.institution_id else None
    story = [
        Paragraph(escape(_("Transcript of records")), title),
        p(_("HEROES European University Alliance — Virtual Campus"), body),
        Spacer(1, 4 * mm),
        p(_("Name: %(name)s") % {"name": person.display_name}, body),
        p(_("E-mail: %(email)s") % {"email": person.email}, body),
    ]
    if home is not None:
        story.append(
            Paragraph(
                escape(_("Home institution: %(name)s (%(code)s)"))
                % {"name": escape(home.name), "code": code(home.code)},
                body,
            )
        )
    story += [p(_("Issued on: %(date)s") % {"date": issued}, body), Spacer(1, 6 * mm)]

    widths = [22 * mm, 70 * mm, 45 * mm, 14 * mm, 16 * mm, 20 * mm, 16 * mm, 22 * mm, 42 * mm]
    if transcript.lines:
        rows = [
            [
                p(_("Code"), head),
                p(_("Course"), head),
                p(_("Host institution(s)"), head),
                p(_("ECTS"), head),
                p(_("Earned"), head),
                p(_("Local grade"), head),
                p(_("ECTS grade"), head),
                p(_("Date"), head),
                p(_("Assessor"), head),
            ]
        ]
        for line in transcript.lines:
            rows.append(
                [
                    p(line.code),
                    p(line.title),
                    Paragraph(
                        "; ".join(f"{escape(h.name)} ({code(h.code)})" for h in line.institutions),
                        cell,
                    ),
                    p(_ects(line.ects)),
                    p(_ects(line.ects_earned)),
                    p(line.local_grade or "—"),
                    p(line.ects_grade or "—"),
                    p(line.date.isoformat() if line.date else "—"),  # unambiguous in every country
                    p(line.assessor or "—"),
                ]
            )
        table = LongTable(rows, colWidths=widths, repeatRows=1)
        table.setStyle(
            TableStyle(
                [
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LINEBELOW", (0, 0), (-1, 0), 0.8, colors.black),
                    ("LINEBELOW", (0, 1), (-1, -1), 0.25, colors.grey),
                    ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eef1f6")),
                ]
            )
        )
        story.append(table)
    else:
        story.append(p(_("No results have been recorded yet."), body))

    story += [
        Spacer(1, 6 * mm),
        p(_("ECTS credits earned: %(total)s") % {"total": _ects(transcript.ects_total)}, subtitle),
    ]
    if transcript.by_institution:
        story.append(Spacer(1, 2 * mm))
        totals = [[p(_("Institution"), head), p(_("Erasmus code"), head), p(_("ECTS"), head)]]
        totals += [
            [p(t.name), Paragraph(code(t.code), cell), p(_ects(t.ects))]
            for t in transcript.by_institution
        ]
        table = Table(totals, colWidths=[90 * mm, 35 * mm, 20 * mm], hAlign="LEFT")
        table.setStyle(
            TableStyle(
                [
                    ("LINEBELOW", (0, 0), (-1, 0), 0.8, colors.black),
                    ("LINEBELOW", (0, 1), (-1, -1), 0.25, colors.grey),
                ]
            )
        )
        story.append(table)
        story.append(
            p(_("A course offered jointly counts for each of its host institutions."), cell)
        )
    doc.build(story, onFirstPage=footer, onLaterPages=footer)
    return buffer.getvalue()
