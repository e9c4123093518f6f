"""Reads of the skills gap: the demand for skills in a region, the alliance's supply of them
within the region's reach, the ranked gap, and the exposure of skills to automation.

Every number is aggregated by the database (one grouped query per source), so a view asks a
fixed number of queries whatever the size of the catalogue; Python only combines the grouped
rows of the skills that are demanded. The weights are explained in
docs/decisions/0013-skills-gap.md.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    F,
    OuterRef,
    Q,
    Sum,
    Value,
    When,
    Window,
)
from django.db.models.functions import RowNumber

from campus.alliance.models import Institution, Region
from campus.catalog.models import Course, LearningOutcome, Mode
from campus.challenges.models import ChallengeSkill
from campus.challenges.permissions import PUBLIC_STATES
from campus.credentials.models import Credential
from campus.research.models import ExpertProfile
from campus.research.transfer_models import TransferRequest, TransferState
from campus.skills.models import Skill, SkillKind
from campus.skills.selectors import preferred_labels_prefetch

from .models import Exposure, ExposureUpload, SurveyNeed, SurveyUpload
from .reach import institutions_within, languages_spoken

# A knowledge-transfer request weighs as much as a challenge's skill of the default weight.
TRANSFER_WEIGHT = Decimal("1")
# How much a course teaching a related skill supplies of a demanded one (the expert finder's
# credits, research.finder.index.RELATION_CREDIT): a narrower (more specific) skill teaches
# much of the broader one; a broader skill some of a narrower one.
NARROWER_CREDIT = 0.6
BROADER_CREDIT = 0.5
# The ESCO collections (and kind) whose skills complement automation.
COMPLEMENTARY_COLLECTIONS = ("transversal", "green", "digital")
# How many courses each gap lists, and how many complementary skills the page proposes.
COURSES_PER_GAP = 5
COMPLEMENTS_SHOWN = 10

_OUTCOME_SKILLS = LearningOutcome.skills.through
_COURSE_HOSTS = Course.hosts.through


def region_by_code(code: str) -> Region | None:
    """The region with this NUTS code (2024, or its 2021 code), case aside; None if unknown."""
    code = (code or "").strip().upper()
    if not code:
        return None
    return Region.objects.filter(Q(code=code) | Q(code_2021=code)).order_by("pk").first()


def regions_with_partners() -> list[Region]:
    """The regions where partner institutions are: the alliance's own regions."""
    return list(Region.objects.filter(institutions__isnull=False).distinct().order_by("code"))


# --- reach -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Reach:
    """What is within a region's reach; None region means the whole alliance (everything)."""

    region: Region | None
    languages: tuple[str, ...] = ()
    institution_ids: frozenset[int] = frozenset()
    distance_km: float = 0.0

    def q(self, course: str = "") -> Q:
        """A condition on the course at path `course` ('' for Course itself) being in reach."""
        if self.region is None:
            return Q()
        prefix = f"{course}__" if course else ""
        condition = Q(**{f"{prefix}mode": Mode.ONLINE})
        for language in self.languages:
            # A JSON list as text holds each code in quotes: '"de"' is the code, not a part.
            condition |= Q(**{f"{prefix}languages__icontains": f'"{language}"'})
        if self.institution_ids:
            condition |= Exists(
                _COURSE_HOSTS.objects.filter(
                    course_id=OuterRef(f"{prefix}pk"), institution_id__in=self.institution_ids
                )
            )
        return condition


def region_reach(region: Region | None) -> Reach:
    """The languages and institutions within reach of a region (one query for the institutions)."""
    if region is None:
        return Reach(None)
    distance = settings.CAMPUS_GAP_REACH_KM
    rows = list(Institution.objects.values_list("pk", "lat", "lon", "region_id"))
    origins = [(lat, lon) for _pk, lat, lon, region_id in rows if region_id == region.pk]
    near = institutions_within(origins, [(pk, lat, lon) for pk, lat, lon, _r in rows], distance)
    return Reach(region, languages_spoken(region.country), frozenset(near), distance)


# --- demand ----------------------------------------------------------------------------------


@dataclass
class DemandFilter:
    """Which demand counts: a region (None: all), an alliance theme, a period of expression."""

    region: Region | None = None
    theme: str = ""
    since: datetime.date | None = None
    until: datetime.date | None = None

    def period(self, field_name: str) -> Q:
        condition = Q()
        if self.since:
            condition &= Q(**{f"{field_name}__date__gte": self.since})
        if self.until:
            condition &= Q(**{f"{field_name}__date__lte": self.until})
        return condition


@dataclass
class Demand:
    """What a skill is demanded by: challenges (their weights), requests and surveys."""

    challenge_weight: Decimal = Decimal("0")
    challenges: int = 0
    requests: int = 0
    survey_weight: Decimal = Decimal("0")
    surveys: int = 0

    @property
    def total(self) -> Decimal:
        return self.challenge_weight + TRANSFER_WEIGHT * self.requests + self.survey_weight


def skills_demand(filters: DemandFilter) -> dict[int, Demand]:
    """The demand per skill id: three grouped queries, one per source."""
    demand: dict[int, Demand] = {}
    region = filters.region
    challenges = Q(challenge__state__in=PUBLIC_STATES) & filters.period("challenge__created_at")
    if region is not None:
        challenges &= Q(challenge__organisation__region=region)
    if filters.theme:
        challenges &= Q(challenge__themes__icontains=f'"{filters.theme}"')
    for row in (
        ChallengeSkill.objects.filter(challenges)
        .values("skill_id")
        .annotate(weight=Sum("weight"), n=Count("challenge_id", distinct=True))
    ):
        entry = demand.setdefault(row["skill_id"], Demand())
        entry.challenge_weight, entry.challenges = row["weight"], row["n"]

    requests = ~Q(transferrequest__state=TransferState.WITHDRAWN) & filters.period(
        "transferrequest__created_at"
    )
    if region is not None:
        requests &= Q(transferrequest__organisation__region=region)
    if filters.theme:
        # Topics name no ESCO skills; a request is of a theme through its topics' theme.
        requests &= Exists(
            TransferRequest.topics.through.objects.filter(
                transferrequest_id=OuterRef("transferrequest_id"), topic__theme=filters.theme
            )
        )
    for row in (
        TransferRequest.skills.through.objects.filter(requests)
        .values("skill_id")
        .annotate(n=Count("transferrequest_id", distinct=True))
    ):
        demand.setdefault(row["skill_id"], Demand()).requests = row["n"]

    if not filters.theme:  # surveys name no theme: a theme's demand is that of its challenges
        surveys = filters.period("upload__uploaded_at")
        if region is not None:
            surveys &= Q(region=region)
        for row in (
            SurveyNeed.objects.filter(surveys)
            .values("skill_id")
            .annotate(weight=Sum("weight"), n=Count("pk"))
        ):
            entry = demand.setdefault(row["skill_id"], Demand())
            entry.survey_weight, entry.surveys = row["weight"], row["n"]
    return {pk: d for pk, d in demand.items() if d.total > 0}


# --- supply ----------------------------------------------------------------------------------


@dataclass
class Supply:
    """How a skill is supplied: published courses teaching it (within reach and anywhere),
    courses teaching a narrower or broader skill within reach, people holding it."""

    courses_in_reach: int = 0
    courses_anywhere: int = 0
    narrower_in_reach: int = 0
    broader_in_reach: int = 0
    related_anywhere: int = 0
    experts: int = 0
    credentials: int = 0

    @property
    def effective(self) -> float:
        return (
            self.courses_in_reach
            + NARROWER_CREDIT * self.narrower_in_reach
            + BROADER_CREDIT * self.broader_in_reach
        )


def _course_counts(skill_filter: Q, group: str, reach: Reach) -> dict[int, tuple[int, int]]:
    """(courses within reach, courses anywhere) teaching each group key's skills, published."""
    course = "learningoutcome__course"
    rows = (
        _OUTCOME_SKILLS.objects.filter(skill_filter, learningoutcome__course__published=True)
        .values(group)
        .annotate(
            anywhere=Count(course, distinct=True),
            in_reach=Count(course, distinct=True, filter=reach.q(course)),
        )
    )
    return {row[group]: (row["in_reach"], row["anywhere"]) for row in rows}


def skills_supply(skills: dict[int, int | None], reach: Reach) -> dict[int, Supply]:
    """The supply of each skill id (mapped to its broader skill's id): four grouped queries."""
    supply = {pk: Supply() for pk in skills}
    if not skills:
        return supply
    broader_ids = {b for b in skills.values() if b is not None}
    direct = _course_counts(Q(skill_id__in=set(skills) | broader_ids), "skill_id", reach)
    narrower = _course_counts(Q(skill__broader_id__in=skills), "skill__broader_id", reach)
    for pk, broader in skills.items():
        entry = supply[pk]
        entry.courses_in_reach, entry.courses_anywhere = direct.get(pk, (0, 0))
        entry.narrower_in_reach, narrower_anywhere = narrower.get(pk, (0, 0))
        broader_in_reach, broader_anywhere = direct.get(broader, (0, 0)) if broader else (0, 0)
        entry.broader_in_reach = broader_in_reach
        entry.related_anywhere = narrower_anywhere + broader_anywhere
    region = {"person__institution__region": reach.region} if reach.region else {}
    for row in (
        ExpertProfile.skills.through.objects.filter(
            skill_id__in=skills, **{f"expertprofile__{k}": v for k, v in region.items()}
        )
        .values("skill_id")
        .annotate(n=Count("expertprofile_id", distinct=True))
    ):
        supply[row["skill_id"]].experts = row["n"]
    for row in (
        Credential.objects.filter(revoked_at__isnull=True, achievement__skills__in=skills, **region)
        .values("achievement__skills")
        .annotate(n=Count("person_id", distinct=True))
    ):
        supply[row["achievement__skills"]].credentials = row["n"]
    return supply


@dataclass
class SupplyRow:
    skill: Skill
    courses: int
    institutions: int


def catalogue_supply(
    *,
    institution: Institution | None = None,
    language: str = "",
    mode: str = "",
    term: tuple[datetime.date, datetime.date] | None = None,
    limit: int = 50,
) -> list[SupplyRow]:
    """The skills the published catalogue teaches, most courses first, filtered by host
    institution, teaching language, mode, and runs starting within a term (two or three queries)."""
    condition = Q(learningoutcome__course__published=True)
    if institution is not None:
        condition &= Q(learningoutcome__course__hosts=institution)
    if language:
        condition &= Q(learningoutcome__course__languages__icontains=f'"{language}"')
    if mode:
        condition &= Q(learningoutcome__course__mode=mode)
    if term is not None:
        condition &= Q(
            learningoutcome__course__runs__starts_on__gte=term[0],
            learningoutcome__course__runs__starts_on__lte=term[1],
        )
    rows = list(
        _OUTCOME_SKILLS.objects.filter(condition)
        .values("skill_id")
        .annotate(
            courses=Count("learningoutcome__course", distinct=True),
            institutions=Count("learningoutcome__course__hosts", distinct=True),
        )
        .order_by("-courses", "skill_id")[:limit]
    )
    skills = _skills_by_id([r["skill_id"] for r in rows])
    return [SupplyRow(skills[r["skill_id"]], r["courses"], r["institutions"]) for r in rows]


# --- exposure --------------------------------------------------------------------------------


@dataclass
class ExposureState:
    """The exposure data set the gap reads (the newest upload), or none."""

    upload: ExposureUpload | None
    threshold: float
    by_skill: dict[int, Decimal] = field(default_factory=dict)
    isco_rows: int = 0


def current_exposure(skill_ids) -> ExposureState:
    """The newest exposure data set: its scores for these skills and its unusable ISCO rows."""
    threshold = settings.CAMPUS_GAP_EXPOSURE_THRESHOLD
    upload = (
        ExposureUpload.objects.select_related("uploaded_by")
        .annotate(isco_rows=Count("rows", filter=~Q(rows__isco_code="")))
        .first()
    )
    if upload is None:
        return ExposureState(None, threshold)
    scores = dict(
        Exposure.objects.filter(upload=upload, skill_id__in=skill_ids).values_list(
            "skill_id", "score"
        )
    )
    return ExposureState(upload, threshold, scores, upload.isco_rows)


def complementary_skills(exposure: ExposureState, demand: dict[int, Demand]) -> list[Complement]:
    """Transversal, green and digital skills less exposed than the threshold, the ones demanded
    here first, then the least exposed (one query, two with labels in another language)."""
    if exposure.upload is None:
        return []
    collections = Q(skill__kind=SkillKind.TRANSVERSAL)
    for name in COMPLEMENTARY_COLLECTIONS:
        collections |= Q(skill__collections__icontains=f'"{name}"')
    rows = list(
        Exposure.objects.filter(
            collections, upload=exposure.upload, score__lt=exposure.threshold
        ).order_by("score", "skill__label", "pk")[: COMPLEMENTS_SHOWN * 5]
    )
    skills = _skills_by_id([r.skill_id for r in rows])
    found = [
        Complement(
            skills[r.skill_id], r.score, demand[r.skill_id].total if r.skill_id in demand else 0
        )
        for r in rows
    ]
    found.sort(key=lambda c: (-c.demand, c.score, c.skill.label))
    return found[:COMPLEMENTS_SHOWN]


@dataclass
class Complement:
    skill: Skill
    score: Decimal
    demand: Decimal | int


def _skills_by_id(ids) -> dict[int, Skill]:
    return {
        s.pk: s
        for s in Skill.objects.filter(pk__in=ids).prefetch_related(*preferred_labels_prefetch())
    }


# --- the gap ---------------------------------------------------------------------------------


@dataclass
class GapCourse:
    pk: int
    code: str
    title: str
    mode: str
    languages: list[str]
    in_reach: bool
    related: bool  # teaches a broader or narrower skill, not the skill itself

    @property
    def mode_label(self) -> str:
        return str(Mode(self.mode).label) if self.mode in Mode.values else self.mode


@dataclass
class GapRow:
    rank: int
    skill: Skill
    demand: Demand
    supply: Supply
    score: float
    exposure: Decimal | None = None
    exposed: bool = False
    courses: list[GapCourse] = field(default_factory=list)


@dataclass
class GapReport:
    filters: DemandFilter
    reach: Reach
    rows: list[GapRow]
    # Demanded, and no published course anywhere teaches the skill or a broader or narrower one.
    unserved: list[GapRow]
    exposure: ExposureState
    complements: list[Complement]


def gap_score(demand: Decimal, supply: float) -> float:
    """Demand over one plus the effective supply within reach: 0 supply leaves the demand."""
    return round(float(demand) / (1 + supply), 3)


def skills_gap(filters: DemandFilter, *, limit: int = 25) -> GapReport:
    """The skills most demanded and least supplied within reach, ranked, with the courses that
    would close each gap; the demanded skills no course teaches; exposure to automation."""
    reach = region_reach(filters.region)
    demand = skills_demand(filters)
    skills = _skills_by_id(demand)
    supply = skills_supply({pk: s.broader_id for pk, s in skills.items()}, reach)
    exposure = current_exposure(list(demand))
    rows = [
        GapRow(0, skills[pk], d, supply[pk], gap_score(d.total, supply[pk].effective))
        for pk, d in demand.items()
    ]
    rows.sort(key=lambda r: (-r.score, -r.demand.total, r.skill.label, r.skill.uri))
    for rank, row in enumerate(rows, start=1):
        row.rank = rank
        score = exposure.by_skill.get(row.skill.pk)
        row.exposure = score
        row.exposed = score is not None and score >= Decimal(str(exposure.threshold))
    shown = rows[:limit]
    _attach_courses(shown, reach)
    unserved = [
        r for r in rows if r.supply.courses_anywhere == 0 and r.supply.related_anywhere == 0
    ]
    return GapReport(
        filters, reach, shown, unserved, exposure, complementary_skills(exposure, demand)
    )


def _attach_courses(rows: list[GapRow], reach: Reach) -> None:
    """The courses teaching each row's skill (or else a related one), those out of reach first
    — the ones a partner could open to the region — at most COURSES_PER_GAP each (one query)."""
    if not rows:
        return
    wanted: dict[int, list[tuple[GapRow, bool]]] = {}
    for row in rows:
        wanted.setdefault(row.skill.pk, []).append((row, False))
        if row.skill.broader_id:
            wanted.setdefault(row.skill.broader_id, []).append((row, True))
    narrower_of = Q(skill__broader_id__in=[r.skill.pk for r in rows])
    course = "learningoutcome__course"
    pairs = (
        _OUTCOME_SKILLS.objects.filter(
            Q(skill_id__in=wanted) | narrower_of, learningoutcome__course__published=True
        )
        .annotate(in_reach=_as_bool(reach.q(course)))
        .values(
            "skill_id",
            "skill__broader_id",
            course_pk=F(f"{course}__pk"),
            code=F(f"{course}__code"),
            title=F(f"{course}__title"),
            mode=F(f"{course}__mode"),
            languages=F(f"{course}__languages"),
            in_reach=F("in_reach"),
        )
        .distinct()
        .annotate(
            n=Window(
                RowNumber(),
                partition_by=[F("skill_id")],
                order_by=[F("in_reach").asc(), F(f"{course}__code").asc()],
            )
        )
        .filter(n__lte=COURSES_PER_GAP * 2)
    )
    seen: dict[int, set[int]] = {}
    for pair in pairs:
        targets = list(wanted.get(pair["skill_id"], []))
        if pair["skill__broader_id"] is not None:
            targets += [(r, True) for r in rows if r.skill.pk == pair["skill__broader_id"]]
        for row, related in targets:
            if pair["course_pk"] in seen.setdefault(row.rank, set()):
                continue
            seen[row.rank].add(pair["course_pk"])
            row.courses.append(
                GapCourse(
                    pair["course_pk"],
                    pair["code"],
                    pair["title"],
                    pair["mode"],
                    pair["languages"],
                    bool(pair["in_reach"]),
                    related,
                )
            )
    for row in rows:
        direct = [c for c in row.courses if not c.related]
        chosen = direct or [c for c in row.courses if c.related]
        chosen.sort(key=lambda c: (c.related, c.in_reach, c.code))
        row.courses = chosen[:COURSES_PER_GAP]


def _as_bool(condition: Q):
    if not condition:
        return Value(True)
    return Case(
        When(condition, then=Value(True)), default=Value(False), output_field=BooleanField()
    )


# --- the planner and the uploads ----------------------------------------------------------------


@dataclass
class Offer:
    """A course that would close gaps of the region: the gaps, and their scores' sum."""

    course: GapCourse
    gaps: list[GapRow] = field(default_factory=list)

    @property
    def total(self) -> float:
        return round(sum(row.score for row in self.gaps), 3)


def planner_offers(report: GapReport) -> list[Offer]:
    """The courses of the report's gaps, one entry per course: those not yet within reach
    first (a partner could open them to the region: online, or in a language spoken there),
    then by the gap they would close."""
    offers: dict[int, Offer] = {}
    for row in report.rows:
        for course in row.courses:
            offers.setdefault(course.pk, Offer(course)).gaps.append(row)
    return sorted(offers.values(), key=lambda o: (o.course.in_reach, -o.total, o.course.code))


def survey_uploads(limit: int = 20) -> list[SurveyUpload]:
    """The newest needs surveys with their number of needs and regions (one query)."""
    return list(
        SurveyUpload.objects.select_related("uploaded_by").annotate(
            needs_count=Count("needs"), regions_count=Count("needs__region", distinct=True)
        )[:limit]
    )


def exposure_uploads(limit: int = 20) -> list[ExposureUpload]:
    """The newest exposure data sets with their numbers of skill and ISCO rows (one query)."""
    return list(
        ExposureUpload.objects.select_related("uploaded_by").annotate(
            skill_rows=Count("rows", filter=Q(rows__skill__isnull=False)),
            isco_rows=Count("rows", filter=~Q(rows__isco_code="")),
        )[:limit]
    )
