"""A learning agreement as a PDF for people (reportlab): the parties, the period, and every
version with its components and signatures, the latest first. Read with
``selectors.agreement_detail``."""

import io
from xml.sax.saxutils import escape

from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _

from campus.catalog.transcript_pdf import _pdf_fonts

from .models import ComponentTable, LearningAgreement


def agreement_pdf(agreement: LearningAgreement) -> bytes:
    """The agreement as an A4 PDF, its text left uncompressed so it can be searched."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    regular, bold = _pdf_fonts()
    body = ParagraphStyle("body", fontName=regular, fontSize=9, leading=11)
    cell = ParagraphStyle("cell", parent=body, fontSize=8, leading=10)
    head = ParagraphStyle("head", parent=cell, fontName=bold)
    title = ParagraphStyle("title", parent=body, fontName=bold, fontSize=15, leading=19)
    subtitle = ParagraphStyle("subtitle", parent=body, fontName=bold, fontSize=11, leading=14)

    def p(text, style=cell):
        return Paragraph(escape(str(text)), style)

    def grid(rows, widths):
        table = Table(rows, colWidths=widths, repeatRows=1, hAlign="LEFT")
        table.setStyle(
            TableStyle(
                [
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LINEBELOW", (0, 0), (-1, 0), 0.8, colors.black),
                    ("LINEBELOW", (0, 1), (-1, -1), 0.25, colors.grey),
                ]
            )
        )
        return table

    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=15 * mm,
        rightMargin=15 * mm,
        topMargin=15 * mm,
        bottomMargin=15 * mm,
        title=_("Learning agreement"),
        author=_("HEROES Virtual Campus"),
        subject=str(agreement.student),
        pageCompression=0,
    )

    def party(institution, contact):
        who = f"{contact.display_name} <{contact.email}>" if contact else "—"
        return [
            p(institution.name),
            p(f"{institution.code} · {institution.schac}"),
            p(who),
        ]

    story = [
        Paragraph(escape(_("Learning agreement")), title),
        p(_("HEROES European University Alliance — Virtual Campus"), body),
        Spacer(1, 4 * mm),
        p(
            _("Student: %(name)s (%(email)s)")
            % {
                "name": f"{agreement.student_given_names} {agreement.student_family_name}".strip(),
                "email": agreement.student_email,
            },
            body,
        ),
        p(
            _("Mobility period: %(start)s to %(end)s")
            % {"start": agreement.starts_on.isoformat(), "end": agreement.ends_on.isoformat()},
            body,
        ),
        p(
            _("Language competence: %(language)s, %(level)s")
            % {"language": agreement.language, "level": agreement.language_level},
            body,
        ),
        Spacer(1, 3 * mm),
        grid(
            [
                [
                    p(_("Role"), head),
                    p(_("Institution"), head),
                    p(_("Erasmus code · hei-id"), head),
                    p(_("Contact person"), head),
                ],
                [p(_("Sending")), *party(agreement.sending, agreement.sending_contact)],
                [p(_("Receiving")), *party(agreement.receiving, agreement.receiving_contact)],
            ],
            [25 * mm, 60 * mm, 45 * mm, 50 * mm],
        ),
    ]
    for version in reversed(list(agreement.versions.all())):
        story += [
            Spacer(1, 6 * mm),
            p(
                _("Version %(n)s · %(kind)s · %(status)s")
                % {
                    "n": version.number,
                    "kind": version.get_kind_display(),
                    "status": version.get_status_display(),
                },
                subtitle,
            ),
        ]
        if version.comment:
            story.append(p(version.comment, body))
        components = list(version.components.all())
        for table in ComponentTable:
            rows = [c for c in components if c.table == table]
            if not rows:
                continue
            story += [Spacer(1, 2 * mm), p(table.label, head)]
            story.append(
                grid(
                    [
                        [
                            p(_("Code"), head),
                            p(_("Title"), head),
                            p(_("Term"), head),
                            p(_("ECTS"), head),
                        ]
                    ]
                    + [
                        [
                            p(c.code or "—"),
                            p(c.title),
                            p(c.term or "—"),
                            p(number_format(c.ects, 1)),
                        ]
                        for c in rows
                    ],
                    [30 * mm, 100 * mm, 30 * mm, 20 * mm],
                )
            )
        signatures = list(version.signatures.all())
        story += [Spacer(1, 2 * mm), p(_("Signatures"), head)]
        if signatures:
            story.append(
                grid(
                    [
                        [
                            p(_("Signs as"), head),
                            p(_("Name"), head),
                            p(_("Position"), head),
                            p(_("Signed"), head),
                        ]
                    ]
                    + [
                        [
                            p(s.get_role_display()),
                            p(f"{s.name} <{s.email}>"),
                            p(s.position),
                            p(date_format(s.signed_at, "DATETIME_FORMAT")),
                        ]
                        for s in signatures
                    ],
                    [35 * mm, 70 * mm, 40 * mm, 35 * mm],
                )
            )
        else:
            story.append(p(_("Not signed yet."), body))
    doc.build(story)
    return buffer.getvalue()
