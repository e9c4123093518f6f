"""The tables behind the impact dashboard's charts: plain data, the same for a chart, its text
alternative, the HTML table beside it and the CSV and XLSX exports.

A table's first column names each row (an institution, a region, a theme, a term, a kind); the
other columns hold numbers. Labels are already in the reader's language when a table is built.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

Number = int | float | Decimal


@dataclass(frozen=True)
class Column:
    key: str  # stable, language-independent: the header of the CSV and XLSX exports
    label: str  # what a person reads
    numeric: bool = True
    unit: str = ""  # "ECTS", "kg CO₂e"... shown beside the label


@dataclass(frozen=True)
class Table:
    key: str  # a slug: the anchor on the page and the name of its export file
    title: str
    columns: tuple[Column, ...]
    rows: tuple[tuple, ...]  # the first value names the row; the others are numbers
    note: str = ""  # what the figures count, in one sentence
    codes: tuple[str, ...] = ()  # per row, the filter value that narrows to it ("" if none)

    @property
    def value_columns(self) -> tuple[Column, ...]:
        return self.columns[1:]

    def total(self, column: int) -> Number:
        """The sum of one value column (1 is the first after the row label)."""
        return sum((row[column] or 0 for row in self.rows), 0)

    def is_empty(self) -> bool:
        return not self.rows or all(not any(row[1:]) for row in self.rows)
