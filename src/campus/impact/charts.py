"""Bar charts of the impact dashboard's tables, drawn on the server as accessible SVG.

No script and no asset from elsewhere: a chart is markup that the page embeds. It is one image to
assistive technology (``role="img"``), named by the table's title and described by ``summary``,
the same sentence that the page can print beside it; the HTML table beside the chart carries every
figure. For sighted readers the chart does not depend on colour alone: each bar's value is printed
at its end, and each series has a pattern as well as a colour, shown in the legend.

The chart is 400 user units wide and scales to its container (``width="100%"``, no fixed pixel
width), so it stays legible at 360 px on a phone; on a wide screen the page's CSS should cap
``.chart`` (about 40rem) so that the text does not grow.
"""

from __future__ import annotations

import itertools
import re
import textwrap
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils import formats
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .tables import Column, Number, Table

# A categorical palette whose every colour has a contrast of at least 4.5:1 against white, so
# that a bar stands out from the page (WCAG 1.4.11 asks 3:1) and white text can sit on a bar.
PALETTE = ("#0b5f7a", "#a4161a", "#1d6b35", "#6a3d9a", "#8a5a00", "#525c6b")
# Series after the first also differ by pattern (white strokes over the colour).
PATTERNS = ("solid", "diagonal", "dots", "cross", "horizontal", "vertical")

NO_FIGURE = "—"
TENTH = Decimal("0.1")

WIDTH = 400
FONT = 12
LINE = 15  # the height of a line of text
LABEL_WIDTH = 128
LABEL_CHARS = 19  # what fits in LABEL_WIDTH at FONT
LABEL_LINES = 2
BAR_X = LABEL_WIDTH + 4
VALUE_WIDTH = 56  # room for the value printed at a bar's end
BAR_AREA = WIDTH - BAR_X - VALUE_WIDTH
BAR_HEIGHT = 20
GROUPED_BAR_HEIGHT = 14
GROUPED_GAP = 2
ROW_GAP = 10
SWATCH = 12
LEGEND_CHARS = 34

_ids = itertools.count(1)


@dataclass(frozen=True)
class Chart:
    svg: SafeString  # empty when there is nothing to draw
    summary: str  # the chart in words: its text alternative


def default_number(value: Number) -> str:
    """A figure as the active language writes it: integral values without decimals."""
    if isinstance(value, float):
        if value.is_integer():
            return formats.number_format(int(value))
        # Rounded here: Django cuts a float's decimals off (1.25 would print as 1.2).
        return formats.number_format(Decimal(repr(value)).quantize(TENTH, ROUND_HALF_UP))
    return formats.number_format(value)


def bar_chart(
    table: Table,
    *,
    columns: Sequence[str] | None = None,
    stacked: bool = False,
    max_rows: int | None = None,
    number_format: Callable[[Number], str] | None = None,
    id_prefix: str | None = None,
) -> Chart:
    """Horizontal bars, one group per row of the table; several columns grouped or stacked.

    ``columns`` names the value columns to draw by key (all numeric ones by default);
    ``max_rows`` draws the first rows only, in the table's order, and says how many more the
    table holds; the summary always speaks of every row.
    """
    fmt = number_format or default_number
    indexes = _column_indexes(table, columns)
    series = [table.columns[i] for i in indexes]
    rows = [(str(row[0]), [row[i] for i in indexes]) for row in table.rows]
    if not rows or all(not any(values) for _label, values in rows):
        return Chart(svg=SafeString(""), summary=_nothing_yet(table.title))
    if len(series) > 1 and not stacked:
        # Side-by-side series are different counts (enrolments, and the completions among
        # them): their sum means nothing, so each series is described on its own.
        # A series with no figure at all (research outputs broken down by term) says so.
        sentences = []
        for i, column in enumerate(series):
            one = [(label, [values[i]]) for label, values in rows]
            if all(values[0] is None for _label, values in one):
                sentences.append(_nothing_yet(column.label))
            else:
                sentences.append(_summary(column.label, [column], one, fmt))
        summary = " ".join(sentences)
    else:
        summary = _summary(table.title, series, rows, fmt)
    prefix = _prefix(table.key, id_prefix)
    shown = rows if max_rows is None else rows[:max_rows]
    svg = _svg(
        title=table.title,
        summary=summary,
        prefix=prefix,
        series=series,
        rows=shown,
        hidden=len(rows) - len(shown),
        stacked=stacked and len(series) > 1,
        fmt=fmt,
    )
    return Chart(svg=svg, summary=summary)


def share_bar(
    parts: Sequence[tuple[str, Number]],
    title: str,
    *,
    number_format: Callable[[Number], str] | None = None,
    id_prefix: str | None = None,
) -> Chart:
    """One bar split into its parts, each part's share of the whole (CO₂ emitted vs avoided)."""
    fmt = number_format or default_number
    total = _sum(value for _label, value in parts)
    if not parts or not total:
        return Chart(svg=SafeString(""), summary=_nothing_yet(title))
    # Each part in words, "Emitted 1.2 (40%)": the legend says it too, so no colour is needed.
    parts_text = [
        (
            label,
            value,
            _("%(label)s %(value)s (%(share)s%%)")
            % {
                "label": label,
                "value": _figure(value, fmt),
                "share": formats.number_format(_percent(value, total)),
            },
        )
        for label, value in parts
    ]
    summary = _("%(title)s: %(parts)s; %(total)s in all.") % {
        "title": title,
        "parts": ", ".join(text for _label, _value, text in parts_text),
        "total": fmt(total),
    }
    out = _Svg(_prefix("share", id_prefix), len(parts))
    y = out.legend([Column(key="", label=text) for _label, _value, text in parts_text], 0)
    x = 0.0
    for i, (_label, value, text) in enumerate(parts_text):
        width = WIDTH * float(value or 0) / float(total)
        out.bar(i, x, y, width, BAR_HEIGHT, text, _figure(value, fmt), inside=True)
        x += width
    return Chart(svg=out.render(title, summary, y + BAR_HEIGHT), summary=summary)


def _column_indexes(table: Table, keys: Sequence[str] | None) -> list[int]:
    if keys is None:
        return [i for i, column in enumerate(table.columns) if i and column.numeric]
    by_key = {column.key: i for i, column in enumerate(table.columns) if i}
    unknown = [key for key in keys if key not in by_key]
    if unknown:
        raise ValueError(f"{table.key} has no value column {', '.join(unknown)}")
    return [by_key[key] for key in keys]


def _prefix(key: str, id_prefix: str | None) -> str:
    if id_prefix is not None:
        return re.sub(r"[^A-Za-z0-9_-]", "-", id_prefix)
    return f"chart-{re.sub(r'[^A-Za-z0-9_-]', '-', key)}-{next(_ids)}"


def _sum(values: Iterable[Number | None]) -> Number:
    """The sum of figures, no figure counting as none; exact unless a float joins in (a Decimal
    and a float do not add)."""
    present = [value for value in values if value is not None]
    if any(isinstance(value, float) for value in present):
        return sum(float(value) for value in present)
    return sum(present, 0)


def _percent(value: Number | None, total: Number) -> Decimal:
    """A whole percentage, a half rounded up (Python's round would make 12.5 into 12)."""
    share = Decimal(repr(100 * float(value or 0) / float(total)))
    return share.quantize(Decimal(1), ROUND_HALF_UP)


def _figure(value: Number | None, fmt: Callable[[Number], str]) -> str:
    return NO_FIGURE if value is None else fmt(value)


def _with_unit(text: str, unit: str) -> str:
    return f"{text} {unit}" if unit and text != NO_FIGURE else text


def _nothing_yet(title: str) -> str:
    return _("%(title)s: nothing to show yet.") % {"title": title}


def _summary(
    title: str,
    series: list[Column],
    rows: list[tuple[str, list]],
    fmt: Callable[[Number], str],
) -> str:
    units = {column.unit for column in series}
    unit = units.pop() if len(units) == 1 else ""
    # A row's figure is the sum of its drawn columns; a row with no figure at all is left out of
    # highest and lowest, and counted apart.
    figures = [
        (label, _sum(values)) for label, values in rows if any(v is not None for v in values)
    ]
    total = _sum(value for _label, value in figures)
    if len(rows) == 1:
        label, value = figures[0]
        sentence = _("%(title)s: %(label)s %(value)s.") % {
            "title": title,
            "label": label,
            "value": _with_unit(fmt(value), unit),
        }
    else:
        high = max(figures, key=lambda item: item[1])
        low = min(figures, key=lambda item: item[1])
        sentence = ngettext(
            "%(title)s: highest %(high_label)s %(high)s, lowest %(low_label)s %(low)s; "
            "%(count)s row, %(total)s in all.",
            "%(title)s: highest %(high_label)s %(high)s, lowest %(low_label)s %(low)s; "
            "%(count)s rows, %(total)s in all.",
            len(rows),
        ) % {
            "title": title,
            "high_label": high[0],
            "high": _with_unit(fmt(high[1]), unit),
            "low_label": low[0],
            "low": _with_unit(fmt(low[1]), unit),
            "count": formats.number_format(len(rows)),
            "total": _with_unit(fmt(total), unit),
        }
    sentences = [sentence]
    missing = len(rows) - len(figures)
    if missing:
        sentences.append(
            ngettext("%(count)s row has no figure.", "%(count)s rows have no figure.", missing)
            % {"count": formats.number_format(missing)}
        )
    if len(series) > 1:
        totals = ", ".join(
            f"{column.label} {_with_unit(fmt(_column_total(rows, i)), column.unit)}"
            for i, column in enumerate(series)
        )
        sentences.append(_("Totals: %(totals)s.") % {"totals": totals})
    return " ".join(sentences)


def _column_total(rows: list[tuple[str, list]], i: int) -> Number:
    return _sum(values[i] for _label, values in rows)


def _svg(
    *,
    title: str,
    summary: str,
    prefix: str,
    series: list[Column],
    rows: list[tuple[str, list]],
    hidden: int,
    stacked: bool,
    fmt: Callable[[Number], str],
) -> SafeString:
    out = _Svg(prefix, len(series))
    y = out.legend(series, 0)
    scale = max(
        (sum(_drawn(v) for v in values) if stacked else max(_drawn(v) for v in values))
        for _label, values in rows
    )
    for label, values in rows:
        lines = _wrap(label)
        if stacked:
            group = BAR_HEIGHT
        else:
            group = len(values) * GROUPED_BAR_HEIGHT + (len(values) - 1) * GROUPED_GAP
        height = max(group, len(lines) * LINE)
        out.open_row(label)
        out.label(lines, y + (height - len(lines) * LINE) / 2)
        top = y + (height - group) / 2
        if stacked:
            x = 0.0
            for i, value in enumerate(values):
                width = BAR_AREA * _drawn(value) / scale
                text = _figure(value, fmt)
                tip = f"{series[i].label}: {text}"
                out.bar(i, BAR_X + x, top, width, BAR_HEIGHT, tip, text, inside=True)
                x += width
            total = _sum(values)
            out.value(BAR_X + x, top, BAR_HEIGHT, fmt(total))
        else:
            for i, value in enumerate(values):
                width = BAR_AREA * _drawn(value) / scale
                bar_top = top + i * (GROUPED_BAR_HEIGHT + GROUPED_GAP)
                text = _figure(value, fmt)
                tip = f"{series[i].label}: {text}"
                out.bar(i, BAR_X, bar_top, width, GROUPED_BAR_HEIGHT, tip, text)
                out.value(BAR_X + width, bar_top, GROUPED_BAR_HEIGHT, text)
        out.close_row()
        y += height + ROW_GAP
    if hidden:
        more = ngettext(
            "And %(count)s more row, in the table.",
            "And %(count)s more rows, in the table.",
            hidden,
        ) % {"count": formats.number_format(hidden)}
        out.note(more, y)
        y += LINE + ROW_GAP
    return out.render(title, summary, y - ROW_GAP)


def _drawn(value: Number | None) -> float:
    """The length a value is drawn at: no figure draws as nothing."""
    return float(value or 0)


def _wrap(label: str) -> list[str]:
    """The label on at most two lines; a longer one ends in an ellipsis (its row's title is full)."""
    lines = textwrap.wrap(label, LABEL_CHARS) or [""]
    if len(lines) > LABEL_LINES:
        lines = lines[:LABEL_LINES]
        lines[-1] = lines[-1][: LABEL_CHARS - 1].rstrip() + "…"
    return [line if len(line) <= LABEL_CHARS else line[: LABEL_CHARS - 1] + "…" for line in lines]


def _shorten(text: str, chars: int) -> str:
    return text if len(text) <= chars else text[: chars - 1].rstrip() + "…"


def _n(number: float) -> str:
    return f"{number:.2f}".rstrip("0").rstrip(".")


class _Svg:
    """The parts of one chart's markup, every text escaped as it is added."""

    def __init__(self, prefix: str, series: int):
        self.prefix = prefix
        self.series = series
        self.parts: list[str] = []

    def fill(self, i: int) -> str:
        if PATTERNS[i % len(PATTERNS)] == "solid":
            return PALETTE[i % len(PALETTE)]
        return f"url(#{self.prefix}-p{i})"

    def defs(self) -> str:
        patterns = []
        for i in range(self.series):
            kind = PATTERNS[i % len(PATTERNS)]
            if kind == "solid":
                continue
            marks = {
                "diagonal": '<path d="M-1,1 l2,-2 M0,6 l6,-6 M5,7 l2,-2"/>',
                "dots": '<circle cx="3" cy="3" r="1.2" stroke="none" fill="#fff"/>',
                "cross": '<path d="M0,0 L6,6 M6,0 L0,6"/>',
                "horizontal": '<path d="M0,3 H6"/>',
                "vertical": '<path d="M3,0 V6"/>',
            }[kind]
            patterns.append(
                f'<pattern id="{self.prefix}-p{i}" width="6" height="6" '
                f'patternUnits="userSpaceOnUse">'
                f'<rect width="6" height="6" fill="{PALETTE[i % len(PALETTE)]}"/>'
                f'<g stroke="#fff" stroke-width="1.2" stroke-opacity="0.8">{marks}</g></pattern>'
            )
        return f"<defs>{''.join(patterns)}</defs>" if patterns else ""

    def legend(self, series: Sequence[Column], y: float) -> float:
        """The legend's swatches, wrapped across the width; returns where the bars begin."""
        x = 0.0
        self.parts.append('<g class="legend">')
        for i, column in enumerate(series):
            full = f"{column.label} ({column.unit})" if column.unit else column.label
            text = _shorten(full, LEGEND_CHARS)
            width = SWATCH + 6 + len(text) * FONT * 0.55 + 14
            if x and x + width > WIDTH:
                x, y = 0.0, y + LINE + 4
            self.parts.append(
                f"<g><title>{escape(full)}</title>"
                f'<rect x="{_n(x)}" y="{_n(y + 1)}" width="{SWATCH}" height="{SWATCH}" '
                f'fill="{self.fill(i)}" stroke="#1f2933" stroke-width="0.5"/>'
                f'<text x="{_n(x + SWATCH + 6)}" y="{_n(y + FONT)}">{escape(text)}</text></g>'
            )
            x += width
        self.parts.append("</g>")
        return y + LINE + 10

    def open_row(self, label: str) -> None:
        self.parts.append(f'<g class="row"><title>{escape(label)}</title>')

    def close_row(self) -> None:
        self.parts.append("</g>")

    def label(self, lines: list[str], top: float) -> None:
        spans = "".join(
            f'<tspan x="0" y="{_n(top + FONT + i * LINE)}">{escape(line)}</tspan>'
            for i, line in enumerate(lines)
        )
        self.parts.append(f'<text class="label">{spans}</text>')

    def bar(
        self,
        i: int,
        x: float,
        y: float,
        width: float,
        height: float,
        tooltip: str,
        text: str,
        *,
        inside: bool = False,
    ) -> None:
        """A bar of series ``i``, its figure in words as its tooltip. A segment of a stacked bar
        (``inside``) prints its value on itself when it fits."""
        self.parts.append(
            f'<rect class="bar" data-series="{i}" x="{_n(x)}" y="{_n(y)}" width="{_n(width)}" '
            f'height="{_n(height)}" fill="{self.fill(i)}">'
            f"<title>{escape(tooltip)}</title></rect>"
        )
        fits = len(text) * FONT * 0.6 + 6 <= width
        if inside and fits:
            # White on the bar, with a halo of the series' colour where a pattern runs behind it.
            self.parts.append(
                f'<text class="segment" x="{_n(x + width / 2)}" y="{_n(y + height / 2 + 4)}" '
                f'text-anchor="middle" fill="#fff" stroke="{PALETTE[i % len(PALETTE)]}" '
                f'stroke-width="3" paint-order="stroke">{escape(text)}</text>'
            )

    def value(self, x: float, y: float, height: float, text: str) -> None:
        self.parts.append(
            f'<text class="value" x="{_n(x + 4)}" y="{_n(y + height / 2 + 4)}">{escape(text)}</text>'
        )

    def note(self, text: str, y: float) -> None:
        self.parts.append(f'<text class="note" x="0" y="{_n(y + FONT)}">{escape(text)}</text>')

    def render(self, title: str, summary: str, height: float) -> SafeString:
        prefix = self.prefix
        return mark_safe(  # noqa: S308 (every text was escaped as it was added)
            f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" width="100%" '
            f'viewBox="0 0 {WIDTH} {_n(height + 4)}" '
            f'aria-labelledby="{prefix}-title {prefix}-desc" '
            f'font-size="{FONT}" fill="currentColor">'
            f'<title id="{prefix}-title">{escape(title)}</title>'
            f'<desc id="{prefix}-desc">{escape(summary)}</desc>'
            f"{self.defs()}{''.join(self.parts)}</svg>"
        )
