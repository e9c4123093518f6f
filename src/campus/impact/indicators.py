"""What the alliance achieves: the impact indicators, per institution, region, theme and term.

Every figure is counted by the database: each kind of record (a *fact*: enrolments,
credentials, challenges...) is filtered once and grouped by the chosen breakdown in one query
(six for themes, one per theme), so a view asks a fixed number of queries whatever the size of
the campus. Python only names the groups and lays them out as tables
(``impact.tables.Table``). What each figure counts is written in
docs/decisions/0014-impact-indicators.md.
"""

from __future__ import annotations

import datetime
import functools
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.exceptions import FieldDoesNotExist
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, ExtractYear
from django.db.models.lookups import GreaterThanOrEqual
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from campus.alliance.models import (
    Institution,
    Organisation,
    OrganisationType,
    Region,
    Theme,
    normalise_erasmus_code,
)
from campus.catalog.models import SEATED_STATUSES, Enrolment, EnrolmentStatus
from campus.challenges.models import Challenge, ChallengeState, Deliverable, Team, TeamMember
from campus.challenges.permissions import PUBLIC_STATES
from campus.credentials.models import Credential, Verification, VerificationOutcome
from campus.mobility import selectors as mobility
from campus.mobility.models import LearningAgreement, OpportunityKind
from campus.people.models import Affiliation, AffiliationState, Role
from campus.research.models import ResearchAgenda, ResearchOutput
from campus.research.transfer_models import TransferRequest, TransferState

from .tables import Column, Table

DIMENSIONS = ("institution", "region", "theme", "term")
DIMENSION_LABELS = {
    "institution": gettext_lazy("Institution"),
    "region": gettext_lazy("Region"),
    "theme": gettext_lazy("Theme"),
    "term": gettext_lazy("Term"),
}
# A challenge is solved when a team delivered its work: the states after delivery, with a
# deliverable uploaded.
SOLVED_STATES = (ChallengeState.DELIVERED, ChallengeState.EVALUATED, ChallengeState.CLOSED)
ANSWERED_STATES = (TransferState.ANSWERED, TransferState.RATED)
STAFF_ROLES = (Role.LECTURER, Role.RESEARCHER, Role.STAFF, Role.COORDINATOR)


# --- terms -----------------------------------------------------------------------------------

_TERM = re.compile(r"^(\d{4})-(spring|autumn)$")


@dataclass(frozen=True, order=True)
class Term:
    """A half of an academic year: autumn from 1 August to 31 January, spring from 1 February
    to 31 July. The campus keeps no academic calendar of its own (the partners' differ by a few
    weeks); these halves are the Erasmus+ convention of the two semesters."""

    year: int
    half: str  # "spring" or "autumn"; "autumn" sorts after "spring" of the same year

    @classmethod
    def parse(cls, code: str) -> Term | None:
        found = _TERM.match((code or "").strip().lower())
        if not found or not 2000 <= int(found.group(1)) <= 2100:
            return None
        return cls(int(found.group(1)), found.group(2))

    @classmethod
    def of(cls, day: datetime.date) -> Term:
        if day.month >= 8:
            return cls(day.year, "autumn")
        if day.month == 1:
            return cls(day.year - 1, "autumn")
        return cls(day.year, "spring")

    @classmethod
    def from_key(cls, key: int) -> Term:
        return cls(key // 10, "autumn" if key % 10 == 2 else "spring")

    @property
    def code(self) -> str:
        return f"{self.year}-{self.half}"

    @property
    def key(self) -> int:
        return self.year * 10 + (2 if self.half == "autumn" else 1)

    @property
    def starts(self) -> datetime.date:
        return datetime.date(self.year, 8 if self.half == "autumn" else 2, 1)

    @property
    def ends(self) -> datetime.date:
        """The first day after the term."""
        if self.half == "autumn":
            return datetime.date(self.year + 1, 2, 1)
        return datetime.date(self.year, 8, 1)

    @property
    def label(self) -> str:
        if self.half == "autumn":
            return _("Autumn %(year)s") % {"year": self.year}
        return _("Spring %(year)s") % {"year": self.year}


def terms_around(today: datetime.date, *, before: int = 4, after: int = 2) -> list[Term]:
    """The terms a filter offers: a few before the current one and a few after it."""
    current = Term.of(today)
    year, half = current.year, current.half
    terms = [current]
    for _step in range(before):
        year, half = (year, "spring") if half == "autumn" else (year - 1, "autumn")
        terms.insert(0, Term(year, half))
    year, half = current.year, current.half
    for _step in range(after):
        year, half = (year, "autumn") if half == "spring" else (year + 1, "spring")
        terms.append(Term(year, half))
    return terms


# --- filters ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class IndicatorFilter:
    institution: Institution | None = None
    region: Region | None = None
    theme: str = ""
    term: Term | None = None

    @property
    def is_empty(self) -> bool:
        return not (self.institution or self.region or self.theme or self.term)


@dataclass(frozen=True)
class Fact:
    """One kind of record, and where each filter and breakdown finds its attributes."""

    queryset: Callable[[], QuerySet]
    institution: str | None  # path to the Institution the record counts for (None: never)
    region: str | None  # path to its Region
    date: str | None  # path to the date (or datetime, with ``timed``) that places it in a term
    theme_json: str | None = None  # path to a JSON list of theme codes
    theme_field: str | None = None  # or to a theme code (through a many-to-many, e.g. topics)
    timed: bool = False
    year: str | None = None  # a year-only record (research outputs): counted in terms by year
    institution_any: tuple[str, ...] = ()  # filter paths, when a record counts for several

    @property
    def has_theme(self) -> bool:
        return bool(self.theme_json or self.theme_field)


def _date_range(fact: Fact, term: Term) -> Q:
    if fact.year:
        return Q(**{fact.year: term.year})
    suffix = "__date" if fact.timed else ""
    return Q(**{f"{fact.date}{suffix}__gte": term.starts, f"{fact.date}{suffix}__lt": term.ends})


@functools.cache
def _to_many(model, path: str) -> tuple[str, object] | None:
    """Where a lookup path first goes through a to-many relation (a join there repeats
    records): the path before it and the model it reaches; None when it never does."""
    parts = path.split("__")
    for i, name in enumerate(parts):
        try:
            found = model._meta.get_field(name)
        except FieldDoesNotExist:
            return None  # a lookup or a transform (date, month, icontains): the path ended
        if found.many_to_many or found.one_to_many:
            return "__".join(parts[:i]), model
        if not found.is_relation:
            return None
        model = found.related_model
    return None


def _narrowed(qs: QuerySet, paths: tuple[str, ...], condition: Callable[..., Q]) -> QuerySet:
    """The records for which ``condition(*paths)`` holds, never repeated by a join: filtered
    in place through foreign keys; through a to-many relation, by the ids of the related rows
    before it (an enrolment by its run's course among the courses hosted in the region: a
    subquery over 800 courses, not over 16,000 enrolments); by the records' own ids when the
    relation starts at the record."""
    splits = {_to_many(qs.model, path) for path in paths}
    if splits == {None}:
        return qs.filter(condition(*paths))
    if len(splits) == 1:
        prefix, model = splits.pop()
        if prefix:
            rests = tuple(path[len(prefix) + 2 :] for path in paths)
            inner = model._default_manager.order_by().filter(condition(*rests))
            return qs.filter(**{f"{prefix}__in": inner.values("pk")})
    inner = qs.model._default_manager.order_by().filter(condition(*paths))
    return qs.filter(pk__in=inner.values("pk"))


def _any_of(value) -> Callable[..., Q]:
    def condition(*paths: str) -> Q:
        q = Q()
        for path in paths:
            q |= Q(**{path: value})
        return q

    return condition


def filtered(fact: Fact, filters: IndicatorFilter) -> QuerySet | None:
    """The fact's records under the filters; None when a filter does not apply to it (a theme
    for mobilities, which have none)."""
    qs = fact.queryset().order_by()
    if filters.institution is not None:
        paths = fact.institution_any or ((fact.institution,) if fact.institution else ())
        if not paths:
            return None
        qs = _narrowed(qs, paths, _any_of(filters.institution))
    if filters.region is not None:
        paths = (
            tuple(f"{p}__region" for p in fact.institution_any)
            if fact.institution_any
            else ((fact.region,) if fact.region else ())
        )
        if not paths:
            return None
        qs = _narrowed(qs, paths, _any_of(filters.region))
    if filters.theme:
        if not fact.has_theme:
            return None
        qs = _theme_filtered(qs, fact, filters.theme)
    if filters.term is not None:
        if not (fact.date or fact.year):
            return None
        qs = qs.filter(_date_range(fact, filters.term))
    return qs


def _theme_filtered(qs: QuerySet, fact: Fact, theme: str) -> QuerySet:
    if fact.theme_json:
        # JSON lists of codes: matched as the quoted code in the list's text, which both
        # databases can do (SQLite has no JSON containment lookup).
        return _narrowed(
            qs, (fact.theme_json,), lambda path: Q(**{f"{path}__icontains": f'"{theme}"'})
        )
    return _narrowed(qs, (fact.theme_field,), lambda path: Q(**{path: theme}))


def _term_key(fact: Fact):
    """The term of a record as the integer ``Term.key``, computed by the database."""
    if fact.year:
        return None
    path = fact.date
    month = f"{path}__month"
    year = ExtractYear(path)
    return Case(
        When(Q(**{f"{month}__gte": 8}), then=year * 10 + 2),
        When(Q(**{f"{month}__lt": 2}), then=(year - 1) * 10 + 2),
        default=year * 10 + 1,
        output_field=IntegerField(),
    )


def grouped(fact: Fact, filters: IndicatorFilter, by: str | None, measures: dict) -> dict | None:
    """{group key: {measure: value}} for the breakdown ``by`` (None: one group, key ""),
    or None when the filters or the breakdown do not apply to the fact."""
    qs = filtered(fact, filters)
    if qs is None:
        return None
    if by is None:
        return {"": qs.aggregate(**measures)}
    if by == "theme":
        if not fact.has_theme:
            return None
        if fact.theme_field:
            # The records' topics' themes: one GROUP BY; a record with several topics of one
            # theme is counted once there (every measure of these facts counts distinct rows).
            rows = qs.values(_group=F(fact.theme_field)).annotate(**measures).order_by()
            found = {row.pop("_group"): row for row in rows}
            empty = {name: 0 for name in measures}
            return {code: found.get(code, dict(empty)) for code in Theme.values}
        # One query per theme: themes are JSON lists, which SQLite cannot unnest into groups;
        # one query of every measure once per theme was slower on PostgreSQL (435 ms against
        # 6 x 8 ms on the scale-10 demo: 36 COUNT(DISTINCT) sorts in one pass).
        return {
            code: _theme_filtered(qs, fact, code).order_by().aggregate(**measures)
            for code in Theme.values
        }
    if by == "term":
        expression = _term_key(fact)
        if expression is None:
            return None
    else:
        path = fact.institution if by == "institution" else fact.region
        if path is None:
            return None
        expression = F(path)
    rows = qs.values(_group=expression).annotate(**measures).order_by()
    return {row.pop("_group"): row for row in rows}


# --- the facts -------------------------------------------------------------------------------


ENROLMENTS = Fact(
    queryset=lambda: Enrolment.objects.filter(status__in=SEATED_STATUSES),
    institution="run__course__hosts",
    region="run__course__hosts__region",
    date="run__starts_on",
    theme_json="run__course__themes",
)
CREDENTIALS = Fact(
    queryset=lambda: Credential.objects.all(),
    institution="issuer",
    region="issuer__region",
    date="issued_at",
    timed=True,
    theme_json="run__course__themes",
)
VERIFICATIONS = Fact(
    queryset=lambda: Verification.objects.filter(
        credential__isnull=False, outcome=VerificationOutcome.VALID
    ),
    institution="issuer",
    region="issuer__region",
    date="at",
    timed=True,
    theme_json="credential__run__course__themes",
)
CHALLENGES = Fact(
    queryset=lambda: Challenge.objects.filter(state__in=PUBLIC_STATES),
    institution="institution",
    region="region",
    date="created_at",
    timed=True,
    theme_json="themes",
)
TEAMS = Fact(
    queryset=lambda: Team.objects.all(),
    institution="challenge__institution",
    region="challenge__region",
    date="created_at",
    timed=True,
    theme_json="challenge__themes",
)
OUTGOING = Fact(
    queryset=lambda: LearningAgreement.objects.all(),
    institution="sending",
    region="sending__region",
    date="starts_on",
    institution_any=("sending", "receiving"),
)
INCOMING = Fact(
    queryset=lambda: LearningAgreement.objects.all(),
    institution="receiving",
    region="receiving__region",
    date="starts_on",
    institution_any=("sending", "receiving"),
)
AGENDAS = Fact(
    queryset=lambda: ResearchAgenda.objects.all(),
    institution="created_by__institution",
    region="created_by__institution__region",
    date="created_at",
    timed=True,
    theme_field="topics__theme",
)
OUTPUTS = Fact(
    queryset=lambda: ResearchOutput.objects.all(),
    institution="profile__person__institution",
    region="profile__person__institution__region",
    date=None,
    year="year",
    theme_field="profile__topics__theme",
)
TRANSFERS = Fact(
    queryset=lambda: TransferRequest.objects.exclude(state=TransferState.WITHDRAWN),
    institution="expert__person__institution",
    region="organisation__region",
    date="created_at",
    timed=True,
    theme_field="topics__theme",
)


def _team_institutions():
    """How many different home institutions a team's members come from (a subquery)."""
    return Coalesce(
        Subquery(
            TeamMember.objects.filter(team=OuterRef("pk"), person__institution__isnull=False)
            .order_by()
            .values("team")
            .annotate(n=Count("person__institution", distinct=True))
            .values("n")[:1],
            output_field=IntegerField(),
        ),
        Value(0),
    )


def _granted(roles) -> Q:
    """The record's person holds one of these roles by a granted affiliation. An IN over the
    granted affiliations, which the database reads once per query (hashed), where a
    correlated EXISTS inside an aggregate's FILTER is looked up again for every row: 40 ms
    against 8 ms per breakdown on the scale-10 demo."""
    return Q(
        person_id__in=Affiliation.objects.filter(
            role__in=roles, state=AffiliationState.GRANTED
        ).values("person_id")
    )


# --- the indicators --------------------------------------------------------------------------


@dataclass(frozen=True)
class Measure:
    key: str
    label: object  # lazy text
    fact: Fact
    aggregate: Callable[[], object]
    unit: str = ""
    # A count or a sum of records, which adds up across groups of records (a distinct count of
    # people does not: one person may be in two groups).
    additive: bool = True


def _count(**extra):
    return lambda: Count("pk", distinct=True, **extra)


def _learners(condition: Callable[[], Q]):
    return lambda: Count("person", distinct=True, filter=condition())


def _solved() -> Q:
    return Q(state__in=SOLVED_STATES) & Q(
        Exists(Deliverable.objects.filter(team__challenge=OuterRef("pk")))
    )


_STUDENT = lambda: _granted((Role.STUDENT,))  # noqa: E731
_STAFF = lambda: _granted(STAFF_ROLES)  # noqa: E731
_COMPLETED = Q(status=EnrolmentStatus.COMPLETED)

MEASURES: dict[str, Measure] = {
    m.key: m
    for m in (
        Measure(
            "degree_students",
            gettext_lazy("Degree students"),
            ENROLMENTS,
            _learners(_STUDENT),
            additive=False,
        ),
        Measure(
            "lifelong_learners",
            gettext_lazy("Lifelong learners"),
            ENROLMENTS,
            _learners(lambda: ~_STUDENT() & ~_STAFF()),
            additive=False,
        ),
        Measure(
            "staff_learners",
            gettext_lazy("Staff"),
            ENROLMENTS,
            _learners(lambda: ~_STUDENT() & _STAFF()),
            additive=False,
        ),
        Measure("enrolments", gettext_lazy("Enrolments"), ENROLMENTS, _count()),
        Measure("completions", gettext_lazy("Completions"), ENROLMENTS, _count(filter=_COMPLETED)),
        Measure(
            "ects_awarded",
            gettext_lazy("ECTS awarded"),
            ENROLMENTS,
            lambda: Sum("ects_earned", filter=_COMPLETED),
            unit="ECTS",
        ),
        Measure("credentials_issued", gettext_lazy("Credentials issued"), CREDENTIALS, _count()),
        Measure(
            "credentials_verified",
            gettext_lazy("Credentials verified"),
            VERIFICATIONS,
            lambda: Count("credential", distinct=True),
        ),
        Measure("challenges_posted", gettext_lazy("Challenges posted"), CHALLENGES, _count()),
        Measure(
            "challenges_solved",
            gettext_lazy("Challenges solved"),
            CHALLENGES,
            lambda: Count("pk", distinct=True, filter=_solved()),
        ),
        Measure("teams", gettext_lazy("Teams"), TEAMS, _count()),
        Measure(
            "mixed_teams",
            gettext_lazy("Teams from two institutions or more"),
            TEAMS,
            lambda: Count(
                "pk", distinct=True, filter=Q(GreaterThanOrEqual(_team_institutions(), 2))
            ),
        ),
        Measure("outgoing", gettext_lazy("Outgoing mobilities"), OUTGOING, _count()),
        Measure("incoming", gettext_lazy("Incoming mobilities"), INCOMING, _count()),
        Measure("agendas", gettext_lazy("Research agendas"), AGENDAS, _count()),
        Measure("outputs", gettext_lazy("Research outputs"), OUTPUTS, _count()),
        Measure(
            "transfer_requests",
            gettext_lazy("Knowledge-transfer requests"),
            TRANSFERS,
            _count(),
        ),
        Measure(
            "transfer_answered",
            gettext_lazy("Requests answered"),
            TRANSFERS,
            _count(filter=Q(state__in=ANSWERED_STATES)),
        ),
    )
}


@dataclass(frozen=True)
class TableSpec:
    key: str
    title: object
    measures: tuple[str, ...]
    note: object = ""
    stacked: bool = False


TABLES = (
    TableSpec(
        "learners",
        gettext_lazy("Learners"),
        ("degree_students", "lifelong_learners", "staff_learners"),
        gettext_lazy(
            "People holding a place in a run (enrolled, completed or failed), each counted once: "
            "degree students hold a granted student affiliation, staff a granted staff, lecturer, "
            "researcher or coordinator one, lifelong learners neither."
        ),
        stacked=True,
    ),
    TableSpec(
        "enrolments",
        gettext_lazy("Enrolments and completions"),
        ("enrolments", "completions"),
        gettext_lazy(
            "Places held in runs, and those completed with a passing result; a run of a joint "
            "course counts for each host."
        ),
    ),
    TableSpec(
        "ects",
        gettext_lazy("ECTS awarded"),
        ("ects_awarded",),
        gettext_lazy("The credits of the runs completed with a passing result."),
    ),
    TableSpec(
        "credentials",
        gettext_lazy("Credentials issued and verified"),
        ("credentials_issued", "credentials_verified"),
        gettext_lazy(
            "Signed micro-credentials issued, and how many of them someone verified on the "
            "campus's verification page or API."
        ),
    ),
    TableSpec(
        "challenges",
        gettext_lazy("Challenges posted and solved"),
        ("challenges_posted", "challenges_solved"),
        gettext_lazy(
            "Challenges approved for the board; solved: a team delivered its work (delivered, "
            "evaluated or closed, with a deliverable)."
        ),
    ),
    TableSpec(
        "teams",
        gettext_lazy("Teams and their diversity"),
        ("teams", "mixed_teams"),
        gettext_lazy(
            "Teams formed on challenges, and those whose members come from two "
            "institutions or more."
        ),
    ),
    TableSpec(
        "mobility",
        gettext_lazy("Mobilities"),
        ("outgoing", "incoming"),
        gettext_lazy(
            "Learning agreements by the mobility's start: outgoing from the sending "
            "institution, incoming to the receiving one. Mobilities carry no theme."
        ),
    ),
    TableSpec(
        "research",
        gettext_lazy("Research and knowledge transfer"),
        ("agendas", "outputs", "transfer_requests", "transfer_answered"),
        gettext_lazy(
            "Shared research agendas, research outputs of expert profiles (dated by year: a "
            "term counts the outputs of its year), and knowledge-transfer requests asked and "
            "answered."
        ),
    ),
)
TABLE_KEYS = tuple(spec.key for spec in TABLES)


# --- reading them ----------------------------------------------------------------------------


def _by_fact(keys) -> dict[Fact, list[Measure]]:
    found: dict[int, tuple[Fact, list[Measure]]] = {}
    for key in keys:
        measure = MEASURES[key]
        found.setdefault(id(measure.fact), (measure.fact, []))[1].append(measure)
    return dict(found.values())


def figures(filters: IndicatorFilter, by: str | None, keys=None) -> dict[str, dict | None]:
    """{measure key: {group key: value} or None when it does not apply}, one query per fact
    (per fact and theme when broken down by theme)."""
    keys = tuple(keys or MEASURES)
    result: dict[str, dict | None] = {}
    for fact, measures in _by_fact(keys).items():
        if by == "theme" and fact.theme_json and any(m.additive for m in measures):
            # Counts and sums of records group by the records' list of themes in one query
            # (a record is in exactly one list); distinct people need a query per theme.
            rows = _by_theme_lists(fact, filters, [m for m in measures if m.additive])
            rest = [m for m in measures if not m.additive]
            if rest and rows is not None:
                for code, row in grouped(
                    fact, filters, by, {m.key: m.aggregate() for m in rest}
                ).items():
                    rows[code].update(row)
        else:
            rows = grouped(fact, filters, by, {m.key: m.aggregate() for m in measures})
        for measure in measures:
            result[measure.key] = (
                None
                if rows is None
                else {group: row[measure.key] or 0 for group, row in rows.items()}
            )
    return result


def _by_theme_lists(fact: Fact, filters: IndicatorFilter, measures: list[Measure]) -> dict | None:
    """{theme: {measure: value}} for additive measures, from one GROUP BY the records' JSON
    list of themes; Python adds each list's figures to the themes in it (a handful of lists)."""
    qs = filtered(fact, filters)
    if qs is None:
        return None
    found = {code: dict.fromkeys((m.key for m in measures), 0) for code in Theme.values}
    aggregates = {m.key: m.aggregate() for m in measures}
    for aggregate in aggregates.values():
        # The list is reached through foreign keys and the filters select by subquery, so no
        # join repeats a record here: a plain COUNT, without the sort a DISTINCT costs.
        if isinstance(aggregate, Count):
            aggregate.distinct = False
    rows = qs.values(_group=F(fact.theme_json)).annotate(**aggregates).order_by()
    for row in rows:
        themes = row.pop("_group") or []
        if isinstance(themes, str):
            themes = json.loads(themes)
        for code in set(themes) & set(found):
            for key, value in row.items():
                found[code][key] += value or 0
    return found


def totals(filters: IndicatorFilter, keys=None) -> dict[str, object]:
    """Each indicator over everything the filters select (None when it does not apply)."""
    return {
        key: (None if values is None else values.get("", 0))
        for key, values in figures(filters, None, keys).items()
    }


@dataclass(frozen=True)
class Group:
    key: object
    label: str
    code: str = ""  # what the filter takes to narrow to this group


def groups(by: str, present: set) -> list[Group]:
    """The rows of a breakdown: every partner institution or region (zeros included), every
    theme, or the terms that have figures, in order; records without one come last."""
    if by == "institution":
        rows = [
            Group(i.pk, i.short_name, i.code)
            for i in Institution.objects.order_by("short_name").only("pk", "short_name", "code")
        ]
    elif by == "region":
        partner = set(Institution.objects.values_list("region_id", flat=True))
        rows = [
            Group(r.pk, f"{r.name} ({r.code})", r.code)
            for r in Region.objects.filter(pk__in=partner | (present - {None})).order_by("code")
        ]
    elif by == "theme":
        rows = [Group(code, str(label), code) for code, label in Theme.choices]
    else:
        rows = [
            Group(key, Term.from_key(key).label, Term.from_key(key).code)
            for key in sorted(k for k in present if k is not None)
        ]
    if None in present:
        rows.append(Group(None, _("Not attributed")))
    return rows


@dataclass
class Dashboard:
    filters: IndicatorFilter
    by: str
    totals: dict[str, object]
    tables: list[Table]
    specs: list[TableSpec] = field(default_factory=list)
    stakeholders: Table | None = None
    mobility_kinds: Table | None = None


def indicator_tables(filters: IndicatorFilter, by: str, only=None) -> list[Table]:
    """The dashboard's tables (or those named in ``only``): each indicator group broken down
    by ``by``."""
    specs = [spec for spec in TABLES if only is None or spec.key in only]
    values = figures(filters, by, [key for spec in specs for key in spec.measures])
    present: set = set()
    for found in values.values():
        if found:
            present |= {k for k, v in found.items() if v}
    rows_of = groups(by, present)
    tables = []
    for spec in specs:
        columns = (Column("group", str(DIMENSION_LABELS[by]), numeric=False),) + tuple(
            Column(key, str(MEASURES[key].label), unit=MEASURES[key].unit) for key in spec.measures
        )
        rows, codes = [], []
        for group in rows_of:
            cells = []
            for key in spec.measures:
                found = values[key]
                cells.append(None if found is None else found.get(group.key, 0))
            if group.key is None and not any(cells):
                continue
            rows.append((group.label, *cells))
            codes.append(group.code)
        tables.append(
            Table(spec.key, str(spec.title), columns, tuple(rows), str(spec.note), tuple(codes))
        )
    return tables


def stakeholders_table(filters: IndicatorFilter) -> Table:
    """Organisations engaged, by type: those with a public challenge or a knowledge-transfer
    request under the filters (one query)."""
    challenges = filtered(CHALLENGES, filters)
    requests = filtered(TRANSFERS, filters)
    none = Q(pk__in=[])
    with_challenge = (
        Q(Exists(challenges.filter(organisation=OuterRef("pk"))))
        if challenges is not None
        else none
    )
    with_request = (
        Q(Exists(requests.filter(organisation=OuterRef("pk")))) if requests is not None else none
    )
    rows = {
        row["type"]: row
        for row in Organisation.objects.order_by()
        .values("type")
        .annotate(
            engaged=Count("pk", filter=with_challenge | with_request),
            challenges=Count("pk", filter=with_challenge),
            requests=Count("pk", filter=with_request),
        )
    }
    columns = (
        Column("type", _("Type of organisation"), numeric=False),
        Column("engaged", _("Organisations engaged")),
        Column("with_challenges", _("With challenges")),
        Column("with_requests", _("With knowledge-transfer requests")),
    )
    body = []
    for code, label in OrganisationType.choices:
        row = rows.get(code, {})
        body.append(
            (str(label), row.get("engaged", 0), row.get("challenges", 0), row.get("requests", 0))
        )
    return Table(
        "stakeholders",
        _("Stakeholders engaged by type"),
        columns,
        tuple(body),
        _(
            "Regional organisations that posted a challenge approved for the board or asked a "
            "knowledge-transfer request, each counted once."
        ),
    )


def mobility_table(filters: IndicatorFilter) -> Table | None:
    """Mobilities by type with their travel CO₂e emitted and avoided (one grouped query per
    type; the travel engine turns the groups into kilograms). None under a theme filter."""
    agreements = filtered(OUTGOING, filters)
    if agreements is None:
        return None
    body = []
    for code, label in OpportunityKind.choices:
        found = mobility.travel_totals(agreements.filter(opportunity__kind=code))
        body.append(
            (
                str(label),
                found.mobilities,
                round(found.co2e_emitted_kg),
                round(found.co2e_avoided_kg),
            )
        )
    columns = (
        Column("kind", _("Type of mobility"), numeric=False),
        Column("mobilities", _("Mobilities")),
        Column("co2e_emitted_kg", _("Travel CO₂e emitted"), unit="kg"),
        Column("co2e_avoided_kg", _("CO₂e avoided"), unit="kg"),
    )
    return Table(
        "mobility_kinds",
        _("Mobilities by type, and their travel"),
        columns,
        tuple(body),
        _(
            "Return trips between the institutions' cities by the declared way of travelling "
            "(the usual way when none is declared); avoided: against everyone travelling the "
            "usual way, by green travel, blended and virtual mobility."
        ),
    )


def dashboard(filters: IndicatorFilter, by: str) -> Dashboard:
    return Dashboard(
        filters=filters,
        by=by,
        totals=totals(filters),
        tables=indicator_tables(filters, by),
        specs=list(TABLES),
        stakeholders=stakeholders_table(filters),
        mobility_kinds=mobility_table(filters),
    )


class FilterError(ValueError):
    """A filter names nothing the campus knows: ``status`` is 404 for an unknown institution
    or region, 400 for a malformed term or an unknown theme or breakdown."""

    def __init__(self, message: str, *, status: int, field: str):
        super().__init__(message)
        self.status = status
        self.field = field


def parse_filters(
    *, institution: str = "", region: str = "", theme: str = "", term: str = "", by: str = ""
) -> tuple[IndicatorFilter, str]:
    """The filters and the breakdown named by codes (an Erasmus code, a NUTS code, a theme, a
    term such as 2026-autumn, a dimension); FilterError with a message for what is unknown."""
    found_institution = found_region = found_term = None
    institution, region, theme, term = (
        (value or "").strip() for value in (institution, region, theme, term)
    )
    if institution:
        found_institution = Institution.objects.filter(
            code_key=normalise_erasmus_code(institution)
        ).first()
        if found_institution is None:
            raise FilterError(
                _("There is no partner institution with the Erasmus code “%(code)s”.")
                % {"code": institution},
                status=404,
                field="institution",
            )
    if region:
        code = region.upper()
        found_region = (
            Region.objects.filter(Q(code=code) | Q(code_2021=code)).order_by("pk").first()
        )
        if found_region is None:
            raise FilterError(
                _("There is no region with the NUTS code “%(code)s”. Choose one of the list.")
                % {"code": region},
                status=404,
                field="region",
            )
    if theme and theme not in Theme.values:
        raise FilterError(
            _("There is no theme “%(theme)s”; the themes are: %(themes)s.")
            % {"theme": theme, "themes": ", ".join(Theme.values)},
            status=400,
            field="theme",
        )
    if term:
        found_term = Term.parse(term)
        if found_term is None:
            raise FilterError(
                _(
                    "“%(term)s” is not a term: write the year and the half, e.g. 2026-autumn or "
                    "2027-spring."
                )
                % {"term": term},
                status=400,
                field="term",
            )
    by = (by or "").strip() or "institution"
    if by not in DIMENSIONS:
        raise FilterError(
            _("The indicators can be broken down by: %(dimensions)s.")
            % {"dimensions": ", ".join(DIMENSIONS)},
            status=400,
            field="by",
        )
    filters = IndicatorFilter(
        institution=found_institution, region=found_region, theme=theme, term=found_term
    )
    return filters, by
