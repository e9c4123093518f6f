"""A person's records: who may take a place in a run, their enrolments and their transcript of
records (page data and JSON; the PDF is made by ``transcript_pdf``)."""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from campus.alliance.models import Institution
from campus.people.models import Person, Role
from campus.permissions import Action, can

from ..models import (
    ACTIVE_STATUSES,
    SEATED_STATUSES,
    Audience,
    Enrolment,
    EnrolmentStatus,
    Mode,
    RecognisedCredit,
    Run,
)

RESULT_STATUSES = (EnrolmentStatus.COMPLETED, EnrolmentStatus.FAILED)


# --- who may take a place ------------------------------------------------------------------


def learner_category(person: Person) -> str:
    """Which audience a person belongs to: degree student, staff, or professional (external)."""
    if person.institution_id and person.has_role(Role.STUDENT):
        return Audience.STUDENTS
    if person.institution_id and (
        person.role_codes & {Role.LECTURER, Role.RESEARCHER, Role.STAFF, Role.COORDINATOR}
    ):
        return Audience.STAFF
    return Audience.PROFESSIONALS


def enrolment_blockers(
    *, run: Run, person: Person, today: datetime.date | None = None
) -> list[str]:
    """Why this person cannot take a place (or a waiting-list spot) in this run now; empty if they can."""
    today = today or timezone.localdate()
    course = run.course
    reasons = []
    if not course.published:
        reasons.append(_("This course is not published."))
    if run.closed_at is not None:
        reasons.append(_("This run is closed."))
    elif today < run.enrolment_opens:
        reasons.append(
            _("Enrolment opens on %(date)s.")
            % {"date": date_format(run.enrolment_opens, "DATE_FORMAT")}
        )
    elif today > run.enrolment_closes:
        reasons.append(
            _("Enrolment closed on %(date)s.")
            % {"date": date_format(run.enrolment_closes, "DATE_FORMAT")}
        )
    mine = list(Enrolment.objects.filter(person=person, run__course=course).select_related("run"))
    for enrolment in mine:
        if enrolment.run_id == run.pk and enrolment.status in ACTIVE_STATUSES:
            reasons.append(
                _("You are on the waiting list of this run already.")
                if enrolment.status == EnrolmentStatus.WAITLISTED
                else _("You are enrolled in this run already.")
            )
        elif enrolment.status == EnrolmentStatus.COMPLETED:
            reasons.append(_("You have completed this course already."))
        elif enrolment.status in ACTIVE_STATUSES and enrolment.run_id != run.pk:
            reasons.append(
                _("You are enrolled in another run of this course (%(label)s).")
                % {"label": enrolment.run.label}
            )
    category = learner_category(person)
    if category not in course.audience and not (
        category == Audience.STAFF and Audience.PROFESSIONALS in course.audience
    ):
        reasons.append(
            _("This course is for degree students of the partner institutions.")
            if course.audience == [Audience.STUDENTS]
            else _("This course is not open to %(who)s.")
            % {"who": Audience(category).label.lower()}
        )
    done = set(
        Enrolment.objects.filter(person=person, status=EnrolmentStatus.COMPLETED).values_list(
            "run__course_id", flat=True
        )
    )
    for prerequisite in course.prerequisites.all():
        if prerequisite.pk not in done:
            reasons.append(
                _("First complete the prerequisite %(code)s %(title)s.")
                % {"code": prerequisite.code, "title": prerequisite.title}
            )
    if course.mode == Mode.ONSITE:
        clash = (
            Enrolment.objects.filter(
                person=person,
                status=EnrolmentStatus.ENROLLED,
                run__course__mode=Mode.ONSITE,
                run__starts_on__lte=run.ends_on,
                run__ends_on__gte=run.starts_on,
            )
            .exclude(run__course=course)
            .exclude(run__location=run.location)
            .select_related("run__course")
            .first()
        )
        if clash:
            reasons.append(
                _("It overlaps with %(course)s (%(label)s) at another place.")
                % {"course": clash.run.course.title, "label": clash.run.label}
            )
    if not run.waitlist and seated(run) >= run.capacity:
        reasons.append(_("This run is full."))
    return reasons


def seated(run: Run) -> int:
    """How many places of the run are taken (its waiting list not counted)."""
    return run.enrolments.filter(status__in=SEATED_STATUSES).count()


def places_left(run: Run) -> int:
    return max(run.capacity - seated(run), 0)


def may_assess(user, run: Run) -> bool:
    """Whether this user may record the results of the run."""
    return can(user, Action.ASSESS, run)


# --- enrolments ----------------------------------------------------------------------------


def person_enrolments(person: Person) -> QuerySet[Enrolment]:
    """All of a person's enrolments, newest run first, with run, course, hosts and assessor."""
    return (
        Enrolment.objects.filter(person=person)
        .select_related("run__course", "assessor")
        .prefetch_related(
            Prefetch("run__course__hosts", queryset=Institution.objects.order_by("code"))
        )
        .order_by("-run__starts_on", "-pk")
    )


def waitlist_positions(enrolments) -> dict[int, int]:
    """Each waitlisted enrolment's place in its run's queue (1 = next in), in one query."""
    waiting = [e for e in enrolments if e.status == EnrolmentStatus.WAITLISTED]
    if not waiting:
        return {}
    queue = (
        Enrolment.objects.filter(
            run_id__in={e.run_id for e in waiting}, status=EnrolmentStatus.WAITLISTED
        )
        .order_by("run_id", "queued_at", "pk")
        .values_list("pk", "run_id")
    )
    seen: dict[int, int] = defaultdict(int)
    positions = {}
    for pk, run_id in queue:
        seen[run_id] += 1
        positions[pk] = seen[run_id]
    return {e.pk: positions[e.pk] for e in waiting if e.pk in positions}


def waitlist_position(enrolment: Enrolment) -> int | None:
    """One enrolment's place on its run's waiting list, or None when it is not waiting."""
    if enrolment.status != EnrolmentStatus.WAITLISTED:
        return None
    ahead = Enrolment.objects.filter(
        Q(queued_at__lt=enrolment.queued_at)
        | Q(queued_at=enrolment.queued_at, pk__lt=enrolment.pk),
        run_id=enrolment.run_id,
        status=EnrolmentStatus.WAITLISTED,
    ).count()
    return ahead + 1


@dataclass
class Records:
    """What 'my learning' shows: current enrolments (with queue places) and past ones."""

    current: list[Enrolment]
    past: list[Enrolment]
    positions: dict[int, int]
    ects_total: Decimal


def my_records(person: Person) -> Records:
    """A person's current and past enrolments and their ECTS total, in three queries."""
    enrolments = list(person_enrolments(person))
    current = [e for e in enrolments if e.status in ACTIVE_STATUSES]
    past = [e for e in enrolments if e.status not in ACTIVE_STATUSES]
    for enrolment in current:
        enrolment.position = None
    positions = waitlist_positions(current)
    for enrolment in current:
        enrolment.position = positions.get(enrolment.pk)
    total = sum(
        (e.ects_earned or Decimal("0") for e in past if e.status == EnrolmentStatus.COMPLETED),
        Decimal("0"),
    )
    return Records(current=current, past=past, positions=positions, ects_total=total)


# --- the transcript of records -------------------------------------------------------------


@dataclass(frozen=True)
class InstitutionRef:
    code: str  # Erasmus code
    name: str


@dataclass(frozen=True)
class TranscriptLine:
    """One result: a completed or failed course, as it stands on the transcript."""

    enrolment_id: int
    code: str
    title: str
    run: str
    institutions: tuple[InstitutionRef, ...]
    status: str
    ects: Decimal
    ects_earned: Decimal
    local_grade: str
    ects_grade: str
    date: datetime.date | None
    assessor: str


@dataclass(frozen=True)
class InstitutionTotal:
    code: str
    name: str
    ects: Decimal


@dataclass(frozen=True)
class RecognisedLine:
    """Credits the home institution recognised for study elsewhere (a mobility)."""

    credit_id: int
    code: str
    title: str
    ects: Decimal
    ects_grade: str
    local_grade: str
    recognised_by: InstitutionRef
    studied_at: InstitutionRef | None
    date: datetime.date
    reference: str


@dataclass
class Transcript:
    """A person's results across the alliance, with ECTS totals overall and per institution.

    A course offered jointly counts in full for each of its host institutions, so the totals
    per institution may add up to more than the overall total.
    """

    person: Person
    lines: list[TranscriptLine]
    ects_total: Decimal
    by_institution: list[InstitutionTotal] = field(default_factory=list)
    issued_on: datetime.date | None = None
    # Recognised at home for study elsewhere: listed and totalled apart from ``ects_total``,
    # which already counts the host's result when it was a catalogue run, so nothing counts
    # twice.
    recognised: list[RecognisedLine] = field(default_factory=list)
    ects_recognised: Decimal = Decimal("0")


def _ref(institution: Institution | None) -> InstitutionRef | None:
    return InstitutionRef(code=institution.code, name=institution.name) if institution else None


def recognised_lines(person: Person) -> list[RecognisedLine]:
    """The credits recognised for a person, oldest first (one query)."""
    credits = RecognisedCredit.objects.filter(person=person).select_related(
        "institution", "source_institution"
    )
    return [
        RecognisedLine(
            credit_id=credit.pk,
            code=credit.code,
            title=credit.title,
            ects=credit.ects,
            ects_grade=credit.ects_grade,
            local_grade=credit.local_grade,
            recognised_by=_ref(credit.institution),
            studied_at=_ref(credit.source_institution),
            date=credit.recognised_on,
            reference=credit.reference,
        )
        for credit in credits
    ]


def transcript_of(person: Person, *, today: datetime.date | None = None) -> Transcript:
    """Every result (completed or failed) of a person, oldest first, and the credits recognised
    for study elsewhere, in three queries."""
    enrolments = (
        Enrolment.objects.filter(person=person, status__in=RESULT_STATUSES)
        .select_related("run__course", "assessor")
        .prefetch_related(
            Prefetch("run__course__hosts", queryset=Institution.objects.order_by("code"))
        )
        .order_by("result_date", "run__course__code", "pk")
    )
    lines = []
    total = Decimal("0")
    per_institution: dict[str, Decimal] = defaultdict(Decimal)
    names: dict[str, str] = {}
    for enrolment in enrolments:
        course = enrolment.run.course
        passed = enrolment.status == EnrolmentStatus.COMPLETED
        earned = (enrolment.ects_earned or Decimal("0")) if passed else Decimal("0")
        hosts = tuple(InstitutionRef(code=h.code, name=h.name) for h in course.hosts.all())
        lines.append(
            TranscriptLine(
                enrolment_id=enrolment.pk,
                code=course.code,
                title=course.title,
                run=enrolment.run.label,
                institutions=hosts,
                status=enrolment.status,
                ects=course.ects,
                ects_earned=earned,
                local_grade=enrolment.local_grade,
                ects_grade=enrolment.ects_grade,
                date=enrolment.result_date,
                assessor=str(enrolment.assessor) if enrolment.assessor else "",
            )
        )
        total += earned
        for host in hosts:
            per_institution[host.code] += earned
            names[host.code] = host.name
    recognised = recognised_lines(person)
    return Transcript(
        person=person,
        lines=lines,
        recognised=recognised,
        ects_recognised=sum((line.ects for line in recognised), Decimal("0")),
        ects_total=total,
        by_institution=[
            InstitutionTotal(code=code, name=names[code], ects=per_institution[code])
            for code in sorted(per_institution)
        ],
        issued_on=today or timezone.localdate(),
    )


def transcript_data(transcript: Transcript) -> dict:
    """The transcript as plain data, in the shape of the API's TranscriptOut."""
    person = transcript.person
    home = person.institution.code if person.institution_id and person.institution else None
    return {
        "person": {"email": person.email, "name": person.display_name, "institution": home},
        "issued_on": transcript.issued_on,
        "results": [
            {
                "code": line.code,
                "title": line.title,
                "run": line.run,
                "institutions": [host.code for host in line.institutions],
                "status": line.status,
                "ects": line.ects,
                "ects_earned": line.ects_earned,
                "local_grade": line.local_grade,
                "ects_grade": line.ects_grade,
                "date": line.date,
                "assessor": line.assessor,
            }
            for line in transcript.lines
        ],
        "ects_total": transcript.ects_total,
        "by_institution": {total.code: total.ects for total in transcript.by_institution},
        "recognised": [
            {
                "code": line.code,
                "title": line.title,
                "ects": line.ects,
                "ects_grade": line.ects_grade,
                "local_grade": line.local_grade,
                "recognised_by": line.recognised_by.code,
                "studied_at": line.studied_at.code if line.studied_at else None,
                "date": line.date,
                "reference": line.reference,
            }
            for line in transcript.recognised
        ],
        "ects_recognised": transcript.ects_recognised,
    }
