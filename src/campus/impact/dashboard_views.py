"""Pages of the impact indicators: the dashboard (charts with their tables, filters, exports),
the nine partner regions side by side, and the public page of headline figures."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from campus.alliance.models import Institution

from . import indicators, selectors
from .charts import bar_chart
from .exports import export_response
from .forms import IndicatorFilterForm
from .indicators import DIMENSION_LABELS, DIMENSIONS, FilterError, IndicatorFilter
from .tables import Column, Table

FILTER_NAMES = ("institution", "region", "theme", "term", "by")
# The figures of the public page and of each region's card: counts only, never a person.
HEADLINE = (
    "enrolments",
    "completions",
    "ects_awarded",
    "credentials_issued",
    "challenges_posted",
    "challenges_solved",
    "outgoing",
    "transfer_answered",
)


def _filters(request, *, dimensions=DIMENSIONS):
    """The form, the parsed filters and breakdown, and the status of the page (400 or 404 with
    the reason on the form when a filter names nothing the campus knows)."""
    form = IndicatorFilterForm(
        request.GET or None,
        institutions=Institution.objects.order_by("short_name").only("code", "short_name"),
        regions=selectors.regions_with_partners(),
        terms=indicators.terms_around(timezone.localdate()),
        dimensions=[(d, DIMENSION_LABELS[d]) for d in dimensions],
    )
    try:
        filters, by = indicators.parse_filters(
            **{name: request.GET.get(name, "") for name in FILTER_NAMES}
        )
    except FilterError as error:
        form.is_valid()
        form.add_error(error.field if error.field in form.fields else None, str(error))
        return form, None, "", error.status
    if by not in dimensions:
        by = dimensions[0]
    form.is_valid()
    return form, filters, by, 200


def _query(request, **extra) -> str:
    params = {name: request.GET.get(name, "") for name in FILTER_NAMES}
    params.update(extra)
    return urlencode({k: v for k, v in params.items() if v})


def _charted(request, table: Table, *, stacked: bool = False) -> dict:
    return {
        "table": table,
        "chart": bar_chart(table, stacked=stacked),
        "csv": f"{reverse('impact:export')}?{_query(request, table=table.key, format='csv')}",
    }


def _all_tables(board: indicators.Dashboard) -> list[Table]:
    tables = list(board.tables)
    tables += [t for t in (board.stakeholders, board.mobility_kinds) if t is not None]
    return tables


@login_required
def dashboard(request):
    """What the alliance achieves, under the filters, broken down by institution, region,
    theme or term: a chart per indicator with its table, and the exports."""
    form, filters, by, status = _filters(request)
    context = {"form": form, "board": None}
    if filters is not None:
        board = indicators.dashboard(filters, by)
        stacked = {spec.key: spec.stacked for spec in board.specs}
        context.update(
            board=board,
            headline=_headline(board.totals, board),
            charts=[_charted(request, t, stacked=stacked.get(t.key, False)) for t in board.tables],
            extra=[_charted(request, t) for t in (board.stakeholders, board.mobility_kinds) if t],
            xlsx=f"{reverse('impact:export')}?{_query(request, format='xlsx')}",
            by_label=DIMENSION_LABELS[by],
        )
    return render(request, "impact/dashboard.html", context, status=status)


def _headline(totals: dict, board: indicators.Dashboard | None = None) -> list[dict]:
    rows = [
        {"key": key, "label": indicators.MEASURES[key].label, "value": totals.get(key)}
        for key in HEADLINE
    ]
    if board is not None and board.stakeholders is not None:
        rows.append(
            {
                "key": "stakeholders",
                "label": _("Stakeholders engaged"),
                "value": board.stakeholders.total(1),
            }
        )
    if board is not None and board.mobility_kinds is not None:
        rows.append(
            {
                "key": "co2e_avoided_kg",
                "label": _("Travel CO₂e avoided (kg)"),
                "value": board.mobility_kinds.total(3),
            }
        )
    return rows


def regions_table(filters: IndicatorFilter) -> Table:
    """The partner regions side by side: each headline figure per region (one query per
    kind of record)."""
    unregioned = IndicatorFilter(
        institution=filters.institution, theme=filters.theme, term=filters.term
    )
    values = indicators.figures(unregioned, "region", HEADLINE)
    present = set()
    for found in values.values():
        present |= set(found or ())
    rows = []
    for group in indicators.groups("region", present):
        if group.key is None:
            continue
        rows.append(
            (
                group.label,
                *(
                    None if values[key] is None else values[key].get(group.key, 0)
                    for key in HEADLINE
                ),
            )
        )
    columns = (Column("region", _("Region"), numeric=False),) + tuple(
        Column(key, str(indicators.MEASURES[key].label), unit=indicators.MEASURES[key].unit)
        for key in HEADLINE
    )
    return Table(
        "regions",
        _("The partner regions side by side"),
        columns,
        tuple(rows),
        _(
            "Each region counts what its partner institutions host and issue, and the "
            "challenges of its organisations."
        ),
    )


@login_required
def regions(request):
    """The nine partner regions side by side, one card each, with a chart per figure."""
    form, filters, _by, status = _filters(request, dimensions=("region",))
    context = {"form": form, "table": None}
    if filters is not None:
        table = regions_table(filters)
        cards = [
            {
                "label": row[0],
                "figures": [
                    {"label": column.label, "value": value}
                    for column, value in zip(table.value_columns, row[1:], strict=True)
                ],
            }
            for row in table.rows
        ]
        per_figure = []
        for i, column in enumerate(table.value_columns, start=1):
            one = Table(
                f"regions-{column.key}",
                column.label,
                (table.columns[0], column),
                tuple((row[0], row[i]) for row in table.rows),
            )
            per_figure.append({"table": one, "chart": bar_chart(one)})
        context.update(
            table=table,
            cards=cards,
            charts=per_figure,
            csv=f"{reverse('impact:export')}?{_query(request, table='regions', format='csv')}",
            xlsx=f"{reverse('impact:export')}?{_query(request, table='regions', format='xlsx')}",
        )
    return render(request, "impact/regions.html", context, status=status)


@login_required
def export(request) -> HttpResponse:
    """Every table behind a chart as CSV (one table) or XLSX (one table, or all of them)."""
    form, filters, by, status = _filters(request)
    if filters is None:
        errors = "; ".join(str(e) for errs in form.errors.values() for e in errs)
        return HttpResponse(errors, status=status, content_type="text/plain; charset=utf-8")
    fmt = request.GET.get("format", "xlsx")
    if fmt not in ("csv", "xlsx"):
        return HttpResponse(
            _("The exports are CSV or XLSX."), status=400, content_type="text/plain; charset=utf-8"
        )
    key = request.GET.get("table", "")
    if key == "regions":
        tables = [regions_table(filters)]
    else:
        tables = _all_tables(indicators.dashboard(filters, by))
        if key:
            tables = [t for t in tables if t.key == key]
            if not tables:
                raise Http404(_("There is no table “%(key)s”.") % {"key": key})
    if fmt == "csv" and len(tables) != 1:
        return HttpResponse(
            _("A CSV file holds one table: name it with table=, or ask for XLSX."),
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    stem = "impact-" + (tables[0].key if len(tables) == 1 else by)
    return export_response(tables, fmt, stem)


def public(request):
    """The alliance's headline figures for everyone: counts only, no person, no filter."""
    filters = IndicatorFilter()
    totals = indicators.totals(filters, HEADLINE)
    board = indicators.Dashboard(
        filters=filters,
        by="",
        totals=totals,
        tables=[],
        stakeholders=indicators.stakeholders_table(filters),
        mobility_kinds=indicators.mobility_table(filters),
    )
    themes = indicators.indicator_tables(filters, "theme", ("challenges",))
    context = {
        "headline": _headline(totals, board),
        "themes": [{"table": t, "chart": bar_chart(t)} for t in themes],
    }
    return render(request, "impact/public.html", context)
