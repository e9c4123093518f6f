"""Every change to credentials: achievements, issuance (single, bulk, stacked), status, sharing.

Issuance is idempotent: at most one active credential per person, achievement and context
("run:<id>" for a course run, "stack" for a stacked award), held by a unique constraint, so a
retried request or a restarted job never issues twice. Credentials follow the record: a
corrected result revokes the credential that no longer says it and issues one that does
(decision 0004); revoked credentials stay, with their history.
"""

from __future__ import annotations

import datetime
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from campus.alliance.models import Institution
from campus.catalog.models import (
    PASSING_GRADES,
    Course,
    Enrolment,
    EnrolmentStatus,
    Programme,
    Run,
)
from campus.catalog.selectors import ProgrammeProgress, programme_detail, programmes_progress
from campus.jobs.models import UNFINISHED, JobStatus
from campus.jobs.services import job_enqueue, job_requeue
from campus.people.models import Person
from campus.people.services import notify
from campus.permissions import Action, require

from . import documents, issuers, status
from .models import (
    Achievement,
    AchievementType,
    Credential,
    CredentialEvent,
    CredentialSource,
    IssuanceJob,
    StatusPurpose,
    Supervision,
    Verification,
    VerificationOutcome,
)
from .vc import statuslist as bitstring
from .vc.proofs import sign_eddsa_rdfc_2022
from .vc.verify import VerificationResult

STACK = "stack"
QUALITY_ASSURANCE = (
    "Internal quality assurance of {name} under its national accreditation, "
    "and the HEROES alliance's joint review of shared modules."
)


def run_key(run: Run) -> str:
    return f"run:{run.pk}"


# --- achievements --------------------------------------------------------------------------


def _course_issuer(course: Course) -> tuple[Institution, list[Institution]]:
    hosts = sorted(course.hosts.all(), key=lambda i: i.pk)
    if not hosts:
        raise ValidationError(_("This course has no host institution to award it."))
    return hosts[0], hosts[1:]


@transaction.atomic
def achievement_for_course(course: Course) -> Achievement:
    """The achievement of a course, made from the catalogue's description when first needed."""
    existing = Achievement.objects.filter(course=course).first()
    if existing is not None:
        return existing
    issuer, partners = _course_issuer(course)
    outcomes = list(course.outcomes.prefetch_related("skills"))
    achievement = Achievement.objects.create(
        kind=AchievementType.MICRO if course.ects <= 30 else AchievementType.COURSE,
        title=course.title,
        description=course.description,
        criteria=_(
            "Passed the assessment of %(title)s (%(ects)s ECTS, %(assessment)s) with an ECTS "
            "grade of E or better."
        )
        % {
            "title": course.title,
            "ects": course.ects,
            "assessment": course.get_assessment_display().lower(),
        },
        issuer=issuer,
        course=course,
        learning_outcomes=[o.text for o in outcomes],
        ects=course.ects,
        workload_hours=course.workload_hours,
        eqf_level=course.eqf_level,
        isced_field=course.isced_field,
        language=(course.languages or ["en"])[0],
        assessment=str(course.get_assessment_display()),
        participation=course.mode,
        quality_assurance=QUALITY_ASSURANCE.format(name=issuer.name),
        supervision=Supervision.VERIFIED,
        prerequisites=_prerequisites_text(course),
    )
    achievement.partners.set(partners)
    skills = {skill.pk for outcome in outcomes for skill in outcome.skills.all()}
    achievement.skills.set(skills)
    return achievement


def _prerequisites_text(course: Course) -> str:
    names = [p.title for p in course.prerequisites.all()]
    parts = [", ".join(names)] if names else []
    if course.prerequisites_text:
        parts.append(course.prerequisites_text)
    return "; ".join(parts)


def _programme_criteria(programme: Programme, groups: list) -> str:
    """The programme's rules in words: every module of a required group, the ECTS minimum of
    an elective one (what programmes_progress checks)."""
    rules = []
    for group in groups:
        modules = "; ".join(c.title for c in group.courses.all())
        if group.required:
            rules.append(
                _("every module of %(group)s (%(modules)s)")
                % {"group": group.name, "modules": modules}
            )
        else:
            rules.append(
                _("at least %(ects)s ECTS from %(group)s (%(modules)s)")
                % {
                    "ects": documents.number(group.min_ects),
                    "group": group.name,
                    "modules": modules,
                }
            )
    return _("Completed the programme's rules: %(rules)s.") % {"rules": "; ".join(rules)}


# What this service wrote as the criteria before they followed every rule of the programme:
# an achievement still saying it is brought up to date; one its issuer rewrote is left alone.
_PARTS_ONLY_CRITERIA = gettext_noop(
    "Holds the micro-credentials of every required module: %(modules)s."
)


@transaction.atomic
def achievement_for_programme(*, programme: Programme, by: Person) -> Achievement:
    """A stacked achievement for a programme, issued by itself to whoever completes the
    programme's rules (required modules and elective minimums, as its progress page counts
    them) while holding the credentials of its required modules."""
    institutions = sorted(programme.institutions.all(), key=lambda i: i.pk)
    if not institutions:
        raise ValidationError(_("This programme has no institution to award it."))
    require(by, Action.CHANGE, institutions[0])
    achievement = Achievement.objects.filter(programme=programme).first()
    groups = list(programme.groups.order_by("position", "pk").prefetch_related("courses"))
    courses = [course for group in groups if group.required for course in group.courses.all()]
    if not courses:
        raise ValidationError(_("This programme has no required modules to stack."))
    criteria = _programme_criteria(programme, groups)
    if achievement is None:
        achievement = Achievement.objects.create(
            kind=AchievementType.MINOR
            if programme.kind == "minor"
            else AchievementType.CERTIFICATE,
            title=programme.title,
            description=programme.description,
            criteria=criteria,
            issuer=institutions[0],
            programme=programme,
            learning_outcomes=[],
            ects=programme.ects_total,
            workload_hours=sum(c.workload_hours for c in courses),
            eqf_level=programme.eqf_level,
            assessment=str(_("Assessment of each module")),
            participation="blended",
            quality_assurance=QUALITY_ASSURANCE.format(name=institutions[0].name),
        )
        achievement.partners.set(institutions[1:])
    else:
        modules = {"modules": "; ".join(c.title for c in courses)}
        if achievement.criteria in (
            _PARTS_ONLY_CRITERIA % modules,
            _(_PARTS_ONLY_CRITERIA) % modules,
        ):
            achievement.criteria = criteria
        achievement.ects = programme.ects_total
        achievement.save(update_fields=["criteria", "ects"])
    parts = [achievement_for_course(course) for course in courses]
    achievement.requires.set(parts)
    outcomes = [o for part in parts for o in part.learning_outcomes]
    achievement.learning_outcomes = outcomes
    achievement.save(update_fields=["learning_outcomes"])
    achievement.skills.set({s.pk for part in parts for s in part.skills.all()})
    return achievement


# --- issuance ------------------------------------------------------------------------------


@dataclass
class Award:
    """One credential to issue."""

    person: Person
    achievement: Achievement
    context_key: str
    source: str
    run: Run | None = None
    grade: str = ""
    ects_earned: Decimal | None = None
    started: datetime.date | None = None


class _Issuer:
    """Signs awards for one institution with its active key (documents reused per batch)."""

    def __init__(self, institution: Institution):
        self.institution = institution
        self.key = issuers.active_key(institution)
        self.private = issuers.private_key(self.key)
        self.did = issuers.issuer_did(institution)
        self.method = issuers.verification_method(self.key)
        self.profile = documents.issuer_profile(institution, self.did)
        self.base = issuers.public_url()
        self._achievements: dict[int, dict] = {}

    def achievement(self, achievement: Achievement) -> dict:
        if achievement.pk not in self._achievements:
            self._achievements[achievement.pk] = documents.achievement_document(
                achievement,
                self.base,
                self.did,
                list(achievement.skills.order_by("label")),
                list(achievement.partners.all()),
            )
        return self._achievements[achievement.pk]

    def sign(self, award: Award, slot: tuple[int, int]) -> Credential:
        credential = Credential(
            achievement=award.achievement,
            person=award.person,
            context_key=award.context_key,
            run=award.run,
            issuer=self.institution,
            key=self.key,
            source=award.source,
            issued_at=timezone.now(),
            status_list_number=slot[0],
            status_index=slot[1],
        )
        # One status entry: the Open Badges 3.0 schema allows a single credentialStatus, and
        # revocation is what every verifier must see. Suspension uses the issuer's
        # suspension list at the same index (see verification.py and decision 0004).
        entry = bitstring.entry(
            status.status_list_url(self.institution, StatusPurpose.REVOCATION, slot[0]),
            slot[1],
            StatusPurpose.REVOCATION,
        )
        unsigned = documents.credential_document(
            uid=credential.uid,
            base_url=self.base,
            issuer=self.profile,
            achievement=self.achievement(award.achievement),
            learner_name=award.person.display_name or award.person.email,
            learner_email=award.person.email,
            issued=credential.issued_at,
            grade=award.grade,
            ects_earned=award.ects_earned,
            activity_start=award.started,
            status_entry=entry,
        )
        signed = sign_eddsa_rdfc_2022(unsigned, self.private, self.method)
        # VC 2.0 allows one proof as an object or in an array; the Open Badges 3.0 JSON
        # schema wants the array, and the signature does not cover the proof itself.
        signed["proof"] = [signed["proof"]]
        credential.document = signed
        return credential


def _held(awards: Sequence[Award]) -> set[tuple[int, int, str]]:
    query = Q()
    for award in awards:
        query |= Q(
            person_id=award.person.pk,
            achievement_id=award.achievement.pk,
            context_key=award.context_key,
        )
    # A key is held by its active credential, or closed by an issuer's revocation; a
    # credential the record revoked (a corrected result) leaves the key open for a new one.
    return set(
        Credential.objects.filter(query)
        .filter(Q(revoked_at__isnull=True) | Q(revoked_by_record=False))
        .values_list("person_id", "achievement_id", "context_key")
    )


def _issue(awards: Sequence[Award], *, by: Person | None, notify_people: bool = True) -> list:
    """Issue the awards not issued yet (all of one issuer); returns the new credentials."""
    if not awards:
        return []
    held = _held(awards)
    todo, seen = [], set()
    for award in awards:
        key = (award.person.pk, award.achievement.pk, award.context_key)
        if key not in held and key not in seen:
            seen.add(key)
            todo.append(award)
    if not todo:
        return []
    institution = todo[0].achievement.issuer
    signer = _Issuer(institution)
    slots = status.allocate(institution, len(todo))
    credentials = [signer.sign(award, slot) for award, slot in zip(todo, slots, strict=True)]
    Credential.objects.bulk_create(credentials)  # sets their ids (PostgreSQL, SQLite ≥ 3.35)
    CredentialEvent.objects.bulk_create(
        CredentialEvent(credential=c, actor=by, action="issued", reason=c.get_source_display())
        for c in credentials
    )
    if notify_people:
        for credential in credentials:
            notify(
                person=credential.person,
                message=gettext_noop("You have a new credential: %(title)s."),
                params={"title": credential.achievement.title},
                url=f"/credentials/mine/#credential-{credential.uid}",
            )
    return credentials


def _award_for(enrolment: Enrolment, achievement: Achievement, source: str) -> Award:
    return Award(
        person=enrolment.person,
        achievement=achievement,
        context_key=run_key(enrolment.run),
        source=source,
        run=enrolment.run,
        grade=enrolment.ects_grade,
        ects_earned=enrolment.ects_earned,
        started=enrolment.run.starts_on,
    )


def _says(credential: Credential, enrolment: Enrolment) -> bool:
    """Whether a credential's signed document states the enrolment's grade and credits."""
    earned = credential.document.get("credentialSubject", {}).get("creditsEarned")
    expected = None if enrolment.ects_earned is None else documents.number(enrolment.ects_earned)
    return credential.grade == enrolment.ects_grade and earned == expected


def issue_for_result(*, enrolment: Enrolment, by: Person | None) -> Credential | None:
    """Make a run's credential say what its result says (called whenever a result is recorded).

    A pass issues; a corrected pass revokes the credential that states the old grade and
    issues one that states the new; a fail revokes. Stacked credentials follow their parts.
    An issuer's own revocation stands: a new result does not undo it."""
    run, person = enrolment.run, enrolment.person
    passed = enrolment.status == EnrolmentStatus.COMPLETED and enrolment.ects_grade in (
        PASSING_GRADES
    )
    active = (
        Credential.objects.select_for_update(of=("self",))
        .filter(
            person=person,
            achievement__course=run.course,
            context_key=run_key(run),
            revoked_at__isnull=True,
        )
        .first()
    )
    if active is not None and passed and _says(active, enrolment):
        return active
    if active is not None:
        if passed:
            reason = _(
                "The result was corrected from %(old)s to %(new)s; a new credential states %(new)s."
            ) % {"old": active.grade or "—", "new": enrolment.ects_grade}
        else:
            reason = _("The result was corrected to a fail (%(grade)s).") % {
                "grade": enrolment.ects_grade
            }
        _set_status(active, by=by, action="revoked", reason=reason, by_record=True)
    if not passed:
        stacks_follow([person], by=by)
        return None
    achievement = achievement_for_course(run.course)
    issued = _issue([_award_for(enrolment, achievement, CredentialSource.RESULT)], by=by)
    # after the replacement is issued, so that a stack that still holds is left alone
    stacks_follow([person], by=by)
    stack_for([person], by=by)
    if issued:
        return issued[0]
    return Credential.objects.filter(
        person=person, achievement=achievement, context_key=run_key(run), revoked_at__isnull=True
    ).first()


class _Standing:
    """Where some people stand towards the stacked achievements: the achievements they hold
    (active credentials) and, for a programme's achievement, their progress through its rules,
    read by the catalogue's programmes_progress, the same code as the progress page."""

    def __init__(self, people: Sequence[Person], achievements: Sequence[Achievement]):
        self.held: dict[int, set[int]] = defaultdict(set)
        for person_id, achievement_id in Credential.objects.filter(
            person__in=people, revoked_at__isnull=True
        ).values_list("person_id", "achievement_id"):
            self.held[person_id].add(achievement_id)
        self.progress: dict[int, dict[int, ProgrammeProgress]] = {}
        for achievement in achievements:
            if achievement.programme_id is not None and achievement.pk not in self.progress:
                programme = programme_detail(achievement.programme.code)
                self.progress[achievement.pk] = programmes_progress(programme, people)

    def missing_parts(self, achievement: Achievement, person_id: int) -> list[str]:
        """The titles of the parts this person does not hold."""
        own = self.held[person_id]
        return sorted(p.title for p in achievement.requires.all() if p.pk not in own)

    def unmet_rules(self, achievement: Achievement, person_id: int) -> list[str]:
        """The programme's rules this person does not meet, in words (none: all are met)."""
        progress = self.progress.get(achievement.pk, {}).get(person_id)
        if progress is None or progress.complete:
            return []
        unmet = []
        for group in progress.groups:
            if group.rule_met:
                continue
            if group.group.required:
                unmet.append(
                    _("%(group)s: %(modules)s not completed")
                    % {
                        "group": group.group.name,
                        "modules": ", ".join(c.title for c in group.missing),
                    }
                )
            else:
                unmet.append(
                    _("%(group)s: %(done)s of at least %(min)s ECTS completed")
                    % {
                        "group": group.group.name,
                        "done": documents.number(group.ects_done),
                        "min": documents.number(group.group.min_ects),
                    }
                )
        return unmet

    def earned(self, achievement: Achievement, person_id: int) -> bool:
        return not self.missing_parts(achievement, person_id) and not self.unmet_rules(
            achievement, person_id
        )


def _active_stacks(people: Iterable[Person] | None) -> list[Credential]:
    stacked = Credential.objects.filter(revoked_at__isnull=True, context_key=STACK)
    if people is not None:
        stacked = stacked.filter(person__in=people)
    return list(
        stacked.select_related("person", "achievement__programme")
        .prefetch_related("achievement__requires")
        .order_by("pk")
    )


def stacks_follow(people: Iterable[Person], *, by: Person | None) -> list[Credential]:
    """Revoke the stacked credentials of these people that they no longer earn: a part they
    no longer hold, or a rule of the programme they no longer meet (a result corrected); a
    stack of stacks follows too. Returns the revoked ones."""
    people, revoked = list(people), []
    while True:
        stacked = _active_stacks(people)
        standing = _Standing(people, [c.achievement for c in stacked])
        gone = [c for c in stacked if not standing.earned(c.achievement, c.person_id)]
        if not gone:
            return revoked
        for credential in gone:
            missing = standing.missing_parts(credential.achievement, credential.person_id)
            if missing:
                reason = _("It no longer holds all its parts: %(parts)s was revoked.") % {
                    "parts": ", ".join(missing)
                }
            else:
                reason = _("The programme's rules are no longer met: %(rules)s.") % {
                    "rules": "; ".join(
                        standing.unmet_rules(credential.achievement, credential.person_id)
                    )
                }
            _set_status(credential, by=by, action="revoked", reason=reason, by_record=True)
            revoked.append(credential)


def stacks_repair(*, by: Person | None = None) -> list[Credential]:
    """Revoke every active stacked credential that was issued without being earned (issued
    when holding the required modules was enough, before the programme's other rules
    counted); each holder is told why, and the revocation is in the credential's history.

    Idempotent: a second run finds nothing. As with a corrected result, a holder who later
    completes the programme is issued the credential then."""
    revoked = []
    with transaction.atomic():
        stacked = _active_stacks(None)
        people = list({c.person_id: c.person for c in stacked}.values())
        standing = _Standing(people, [c.achievement for c in stacked])
        for credential in stacked:
            person_id = credential.person_id
            gaps = standing.unmet_rules(credential.achievement, person_id)
            missing = standing.missing_parts(credential.achievement, person_id)
            if missing:
                gaps.append(_("%(parts)s not held") % {"parts": ", ".join(missing)})
            if not gaps:
                continue
            reason = _(
                "Issued in error: the programme's rules were not met (%(rules)s). It is issued "
                "again when they are."
            ) % {"rules": "; ".join(gaps)}
            _set_status(credential, by=by, action="revoked", reason=reason[:500], by_record=True)
            revoked.append(credential)
    return revoked


def stack_for(people: Iterable[Person], *, by: Person | None) -> list[Credential]:
    """Issue every stacked credential that one of these people now earns (its parts held and
    its programme's rules met) and does not hold yet. A few queries per programme for the
    whole group, however large: a bulk issuance asks for hundreds."""
    people = list(people)
    stacked = list(
        Achievement.objects.filter(requires__isnull=False)
        .distinct()
        .select_related("programme")
        .prefetch_related("requires")
        .order_by("pk")
    )
    if not people or not stacked:
        return []
    standing = _Standing(people, stacked)
    issued = []
    for person in people:
        for achievement in stacked:
            own = standing.held[person.pk]
            if achievement.pk not in own and standing.earned(achievement, person.pk):
                issued += _issue(
                    [Award(person, achievement, STACK, CredentialSource.STACKED)], by=by
                )
    return issued


def passing_enrolments(run: Run):
    return (
        Enrolment.objects.filter(
            run=run, status=EnrolmentStatus.COMPLETED, ects_grade__in=PASSING_GRADES
        )
        .select_related("person", "run__course")
        .order_by("pk")
    )


def issue_many(
    enrolments: Iterable[Enrolment], *, by: Person | None, notify_people: bool = True
) -> list[Credential]:
    """Issue the credentials of many passing results of one run in one go (bulk path)."""
    enrolments = list(enrolments)
    if not enrolments:
        return []
    achievement = achievement_for_course(enrolments[0].run.course)
    with transaction.atomic():
        awards = [_award_for(e, achievement, CredentialSource.BULK) for e in enrolments]
        issued = _issue(awards, by=by, notify_people=notify_people)
        stack_for({c.person_id: c.person for c in issued}.values(), by=by)
    return issued


@transaction.atomic
def bulk_issue_start(*, run: Run, by: Person) -> IssuanceJob:
    """Queue a job issuing every missing credential of a run's passing participants."""
    require(by, Action.ASSESS, run)
    total = passing_enrolments(run).count()
    if not total:
        raise ValidationError(_("Nobody has passed this run yet: there is nothing to issue."))
    running = IssuanceJob.objects.filter(run=run, status__in=UNFINISHED).first()
    if running is not None:
        return running
    job = IssuanceJob.objects.create(run=run, requested_by=by, total=total)
    job_enqueue(job)
    return job


@transaction.atomic
def bulk_issue_resume(*, job: IssuanceJob, by: Person) -> IssuanceJob:
    """Start a failed or interrupted bulk issuance again; what was issued is not issued twice."""
    job = IssuanceJob.objects.select_for_update().select_related("run").get(pk=job.pk)
    require(by, Action.ASSESS, job.run)
    if job.status != JobStatus.FAILED and not job.interrupted:
        raise ValidationError(_("Only a failed or interrupted issuance is started again."))
    job_requeue(job)
    job.refresh_from_db()
    return job


# --- status and sharing --------------------------------------------------------------------


def _set_status(
    credential: Credential,
    *,
    by: Person | None,
    action: str,
    reason: str,
    by_record: bool = False,
) -> None:
    credential = Credential.objects.select_for_update().get(pk=credential.pk)
    now = timezone.now()
    if action == "revoked":
        credential.revoked_at = now
        credential.revoked_by_record = by_record
        status.set_bit(credential.issuer, "revocation", *_slot(credential), True)
    elif action == "suspended":
        credential.suspended_at = now
        status.set_bit(credential.issuer, "suspension", *_slot(credential), True)
    elif action == "reinstated":
        credential.suspended_at = None
        status.set_bit(credential.issuer, "suspension", *_slot(credential), False)
    credential.status_reason = reason
    credential.save(
        update_fields=["revoked_at", "suspended_at", "status_reason", "revoked_by_record"]
    )
    CredentialEvent.objects.create(credential=credential, actor=by, action=action, reason=reason)
    notify(
        person=credential.person,
        message={
            "revoked": gettext_noop("Your credential %(title)s was revoked: %(reason)s"),
            "suspended": gettext_noop("Your credential %(title)s was suspended: %(reason)s"),
            "reinstated": gettext_noop("Your credential %(title)s is valid again: %(reason)s"),
        }[action],
        params={"title": credential.achievement.title, "reason": reason},
        url=credential.get_absolute_url(),
    )


def _slot(credential: Credential) -> tuple[int, int]:
    return credential.status_list_number, credential.status_index


def _reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give a reason: the learner will read it.")})
    if len(reason) > 500:
        raise ValidationError({"reason": _("A reason has at most 500 characters.")})
    return reason


def _refusal(credential: Credential, action: str) -> str | None:
    """Why a status change cannot be made, or None when it can."""
    if action == "revoked":
        return _("This credential is revoked already.") if credential.revoked_at else None
    if credential.revoked_at:
        return {
            "suspended": _("A revoked credential cannot be suspended."),
            "reinstated": _("A revoked credential stays revoked."),
        }[action]
    if action == "suspended" and credential.suspended_at:
        return _("This credential is suspended already.")
    if action == "reinstated" and not credential.suspended_at:
        return _("Only a suspended credential can be reinstated.")
    return None


@transaction.atomic
def _change_status(credential: Credential, by: Person, reason: str, action: str) -> Credential:
    """Revoke, suspend or reinstate, by the issuer, with a reason and an audit entry."""
    require(by, Action.APPROVE, credential)
    reason = _reason(reason)
    credential = Credential.objects.select_for_update().get(pk=credential.pk)
    refusal = _refusal(credential, action)
    if refusal:
        raise ValidationError(refusal)
    _set_status(credential, by=by, action=action, reason=reason)
    credential.refresh_from_db()
    return credential


@transaction.atomic
def credential_revoke(*, credential: Credential, by: Person, reason: str) -> Credential:
    """Revoke for good: the revocation bit of its status list is set; stacks built on it go."""
    credential = _change_status(credential, by, reason, "revoked")
    stacks_follow([credential.person], by=by)
    return credential


def credential_suspend(*, credential: Credential, by: Person, reason: str) -> Credential:
    """Suspend until reinstated: the suspension bit of its list is set."""
    return _change_status(credential, by, reason, "suspended")


def credential_reinstate(*, credential: Credential, by: Person, reason: str) -> Credential:
    """End a suspension."""
    return _change_status(credential, by, reason, "reinstated")


@transaction.atomic
def credential_share(*, credential: Credential, by: Person, shared: bool) -> Credential:
    """Switch a credential's public page on or off (only its holder may)."""
    if by is None or not by.is_authenticated or credential.person_id != by.pk:
        raise PermissionDenied(_("Only the holder of a credential may share it."))
    if credential.shared != shared:
        Credential.objects.filter(pk=credential.pk).update(shared=shared)
        CredentialEvent.objects.create(
            credential=credential, actor=by, action="shared" if shared else "unshared"
        )
        credential.shared = shared
    return credential


@transaction.atomic
def issuer_key_rotate(*, institution: Institution, by: Person):
    require(by, Action.CHANGE, institution)
    key = issuers.rotate(institution)
    from .verification import forget_keys

    forget_keys()
    return key


_CREDENTIAL_ID = re.compile(r"/credentials/([0-9a-fA-F-]{36})\Z")


def credential_of_document(document: object) -> Credential | None:
    """The campus credential a document says it is: its ``id`` is the credential's address
    (``<public url>/credentials/<uid>``, as issued, even if the public url changed since)."""
    identifier = document.get("id") if isinstance(document, dict) else None
    found = _CREDENTIAL_ID.search(identifier) if isinstance(identifier, str) else None
    if found is None:
        return None
    credential = Credential.objects.filter(uid=found.group(1).lower()).first()
    if credential is None or credential.document.get("id") != identifier:
        return None  # another issuer's document that happens to end like ours
    return credential


@transaction.atomic
def verification_record(
    *, document: object, result: VerificationResult, channel: str
) -> Verification:
    """Record one verification someone asked for, for the impact counts, and nothing about
    who asked.

    Called after the verifier answered, so only what it judged is counted: input the page
    or the API refuses before verifying (not JSON, too large, no credential in the image,
    an API body that is no Verifiable Credential) records nothing. A document the verifier
    judged is recorded with the verifier's overall answer, ``valid`` or ``invalid``, and
    with the campus credential its ``id`` names, even when it fails (a tampered, revoked or
    suspended copy is still a verification of that credential); a document the campus did
    not issue is recorded without a credential or issuer. The campus's own looks (the
    holder's or the issuer's view of the credential page) are not recorded: the callers
    do not call this for them.
    """
    credential = credential_of_document(document)
    verification = Verification(
        credential=credential,
        issuer_id=credential.issuer_id if credential else None,
        outcome=VerificationOutcome.VALID if result.verified else VerificationOutcome.INVALID,
        channel=channel,
    )
    verification.full_clean()
    verification.save()
    return verification


ACHIEVEMENT_FIELDS = (
    "title",
    "description",
    "criteria",
    "assessment",
    "participation",
    "quality_assurance",
    "supervision",
    "prerequisites",
    "further_information",
)


@transaction.atomic
def achievement_update(*, achievement: Achievement, by: Person, **fields) -> Achievement:
    """Change what future credentials of an achievement say (issued ones stay as signed)."""
    require(by, Action.CHANGE, achievement)
    unknown = set(fields) - set(ACHIEVEMENT_FIELDS)
    if unknown:
        raise ValidationError(
            _("These fields cannot be changed: %(f)s.") % {"f": ", ".join(unknown)}
        )
    achievement = Achievement.objects.select_for_update().get(pk=achievement.pk)
    for name, value in fields.items():
        setattr(achievement, name, value.strip() if isinstance(value, str) else value)
    required = ("title", "description", "criteria", "assessment", "quality_assurance")
    missing = {
        name: _("This element is required.") for name in required if not getattr(achievement, name)
    }
    if missing:
        raise ValidationError(missing)
    if achievement.participation not in ("onsite", "online", "blended"):
        raise ValidationError({"participation": _("Choose on site, online or blended.")})
    achievement.full_clean(exclude=["issuer", "course", "programme", "ects"])
    achievement.save()
    return achievement
