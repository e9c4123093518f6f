"""The impact dashboard's exports read back as what they were: the same keys, numbers and text,
and no cell that a spreadsheet would run as a formula."""

import csv
import io
from decimal import Decimal

import openpyxl
import pytest

from campus.impact.exports import export_response, table_csv, tables_xlsx
from campus.impact.tables import Column, Table

ENROLMENTS = Table(
    key="enrolments",
    title="Enrolments by institution",
    columns=(
        Column("institution", "Institution", numeric=False),
        Column("learners", "Learners"),
        Column("ects", "Credits", unit="ECTS"),
        Column("co2", "CO₂", unit="kg CO₂e"),
    ),
    rows=(
        ("Thomas More", 120, Decimal("367.5"), 12.3456),
        ("=1+1", 3, Decimal("6"), None),
        ("-2", 0, Decimal("0.25"), 1.0),
    ),
)


def read_csv(text):
    return list(csv.reader(io.StringIO(text)))


def workbook(data):
    return openpyxl.load_workbook(io.BytesIO(data))


def test_csv_header_is_the_column_keys_and_rows_follow():
    rows = read_csv(table_csv(ENROLMENTS))

    assert rows[0] == ["institution", "learners", "ects", "co2"]
    assert rows[1] == ["Thomas More", "120", "367.5", "12.346"]
    assert len(rows) == 4


def test_csv_numbers_read_back_as_the_numbers_written():
    rows = read_csv(table_csv(ENROLMENTS))

    assert [int(row[1]) for row in rows[1:]] == [120, 3, 0]
    assert [Decimal(row[2]) for row in rows[1:]] == [Decimal("367.5"), 6, Decimal("0.25")]
    assert rows[2][3] == ""  # no figure
    assert rows[3][3] == "1"


def test_csv_text_that_would_run_as_a_formula_is_quoted():
    rows = read_csv(table_csv(ENROLMENTS))

    assert rows[2][0] == "'=1+1"
    assert rows[3][0] == "-2"  # a plain number is data, not a formula


def test_xlsx_has_one_sheet_per_table_with_labels_and_units_in_a_bold_frozen_header():
    book = workbook(tables_xlsx([ENROLMENTS]))

    (sheet,) = book.worksheets
    header = [cell.value for cell in sheet[1]]
    assert header == ["Institution", "Learners", "Credits (ECTS)", "CO₂ (kg CO₂e)"]
    assert all(cell.font.bold for cell in sheet[1])
    assert sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["A"].width >= len("Thomas More")


def test_xlsx_numbers_are_numbers_and_text_stays_text():
    sheet = workbook(tables_xlsx([ENROLMENTS])).worksheets[0]

    rows = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=2)]
    assert rows == [
        ["Thomas More", 120, 367.5, 12.3456],
        ["=1+1", 3, 6, None],
        ["-2", 0, 0.25, 1],
    ]
    formula_like = sheet["A3"]
    assert formula_like.data_type == "s"  # the text "=1+1", not a formula
    assert sheet["A4"].data_type == "s"
    assert all(cell.data_type == "n" for cell in sheet[2][1:])


def test_xlsx_sheet_names_are_unique_short_and_allowed():
    long_title = "Participants by institution and by programme: 2024/25 [draft]?"
    tables = [
        Table(key="a", title=long_title, columns=ENROLMENTS.columns, rows=()),
        Table(key="b", title=long_title, columns=ENROLMENTS.columns, rows=()),
        Table(key="c", title="enrolments by institution", columns=ENROLMENTS.columns, rows=()),
        ENROLMENTS,
        Table(key="by-term", title="", columns=ENROLMENTS.columns, rows=()),
    ]

    names = workbook(tables_xlsx(tables, title="Impact")).sheetnames

    assert len(names) == 5
    assert len({name.casefold() for name in names}) == 5
    assert all(len(name) <= 31 for name in names)
    assert not any(set(name) & set("[]:*?/\\") for name in names)
    assert names[0] == "Participants by institution and"
    assert names[1] == "Participants by institution (2)"
    assert names[4] == "by-term"


def test_xlsx_of_no_table_still_opens():
    assert workbook(tables_xlsx([])).sheetnames


def test_csv_response_downloads_one_table():
    response = export_response([ENROLMENTS], "csv", "impact-enrolments")

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="impact-enrolments.csv"'
    assert read_csv(response.content.decode())[0][0] == "institution"


def test_xlsx_response_downloads_a_workbook():
    response = export_response([ENROLMENTS, ENROLMENTS], "xlsx", 'impact "2025"')

    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert response["Content-Disposition"] == 'attachment; filename="impact-2025.xlsx"'
    assert len(workbook(response.content).worksheets) == 2


@pytest.mark.parametrize(
    ("tables", "fmt"), [([], "csv"), ([ENROLMENTS, ENROLMENTS], "csv"), ([ENROLMENTS], "pdf")]
)
def test_response_refuses_what_it_cannot_write(tables, fmt):
    with pytest.raises(ValueError):
        export_response(tables, fmt, "impact")
