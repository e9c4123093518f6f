"""CSV that a spreadsheet opens as data, never as formulas (CSV or formula injection).

A cell that begins with ``=``, ``+``, ``-`` or ``@`` (or a tab or carriage return, which some
spreadsheets skip before reading a formula) is run as a formula when the file is opened:
a course title or a participant's name typed by anyone could then compute, fetch or link on
a coordinator's machine. Every CSV the campus writes goes through ``csv_text``, which puts a
``'`` before such a cell, as OWASP recommends; spreadsheets show the quote-prefixed text as
typed. A plain number (``-2``, ``+3.5``) is data, not a formula, and is written as it is.

The campus reads its own files back (the catalogue round-trips, results come back in the
participants file): ``cell_restore`` undoes ``cell_protect`` exactly. A cell that already
began with quotes before a trigger gets one more quote, so that restoring is lossless.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable

_TRIGGER = re.compile(r"'*[=+\-@\t\r]")
_PROTECTED = re.compile(r"''*[=+\-@\t\r]")
_PLAIN_NUMBER = re.compile(r"[+-]?(\d+([.,]\d*)?|[.,]\d+)([eE][+-]?\d+)?")


def cell_protect(value: object) -> str:
    """The text of a cell as written to a CSV file: formula triggers quoted."""
    text = "" if value is None else str(value)
    if _TRIGGER.match(text) and not _PLAIN_NUMBER.fullmatch(text):
        return "'" + text
    return text


def cell_restore(text: str) -> str:
    """The value of a cell read from a CSV file the campus wrote (``cell_protect`` undone)."""
    if _PROTECTED.match(text):
        return text[1:]
    return text


def csv_text(header: Iterable[object], rows: Iterable[Iterable[object]]) -> str:
    """A CSV document (comma-separated, CRLF lines) with every cell protected."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([cell_protect(cell) for cell in header])
    writer.writerows([cell_protect(cell) for cell in row] for row in rows)
    return out.getvalue()
