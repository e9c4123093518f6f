"""Paging parameters with bounds, the same for every list endpoint and page.

An unbounded offset reaches the database as a number it cannot hold (a 500 on SQLite and
PostgreSQL alike); a bound declared in the schema is refused with a 422 before any query,
and the OpenAPI document says what is allowed.
"""

from ninja import Query

MAX_LIMIT = 100
MAX_OFFSET = 1_000_000
#: Pages of a page-numbered list: far beyond any list of the alliance, far below overflow.
MAX_PAGE = 50_000


def limit_query(default: int = 20, maximum: int = MAX_LIMIT):
    """The ``limit`` query parameter of a list endpoint: 1 to ``maximum`` items a page."""
    return Query(default, ge=1, le=maximum, description=f"At most {maximum} a page")


def offset_query():
    """The ``offset`` query parameter of a list endpoint: 0 to ``MAX_OFFSET``."""
    return Query(0, ge=0, le=MAX_OFFSET, description=f"How many to skip, at most {MAX_OFFSET}")


def page_number(raw) -> int:
    """A page number from a query string: 1 when it is missing or unreadable, at most
    ``MAX_PAGE`` (a page past the end then shows the last one, as Django's paginator does)."""
    try:
        number = int(raw)
    except (TypeError, ValueError):
        return 1
    return min(max(number, 1), MAX_PAGE)
