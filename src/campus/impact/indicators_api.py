"""GET /api/v1/impact/indicators: what the alliance achieves, under filters, broken down."""

from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from campus.people.schemas import ErrorOut

from . import indicators
from .tables import Table

router = Router(tags=["impact"])


class ColumnOut(Schema):
    key: str
    label: str
    unit: str = ""


class RowOut(Schema):
    group: str = Field(description="What the row counts: an institution, a region, a theme…")
    code: str = Field("", description="The filter value that narrows to this row, if any")
    values: dict[str, float | None] = Field(description="None: the figure does not apply")


class TableOut(Schema):
    key: str
    title: str
    note: str
    columns: list[ColumnOut]
    rows: list[RowOut]


class FiltersOut(Schema):
    institution: str | None = Field(None, description="Erasmus code")
    region: str | None = Field(None, description="NUTS code")
    theme: str | None = None
    term: str | None = Field(None, description="e.g. 2026-autumn")
    by: str


class IndicatorsOut(Schema):
    filters: FiltersOut
    totals: dict[str, float | None]
    tables: list[TableOut]


def table_document(table: Table) -> dict:
    codes = table.codes or ("",) * len(table.rows)
    return {
        "key": table.key,
        "title": table.title,
        "note": table.note,
        "columns": [{"key": c.key, "label": c.label, "unit": c.unit} for c in table.value_columns],
        "rows": [
            {
                "group": row[0],
                "code": code,
                "values": {
                    c.key: (None if v is None else float(v))
                    for c, v in zip(table.value_columns, row[1:], strict=True)
                },
            }
            for row, code in zip(table.rows, codes, strict=True)
        ],
    }


@router.get(
    "/impact/indicators",
    response={200: IndicatorsOut, 400: ErrorOut, 401: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="The impact indicators, under filters, broken down",
    description=(
        "Learners (degree students, lifelong learners, staff), enrolments, completions, ECTS "
        "awarded, credentials issued and verified, challenges posted and solved, teams and "
        "those of two institutions or more, mobilities outgoing and incoming, research agendas "
        "and outputs, knowledge-transfer requests asked and answered — broken down `by` "
        "institution, region, theme or term — with stakeholders engaged by type and "
        "mobilities by type with their travel CO2e emitted and avoided. Filters: `institution` "
        "(Erasmus code), `region` (NUTS code), `theme`, `term` (e.g. 2026-autumn: August to "
        "January; 2027-spring: February to July). A figure that does not apply under a filter "
        "(mobilities have no theme) is null. Unknown institutions and regions answer 404, a "
        "malformed term 400."
    ),
    operation_id="impact_indicators",
)
def impact_indicators(
    request,
    institution: str = Query("", max_length=20, description="Erasmus code"),  # noqa: B008
    region: str = Query("", max_length=10, description="NUTS code, e.g. BE21"),  # noqa: B008
    theme: str = Query("", max_length=12, description="An alliance theme"),  # noqa: B008
    term: str = Query("", max_length=12, description="e.g. 2026-autumn"),  # noqa: B008
    by: str = Query(  # noqa: B008
        "institution", max_length=12, description="institution, region, theme or term"
    ),
):
    try:
        filters, by = indicators.parse_filters(
            institution=institution, region=region, theme=theme, term=term, by=by
        )
    except indicators.FilterError as error:
        raise HttpError(error.status, str(error)) from error
    board = indicators.dashboard(filters, by)
    tables = [table_document(t) for t in board.tables]
    tables += [
        table_document(t) for t in (board.stakeholders, board.mobility_kinds) if t is not None
    ]
    return {
        "filters": {
            "institution": filters.institution.code if filters.institution else None,
            "region": filters.region.code if filters.region else None,
            "theme": filters.theme or None,
            "term": filters.term.code if filters.term else None,
            "by": by,
        },
        "totals": {
            key: (None if value is None else float(value)) for key, value in board.totals.items()
        },
        "tables": tables,
    }
