"""What each person finds after signing in: their dashboard, section by role, and the events
of their personal calendar. The web app is the top layer, so this module gathers from the
selectors of every app; each section is a fixed number of queries (the learner's grows with
the programmes shown, which are at most ``PROGRAMMES_SHOWN``)."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from campus.catalog import ical
from campus.catalog.models import Course, Enrolment
from campus.catalog.selectors import calendar_run_events, programme_progress
from campus.catalog.selectors.learner import (
    courses_suggested,
    enrolment_deadlines,
    learner_runs,
    programmes_followed,
)
from campus.catalog.selectors.programmes import ProgrammeProgress
from campus.catalog.selectors.teaching import runs_awaiting_results
from campus.challenges.models import Challenge
from campus.challenges.selectors import (
    challenges_applied_open,
    challenges_of,
    challenges_suggested,
    formations_awaiting_confirmation,
    milestones_due,
    review_queue,
)
from campus.credentials.models import Credential
from campus.credentials.selectors import (
    earned_since,
    issuance_jobs_stuck,
    runs_missing_credentials,
    suspended_for,
)
from campus.people.models import Person, PersonSkill, Role
from campus.people.selectors import affiliations_pending_for, may_decide_affiliations
from campus.permissions import is_alliance_admin

LEARNER_ROLES = frozenset({Role.STUDENT, Role.LIFELONG_LEARNER})
TEACHER_ROLES = frozenset({Role.LECTURER, Role.RESEARCHER, Role.STAFF})
PROGRAMMES_SHOWN = 5
SUGGESTIONS_SHOWN = 4
DEADLINE_DAYS = 60  # how far ahead the dashboard looks for deadlines
CALENDAR_DAYS = 366  # how far ahead the calendar feed looks
NEW_CREDENTIAL_DAYS = 30


# --- deadlines --------------------------------------------------------------------------------

ENROLMENT = "enrolment"
CHALLENGE = "challenge"
MILESTONE = "milestone"


@dataclass(frozen=True)
class Deadline:
    """One day a learner should not miss, with what it is about and where to act."""

    day: datetime.date
    kind: str
    title: str
    detail: str
    url: str
    uid: str
    overdue: bool = False


@dataclass
class LearnerDeadlines:
    deadlines: list[Deadline]
    suggested_challenges: list[Challenge]


def _deadlines(
    person: Person,
    *,
    course_ids: set[int],
    skill_ids: list[int],
    today: datetime.date,
    until: datetime.date,
) -> LearnerDeadlines:
    """Enrolment windows closing for the modules of the person's programmes, the start of the
    open challenges they applied to or could apply to (teams are formed before it), and their
    teams' open milestones; soonest first (four queries)."""
    found: list[Deadline] = []
    for run in enrolment_deadlines(person, course_ids=course_ids, today=today, until=until):
        found.append(
            Deadline(
                day=run.enrolment_closes,
                kind=ENROLMENT,
                title=run.course.title,
                detail=_("Enrolment for %(run)s closes") % {"run": run.label},
                url=run.course.get_absolute_url(),
                uid=f"enrolment-closes-{run.pk}@campus.heroes",
            )
        )
    applied = [c for c in challenges_applied_open(person) if c.starts_on <= until]
    suggested = challenges_suggested(
        person, skill_ids=skill_ids, themes=person.themes or [], limit=SUGGESTIONS_SHOWN
    )
    suggested = [
        c
        for c in suggested
        if not c.applications_closed_on(today) and c.application_deadline <= until
    ]
    for challenge, detail in [
        *((c, _("You applied: teams are formed before it starts")) for c in applied),
        *(
            (
                c,
                _("Applications close")
                if c.applications_close_on
                else _("Open for applications until teams are formed, before it starts"),
            )
            for c in suggested
        ),
    ]:
        found.append(
            Deadline(
                day=challenge.starts_on if challenge in applied else challenge.application_deadline,
                kind=CHALLENGE,
                title=challenge.title,
                detail=detail,
                url=challenge.get_absolute_url(),
                uid=f"challenge-{challenge.pk}-starts@campus.heroes",
            )
        )
    for milestone in milestones_due(person, until=until):
        found.append(
            Deadline(
                day=milestone.due_on,
                kind=MILESTONE,
                title=milestone.title,
                detail=_("Milestone of %(team)s (%(challenge)s)")
                % {"team": milestone.team.name, "challenge": milestone.team.challenge.title},
                url=milestone.team.get_absolute_url(),
                uid=f"milestone-{milestone.pk}@campus.heroes",
                overdue=milestone.due_on < today,
            )
        )
    found.sort(key=lambda d: (d.day, d.kind, d.title))
    return LearnerDeadlines(deadlines=found, suggested_challenges=suggested)


# --- the sections -----------------------------------------------------------------------------


@dataclass
class LearnerSection:
    current: list[Enrolment]
    upcoming: list[Enrolment]
    deadlines: list[Deadline]
    programmes: list[ProgrammeProgress]
    credentials: list[Credential]
    suggested_courses: list[Course]
    suggested_challenges: list[Challenge]
    has_interests: bool


@dataclass
class Queue:
    """One kind of work waiting for a coordinator: how much, and where to do it."""

    label: str
    count: int
    url: str
    items: list[tuple[str, str]] = field(default_factory=list)  # (label, url) of each, if few


@dataclass
class Dashboard:
    learner: LearnerSection | None = None
    teaching: list | None = None
    queues: list[Queue] | None = None
    challenges: list[Challenge] | None = None

    @property
    def empty(self) -> bool:
        return all(
            section is None
            for section in (self.learner, self.teaching, self.queues, self.challenges)
        )


def _interests(person: Person) -> list[int]:
    return list(PersonSkill.objects.filter(person=person).values_list("skill_id", flat=True))


def _programmes(person: Person) -> list[ProgrammeProgress]:
    """The person's progress in each programme they follow (a module taken or being taken),
    by the programme's own rules (``programme_progress``)."""
    return [
        progress
        for programme in programmes_followed(person, limit=PROGRAMMES_SHOWN)
        if (progress := programme_progress(programme, person)) is not None
    ]


def _modules(programmes: list[ProgrammeProgress]) -> set[int]:
    return {m.course.pk for p in programmes for g in p.groups for m in g.modules}


def learner_section(person: Person, *, today: datetime.date) -> LearnerSection:
    """A learner's current and next runs, deadlines, programme progress, new credentials and
    suggestions from their skills and themes of interest."""
    enrolments = list(learner_runs(person, today=today))
    skill_ids = _interests(person)
    programmes = _programmes(person)
    deadlines = _deadlines(
        person,
        course_ids=_modules(programmes),
        skill_ids=skill_ids,
        today=today,
        until=today + datetime.timedelta(days=DEADLINE_DAYS),
    )
    since = timezone.now() - datetime.timedelta(days=NEW_CREDENTIAL_DAYS)
    return LearnerSection(
        current=[e for e in enrolments if e.run.starts_on <= today],
        upcoming=[e for e in enrolments if e.run.starts_on > today],
        deadlines=deadlines.deadlines,
        programmes=programmes,
        credentials=list(earned_since(person, since)[:SUGGESTIONS_SHOWN]),
        suggested_courses=courses_suggested(
            person,
            skill_ids=skill_ids,
            themes=person.themes or [],
            today=today,
            limit=SUGGESTIONS_SHOWN,
        ),
        suggested_challenges=deadlines.suggested_challenges,
        has_interests=bool(skill_ids or person.themes),
    )


def _affiliation_queue(person: Person) -> Queue:
    return Queue(
        label=_("Affiliation requests"),
        count=affiliations_pending_for(person).count(),
        url=reverse("people:affiliation_queue"),
    )


def coordinator_queues(person: Person) -> list[Queue]:
    """The coordinator's queues, each with its count and the page where it is worked off:
    challenges to review, affiliation requests, team formations to confirm, credentials."""
    queues = [
        Queue(
            label=_("Challenges to review"),
            count=review_queue(person).count(),
            url=reverse("challenges:review"),
        )
    ]
    if may_decide_affiliations(person):
        queues.append(_affiliation_queue(person))
    formations = list(formations_awaiting_confirmation(person))
    queues.append(
        Queue(
            label=_("Team formations to confirm"),
            count=len(formations),
            url=reverse("challenges:formation_new"),
            items=[
                (
                    _("Team formation %(n)s, finished %(when)s")
                    % {
                        "n": run.pk,
                        "when": timezone.localtime(run.finished_at).date().isoformat()
                        if run.finished_at
                        else "—",
                    },
                    reverse("challenges:formation", args=[run.pk]),
                )
                for run in formations
            ],
        )
    )
    missing = runs_missing_credentials(person)
    queues.append(
        Queue(
            label=_("Passing results without a credential"),
            count=sum(row["missing"] for row in missing),
            url=reverse("credentials:issued"),
            items=[
                (
                    ngettext(
                        "%(course)s (%(run)s): %(n)s credential to issue",
                        "%(course)s (%(run)s): %(n)s credentials to issue",
                        row["missing"],
                    )
                    % {
                        "course": row["run__course__title"],
                        "run": row["run__label"],
                        "n": row["missing"],
                    },
                    reverse("catalog:run", args=[row["run_id"]]),
                )
                for row in missing
            ],
        )
    )
    stuck = list(issuance_jobs_stuck(person))
    queues.append(
        Queue(
            label=_("Bulk issuances that stopped"),
            count=len(stuck),
            url=reverse("credentials:issued"),
            items=[
                (
                    f"{job.run.course.title} ({job.run.label}): {job.get_status_display()}",
                    reverse("credentials:job", args=[job.pk]),
                )
                for job in stuck
            ],
        )
    )
    queues.append(
        Queue(
            label=_("Suspended credentials to reinstate or revoke"),
            count=suspended_for(person).count(),
            url=reverse("credentials:issued"),
        )
    )
    return queues


def dashboard(person: Person, *, today: datetime.date | None = None) -> Dashboard:
    """The sections of a person's dashboard, one per role they hold (granted affiliations)."""
    today = today or timezone.localdate()
    codes = person.role_codes
    board = Dashboard()
    # Staff, stakeholders and coordinators take courses too: they see their learning when
    # they are in a run; people without a granted role yet start as learners.
    if codes & LEARNER_ROLES or not codes or learner_runs(person, today=today).exists():
        board.learner = learner_section(person, today=today)
    if codes & TEACHER_ROLES:
        board.teaching = list(runs_awaiting_results(person, today=today))
    if Role.COORDINATOR in codes or is_alliance_admin(person):
        board.queues = coordinator_queues(person)
    elif may_decide_affiliations(person):  # a stakeholder decides their colleagues' requests
        board.queues = [_affiliation_queue(person)]
    if Role.STAKEHOLDER in codes:
        board.challenges = challenges_of(person)
    return board


# --- the personal calendar --------------------------------------------------------------------


def calendar_events(
    person: Person, *, absolute: Callable[[str], str], today: datetime.date | None = None
) -> list[ical.Event]:
    """A person's calendar: the runs they teach, take or wait for, and the deadlines of the
    coming year (enrolment windows closing, challenges starting, their teams' milestones)."""
    today = today or timezone.localdate()
    events = calendar_run_events(person, absolute=absolute)
    programmes = _programmes(person)
    found = _deadlines(
        person,
        course_ids=_modules(programmes),
        skill_ids=_interests(person),
        today=today,
        until=today + datetime.timedelta(days=CALENDAR_DAYS),
    )
    events.extend(
        ical.Event(
            uid=deadline.uid,
            summary=f"{deadline.detail}: {deadline.title}",
            first_day=deadline.day,
            last_day=deadline.day,
            url=absolute(deadline.url),
        )
        for deadline in found.deadlines
    )
    return events


__all__ = [
    "CHALLENGE",
    "ENROLMENT",
    "MILESTONE",
    "Dashboard",
    "Deadline",
    "calendar_events",
    "dashboard",
]
