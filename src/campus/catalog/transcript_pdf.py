"""The transcript of records as a PDF (reportlab), from the selectors' ``Transcript``."""

import io
from decimal import Decimal
from pathlib import Path
from xml.sax.saxutils import escape

from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _

from .selectors.records import Transcript

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


CELL_PADDING = 6  # reportlab's default left and right padding of a table cell, in points
HEADING_SIZES = (8, 7.5, 7, 6.5, 6, 5.5, 5)


def fit_columns(
    headings: list[str], widths: list[float], *, font: str, flexible: int
) -> tuple[float, list[float]]:
    """A font size and column widths at which every word of every heading fits its column
    whole (German and Lithuanian headings are long words: "ECTS įvertinimas").

    A column narrower than its longest heading word grows; the ``flexible`` column (the
    course title) gives up what they take, down to its own longest word; when even that is
    not enough, the headings are set smaller. The total width stays the same.
    """
    from reportlab.pdfbase.pdfmetrics import stringWidth

    total = sum(widths)
    fitted = list(widths)
    for size in HEADING_SIZES:
        needs = [
            max((stringWidth(word, font, size) for word in text.split()), default=0)
            + 2 * CELL_PADDING
            for text in headings
        ]
        fitted = [max(width, need) for width, need in zip(widths, needs, strict=True)]
        fitted[flexible] = widths[flexible]
        fitted[flexible] -= sum(fitted) - total
        if fitted[flexible] >= needs[flexible]:
            return size, fitted
    return HEADING_SIZES[-1], fitted


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

    def headings(texts: list[str], widths: list[float], flexible: int):
        """The heading cells and the column widths, no heading word broken in two."""
        size, widths = fit_columns(texts, widths, font=bold, flexible=flexible)
        style = ParagraphStyle(
            f"head{size}", parent=head, fontSize=size, leading=size + 2, splitLongWords=0
        )
        return [p(text, style) for text in texts], widths

    if transcript.lines:
        cells, widths = headings(
            [
                _("Code"),
                _("Course"),
                _("Host institution(s)"),
                _("ECTS"),
                _("Earned"),
                _("Local grade"),
                _("ECTS grade"),
                _("Date"),
                _("Assessor"),
            ],
            [22 * mm, 70 * mm, 45 * mm, 14 * mm, 16 * mm, 20 * mm, 16 * mm, 22 * mm, 42 * mm],
            flexible=1,
        )
        rows = [cells]
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
    if transcript.recognised:
        story += [Spacer(1, 6 * mm), p(_("Recognised credits"), subtitle)]
        cells, widths = headings(
            [
                _("Code"),
                _("Component"),
                _("Studied at"),
                _("Recognised by"),
                _("ECTS"),
                _("ECTS grade"),
                _("Date"),
            ],
            [25 * mm, 80 * mm, 50 * mm, 50 * mm, 16 * mm, 20 * mm, 22 * mm],
            flexible=1,
        )
        rows = [cells]
        for line in transcript.recognised:
            rows.append(
                [
                    p(line.code or "—"),
                    p(line.title),
                    Paragraph(
                        f"{escape(line.studied_at.name)} ({code(line.studied_at.code)})"
                        if line.studied_at
                        else "—",
                        cell,
                    ),
                    Paragraph(
                        f"{escape(line.recognised_by.name)} ({code(line.recognised_by.code)})", cell
                    ),
                    p(_ects(line.ects)),
                    p(line.ects_grade or "—"),
                    p(line.date.isoformat()),
                ]
            )
        table = LongTable(rows, colWidths=widths, repeatRows=1)
        table.setStyle(
            TableStyle(
                [
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LINEBELOW", (0, 0), (-1, 0), 0.8, colors.black),
                    ("LINEBELOW", (0, 1), (-1, -1), 0.25, colors.grey),
                ]
            )
        )
        story += [
            table,
            Spacer(1, 2 * mm),
            p(
                _("ECTS credits recognised: %(total)s")
                % {"total": _ects(transcript.ects_recognised)},
                subtitle,
            ),
        ]
    if transcript.by_institution:
        story.append(Spacer(1, 2 * mm))
        cells, widths = headings(
            [_("Institution"), _("Erasmus code"), _("ECTS")],
            [90 * mm, 35 * mm, 20 * mm],
            flexible=0,
        )
        totals = [cells]
        totals += [
            [p(t.name), Paragraph(code(t.code), cell), p(_ects(t.ects))]
            for t in transcript.by_institution
        ]
        table = Table(totals, colWidths=widths, hAlign="LEFT")
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
