"""The impact dashboard's tables as files: CSV for one table, XLSX for one or several.

A CSV file is for machines as much as people, so its header is the columns' keys, which do not
change with the reader's language, and its numbers are written plainly (a point for decimals,
no grouping). An XLSX file is for people: the header is the columns' labels with their units,
numbers are numeric cells, and text stays text exactly as typed — openpyxl takes a string that
begins with ``=`` for a formula, so every text cell is told it is a string.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from decimal import Decimal

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from campus.csv_cells import csv_text

from .tables import Table

CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SHEET_NAME_MAX = 31
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
_FILENAME_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
WIDTH_MIN, WIDTH_MAX = 8, 60


def plain_number(value: object) -> str:
    """A figure as a CSV cell: lossless for int and Decimal, a float to three decimals."""
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.3f}".rstrip("0").rstrip(".")
    return str(value)


def table_csv(table: Table) -> str:
    """One table as CSV: a header of column keys, then its rows; text cells formula-protected."""
    rows = (
        [cell if isinstance(cell, str) else plain_number(cell) for cell in row]
        for row in table.rows
    )
    # csv_text protects every cell; a plain number such as -2 or 3.5 passes unchanged.
    return csv_text([column.key for column in table.columns], rows)


def tables_xlsx(tables: Sequence[Table], *, title: str = "") -> bytes:
    """Tables as an XLSX workbook, one sheet each: a bold, frozen header of labels with units,
    numbers as numbers, text as text."""
    book = Workbook()
    book.remove(book.active)
    if title:
        book.properties.title = title
    taken: set[str] = set()
    for table in tables:
        sheet = book.create_sheet(_sheet_name(table, taken))
        header = [f"{c.label} ({c.unit})" if c.unit else c.label for c in table.columns]
        widths = [len(text) for text in header]
        for col, text in enumerate(header, start=1):
            cell = sheet.cell(row=1, column=col)
            _set_text(cell, text)
            cell.font = Font(bold=True)
        for r, row in enumerate(table.rows, start=2):
            for col, value in enumerate(row, start=1):
                if value is None:
                    continue
                cell = sheet.cell(row=r, column=col)
                if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
                    cell.value = value
                    shown = plain_number(value)
                else:
                    shown = _set_text(cell, str(value))
                widths[col - 1] = max(widths[col - 1], len(shown))
        sheet.freeze_panes = "A2"
        for col, width in enumerate(widths, start=1):
            letter = get_column_letter(col)
            sheet.column_dimensions[letter].width = min(max(width + 2, WIDTH_MIN), WIDTH_MAX)
    if not book.worksheets:
        book.create_sheet("Sheet")  # a workbook must hold a sheet
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def export_response(tables: Sequence[Table], fmt: str, filename_stem: str) -> HttpResponse:
    """A download of the tables: ``csv`` (exactly one table) or ``xlsx``."""
    stem = _FILENAME_UNSAFE.sub("-", filename_stem).strip("-.") or "export"
    if fmt == "csv":
        if len(tables) != 1:
            raise ValueError(f"a CSV file holds one table, not {len(tables)}")
        response = HttpResponse(table_csv(tables[0]), content_type=CSV_TYPE)
    elif fmt == "xlsx":
        response = HttpResponse(tables_xlsx(tables), content_type=XLSX_TYPE)
    else:
        raise ValueError(f"no export format {fmt!r}")
    response["Content-Disposition"] = f'attachment; filename="{stem}.{fmt}"'
    return response


def _set_text(cell, text: str) -> str:
    """Text into a cell as a string, never a formula. XML cannot carry control characters, so
    openpyxl refuses them: they are dropped (they were never visible)."""
    text = ILLEGAL_CHARACTERS_RE.sub("", text)
    cell.value = text
    cell.data_type = "s"
    return text


def _sheet_name(table: Table, taken: set[str]) -> str:
    """A sheet name Excel accepts: no []:*?/\\, not quoted at either end, at most 31
    characters, unique without regard to case (Excel's rule), and not Excel's own "History"."""
    base = _SHEET_FORBIDDEN.sub("", table.title or table.key).strip().strip("'").strip()
    base = base or _SHEET_FORBIDDEN.sub("", table.key).strip("'") or "Sheet"
    name = base[:SHEET_NAME_MAX].rstrip().rstrip("'")
    n = 1
    while name.casefold() in taken or name.casefold() == "history":
        n += 1
        suffix = f" ({n})"
        name = base[: SHEET_NAME_MAX - len(suffix)].rstrip().rstrip("'") + suffix
    taken.add(name.casefold())
    return name
