"""Every write to a person's records: enrolment (learners), admission by a decision taken
elsewhere, and results (lecturers). Each in a transaction, validated, with its permission check."""

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from campus.alliance.models import Institution
from campus.people.models import Person
from campus.permissions import Action, require

from ..models import (
    ACTIVE_STATUSES,
    PASSING_GRADES,
    EctsGrade,
    Enrolment,
    EnrolmentStatus,
    RecognisedCredit,
    Run,
)
from ..selectors.records import enrolment_blockers, seated
from ..signals import result_recorded
from ..validation import parse_decimal

# --- enrolment -----------------------------------------------------------------------------


@transaction.atomic
def enrol(*, run: Run, person: Person, by: Person, today: datetime.date | None = None) -> Enrolment:
    """Take a place in a run, or the next spot on its waiting list when it is full.

    The run's row is locked first, so concurrent requests are served one at a time and a
    run never gets more people than places; the waiting list keeps the order of arrival.
    """
    if by.pk != person.pk:
        raise ValidationError(_("People enrol themselves."))
    run = Run.objects.select_for_update().select_related("course").get(pk=run.pk)
    reasons = enrolment_blockers(run=run, person=person, today=today)
    if reasons:
        raise ValidationError(" ".join(reasons))
    status = EnrolmentStatus.ENROLLED if seated(run) < run.capacity else EnrolmentStatus.WAITLISTED
    now = timezone.now()
    existing = Enrolment.objects.filter(run=run, person=person).first()
    if existing is not None:  # coming back after withdrawing: a new place in the queue
        existing.status, existing.queued_at = status, now
        existing.save(update_fields=["status", "queued_at", "updated_at"])
        return existing
    try:
        with transaction.atomic():
            return Enrolment.objects.create(run=run, person=person, status=status, queued_at=now)
    except IntegrityError:
        raise ValidationError(_("You are enrolled in this run already.")) from None


def promote_waitlist(run: Run) -> list[Enrolment]:
    """Give freed places to the waiting list, first come first served (run row locked by caller)."""
    free = run.capacity - seated(run)
    if free <= 0 or run.closed_at is not None:
        return []
    promoted = list(
        run.enrolments.filter(status=EnrolmentStatus.WAITLISTED).order_by("queued_at", "pk")[:free]
    )
    for enrolment in promoted:
        enrolment.status = EnrolmentStatus.ENROLLED
        enrolment.save(update_fields=["status", "updated_at"])
    return promoted


@transaction.atomic
def enrolment_withdraw(*, enrolment: Enrolment, by: Person) -> Enrolment:
    """Give up a place or a waiting-list spot; a freed place goes to the first on the waiting list."""
    run = Run.objects.select_for_update().select_related("course").get(pk=enrolment.run_id)
    enrolment = Enrolment.objects.select_related("run__course").get(pk=enrolment.pk)
    require(by, Action.CHANGE, enrolment)
    if enrolment.status not in ACTIVE_STATUSES:
        raise ValidationError(
            _("Only a current enrolment can be withdrawn; this one is %(status)s.")
            % {"status": enrolment.get_status_display().lower()}
        )
    enrolment.status = EnrolmentStatus.WITHDRAWN
    enrolment.save(update_fields=["status", "updated_at"])
    promote_waitlist(run)
    return enrolment


@transaction.atomic
def enrolment_admit(*, run: Run, person: Person, by: Person) -> Enrolment:
    """Admit a person to a run on a decision taken elsewhere (a challenge team is the admission).

    The run's enrolment window, capacity and audience are for open enrolment in the catalogue,
    so they do not apply; whoever may assess the run admits. A withdrawn or waiting person is
    enrolled; one who is enrolled or has a result keeps it.
    """
    run = Run.objects.select_for_update().get(pk=run.pk)
    require(by, Action.ASSESS, run)
    enrolment, _created = Enrolment.objects.get_or_create(
        run=run, person=person, defaults={"status": EnrolmentStatus.ENROLLED}
    )
    if enrolment.status not in (
        EnrolmentStatus.ENROLLED,
        EnrolmentStatus.COMPLETED,
        EnrolmentStatus.FAILED,
    ):
        enrolment.status = EnrolmentStatus.ENROLLED
        enrolment.save(update_fields=["status", "updated_at"])
    return enrolment


# --- results -------------------------------------------------------------------------------


@transaction.atomic
def result_record(
    *,
    enrolment: Enrolment,
    by: Person,
    ects_grade: str,
    local_grade: str = "",
    ects_earned: Any = None,
    result_date: datetime.date | None = None,
) -> Enrolment:
    """Record (or correct) a participant's result: a passing ECTS grade completes the course."""
    enrolment = (
        Enrolment.objects.select_for_update().select_related("run__course").get(pk=enrolment.pk)
    )
    require(by, Action.ASSESS, enrolment.run)
    return _result_apply(
        enrolment,
        by=by,
        ects_grade=ects_grade,
        local_grade=local_grade,
        ects_earned=ects_earned,
        result_date=result_date,
    )


@transaction.atomic
def result_record_by_rule(*, enrolment: Enrolment, ects_grade: str) -> Enrolment:
    """Record the result that a run's completion rules give (the learning space's rules, met
    by the learner's own work: every unit viewed, every quiz passed), with no assessor. Only
    an enrolment still in progress gets one: a result a lecturer recorded is never
    overwritten by the rules."""
    enrolment = (
        Enrolment.objects.select_for_update().select_related("run__course").get(pk=enrolment.pk)
    )
    if enrolment.status != EnrolmentStatus.ENROLLED:
        return enrolment
    return _result_apply(enrolment, by=None, ects_grade=ects_grade)


def _result_apply(
    enrolment: Enrolment,
    *,
    by: Person | None,
    ects_grade: str,
    local_grade: str = "",
    ects_earned: Any = None,
    result_date: datetime.date | None = None,
) -> Enrolment:
    run = enrolment.run
    if run.closed_at is not None:
        raise ValidationError(_("This run is closed; its results can no longer change."))
    if enrolment.status not in (
        EnrolmentStatus.ENROLLED,
        EnrolmentStatus.COMPLETED,
        EnrolmentStatus.FAILED,
    ):
        raise ValidationError(
            _("Only enrolled participants get a result; this person is %(status)s.")
            % {"status": enrolment.get_status_display().lower()}
        )
    grade = (ects_grade or "").strip().upper()
    if grade not in EctsGrade.values:
        raise ValidationError(
            {
                "ects_grade": _(
                    "The ECTS grade must be one of A, B, C, D, E, FX or F; got “%(g)s”."
                )
                % {"g": ects_grade}
            }
        )
    course_ects = run.course.ects
    passed = grade in PASSING_GRADES
    if ects_earned in (None, ""):
        earned = course_ects if passed else Decimal("0")
    else:
        earned = parse_decimal(ects_earned, "ects_earned", maximum=course_ects)
    if not passed and earned:
        raise ValidationError({"ects_earned": _("A failing grade earns no credits.")})
    if len(local_grade or "") > 20:
        raise ValidationError({"local_grade": _("A local grade has at most 20 characters.")})
    enrolment.ects_grade = grade
    enrolment.local_grade = (local_grade or "").strip()
    enrolment.ects_earned = earned
    enrolment.result_date = result_date or timezone.localdate()
    enrolment.assessor = by
    enrolment.status = EnrolmentStatus.COMPLETED if passed else EnrolmentStatus.FAILED
    enrolment.save()
    result_recorded.send(sender=Enrolment, enrolment=enrolment, by=by)
    return enrolment


# --- recognition of credits earned elsewhere ----------------------------------------------


@dataclass(frozen=True)
class CreditLine:
    """One component to recognise: what it is called at home, its ECTS and grade, and the
    result elsewhere it rests on (if that result is in the catalogue)."""

    title: str
    ects: Decimal
    code: str = ""
    ects_grade: str = ""
    local_grade: str = ""
    source_institution: Institution | None = None
    source_enrolment: Enrolment | None = None


@transaction.atomic
def credits_recognise(
    *,
    person: Person,
    institution: Institution,
    lines: list[CreditLine],
    by: Person,
    reference: str = "",
    on: datetime.date | None = None,
) -> list[RecognisedCredit]:
    """Put credits recognised by ``institution`` on the person's transcript, all or none."""
    require(by, Action.CREATE, RecognisedCredit(person=person, institution=institution))
    if not lines:
        raise ValidationError(_("Give at least one component to recognise."))
    credits = []
    for line in lines:
        if line.ects is None or line.ects <= 0:
            raise ValidationError(
                _("“%(title)s”: recognised credits must be more than 0 ECTS.")
                % {"title": line.title}
            )
        grade = (line.ects_grade or "").upper()
        if grade and grade not in PASSING_GRADES:
            raise ValidationError(
                _("“%(title)s”: only a passing result can be recognised.") % {"title": line.title}
            )
        credit = RecognisedCredit(
            person=person,
            institution=institution,
            source_institution=line.source_institution,
            source_enrolment=line.source_enrolment,
            code=line.code[:40],
            title=line.title[:200],
            ects=line.ects,
            ects_grade=grade,
            local_grade=line.local_grade[:20],
            recognised_on=on or timezone.localdate(),
            recognised_by=by,
            reference=reference[:200],
        )
        credit.full_clean()
        credit.save()
        credits.append(credit)
    return credits
