"""The transcript of records: what it holds, and its page, PDF and JSON forms."""

import datetime
import io
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from campus.catalog import services
from campus.catalog.selectors import transcript_of
from campus.catalog.transcript_pdf import transcript_pdf
from campus.people.models import Role
from tests.factories import CourseFactory, InstitutionFactory, PersonFactory, RunFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def geel():
    return InstitutionFactory(code="B  GEEL07", name="Thomas More University of Applied Sciences")


@pytest.fixture
def brno():
    return InstitutionFactory(code="CZ BRNO10", name="Brno Polytechnic")


@pytest.fixture
def student(geel):
    return PersonFactory(
        institution=geel, roles=[Role.STUDENT], display_name="Ada Student", email="ada@campus.test"
    )


@pytest.fixture
def lecturer(geel):
    return PersonFactory(institution=geel, roles=[Role.LECTURER], display_name="Luc Lecturer")


def _result(person, lecturer, *, hosts, grade, local="", date=None, **course):
    run = RunFactory(course=CourseFactory(hosts=hosts, **course))
    run.teachers.add(lecturer)
    enrolment = services.enrol(run=run, person=person, by=person)
    return services.result_record(
        enrolment=enrolment, by=lecturer, ects_grade=grade, local_grade=local, result_date=date
    )


@pytest.fixture
def record(student, lecturer, geel, brno):
    """Passed at Geel, passed jointly at Geel and Brno, failed at Brno, one still running."""
    _result(
        student,
        lecturer,
        hosts=[geel],
        grade="A",
        local="17/20",
        date=datetime.date(2026, 1, 20),
        code="GRN-101",
        title="Green transition basics",
        ects=5,
    )
    _result(
        student,
        lecturer,
        hosts=[geel, brno],
        grade="C",
        local="7,5",
        date=datetime.date(2026, 6, 30),
        code="JNT-201",
        title="Joint challenge lab",
        ects=Decimal("7.5"),
    )
    _result(
        student,
        lecturer,
        hosts=[brno],
        grade="FX",
        local="4",
        date=datetime.date(2026, 2, 15),
        code="AIE-301",
        title="Applied AI ethics",
        ects=3,
    )
    services.enrol(
        run=RunFactory(course=CourseFactory(title="Still running")), person=student, by=student
    )


def test_the_transcript_lists_results_only_with_totals_per_institution(student, record):
    transcript = transcript_of(student)
    assert [line.code for line in transcript.lines] == ["GRN-101", "AIE-301", "JNT-201"]
    failed = transcript.lines[1]
    assert failed.status == "failed" and failed.ects_earned == 0 and failed.ects_grade == "FX"
    assert transcript.lines[0].assessor == "Luc Lecturer"
    assert transcript.ects_total == Decimal("12.5")
    totals = {t.code: t.ects for t in transcript.by_institution}
    assert totals == {"B  GEEL07": Decimal("12.5"), "CZ BRNO10": Decimal("7.5")}


def test_the_transcript_is_read_in_two_queries(student, record, django_assert_num_queries):
    with django_assert_num_queries(
        3
    ):  # enrolments with their courses, the hosts, recognised credits
        transcript_of(student)


def test_a_person_without_results_has_an_empty_transcript(student):
    transcript = transcript_of(student)
    assert transcript.lines == [] and transcript.ects_total == 0
    assert transcript.by_institution == []


def test_the_transcript_pages_need_a_signed_in_person(client):
    for name in ("catalog:transcript", "catalog:transcript_pdf", "catalog:transcript_json"):
        response = client.get(reverse(name))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


def test_the_transcript_page_shows_every_result_and_the_totals(client, student, record):
    client.force_login(student)
    response = client.get(reverse("catalog:transcript"))
    assert response.status_code == 200
    html = response.content.decode()
    for text in (
        "Transcript of records",
        "Ada Student",
        "GRN-101",
        "Green transition basics",
        "Thomas More University of Applied Sciences",
        "B  GEEL07",
        "CZ BRNO10",
        "17/20",
        "Luc Lecturer",
        "12.5",
        "ECTS credits by institution",
    ):
        assert text in html, text
    assert "Still running" not in html
    assert 'class="table-scroll"' in html
    assert f'href="{reverse("catalog:transcript_pdf")}"' in html


def test_the_transcript_pdf_holds_the_real_text(client, student, record):
    client.force_login(student)
    response = client.get(reverse("catalog:transcript_pdf"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    pdf = response.content
    assert pdf.startswith(b"%PDF-")
    for text in (b"Transcript of records", b"Green transition basics", b"Joint challenge lab"):
        assert text in pdf, text
    assert b"Still running" not in pdf


def test_the_transcript_pdf_reads_back_as_text(student, record):
    import pypdf  # a dev dependency: a missing one fails, it does not skip

    reader = pypdf.PdfReader(io.BytesIO(transcript_pdf(transcript_of(student))))
    text = " ".join(page.extract_text() for page in reader.pages).replace("\xa0", " ")
    for expected in (
        "Ada Student",
        "Applied AI ethics",
        "B  GEEL07",
        "CZ BRNO10",
        "17/20",
        "Luc Lecturer",
        "12.5",
    ):
        assert expected in text, expected


def test_a_long_transcript_runs_over_several_pages(student, lecturer, geel):
    for n in range(60):
        _result(student, lecturer, hosts=[geel], grade="B", code=f"LNG-{n:03d}", ects=1)
    pdf = transcript_pdf(transcript_of(student))
    assert len(re.findall(rb"/Type /Page\b(?!s)", pdf)) >= 2
    assert b"LNG-059" in pdf


def test_the_transcript_json_is_the_api_document(client, student, record):
    client.force_login(student)
    response = client.get(reverse("catalog:transcript_json"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == client.get("/api/v1/me/transcript").json()
    assert response.json()["ects_total"] == 12.5


TABLE_HEADINGS = [
    "Code",
    "Course",
    "Host institution(s)",
    "ECTS",
    "Earned",
    "Local grade",
    "ECTS grade",
    "Date",
    "Assessor",
]
MM = 72 / 25.4
BASE_WIDTHS = [w * MM for w in (22, 70, 45, 14, 16, 20, 16, 22, 42)]


def _lines_of(text: str, font: str, size: float, width: float) -> list[list[str]]:
    """The words on each line of a heading cell as reportlab sets it (long words may split)."""
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph

    from campus.catalog.transcript_pdf import CELL_PADDING

    style = ParagraphStyle("h", fontName=font, fontSize=size, leading=size + 2)
    paragraph = Paragraph(text, style)
    paragraph.wrap(width - 2 * CELL_PADDING, 1000)
    return [list(line[1]) for line in paragraph.blPara.lines]


@pytest.mark.parametrize("language", ["en", "nl", "da", "de", "sv", "fi", "lt", "pt", "cs"])
def test_no_heading_of_the_transcript_pdf_breaks_a_word_in_any_language(language):
    from django.utils import translation

    from campus.catalog.transcript_pdf import _pdf_fonts, fit_columns

    bold = _pdf_fonts()[1]
    with translation.override(language):
        headings = [translation.gettext(h) for h in TABLE_HEADINGS]
    size, widths = fit_columns(headings, BASE_WIDTHS, font=bold, flexible=1)
    assert sum(widths) == pytest.approx(sum(BASE_WIDTHS))  # the table keeps its width
    assert size >= 6  # still readable
    for text, width in zip(headings, widths, strict=True):
        for line in _lines_of(text, bold, size, width):
            assert all(word in text.split() for word in line), (language, text, line)


def test_the_old_columns_broke_a_lithuanian_heading_word():
    """The check above can fail: at the former widths, "įvertinimas" was split in two."""
    from campus.catalog.transcript_pdf import _pdf_fonts

    bold = _pdf_fonts()[1]
    lines = _lines_of("ECTS įvertinimas", bold, 8, BASE_WIDTHS[6])
    assert any(word not in ("ECTS", "įvertinimas") for line in lines for word in line)


def test_the_transcript_pdf_is_built_in_lithuanian(student, record):
    from django.utils import translation

    with translation.override("lt"):
        pdf = transcript_pdf(transcript_of(student))
    assert pdf.startswith(b"%PDF")
