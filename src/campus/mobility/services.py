"""Every write of mobility: opportunities, applications and their selection, learning
agreements (proposals and signatures) and recognition. Each runs in a transaction, checks its
permission on granted affiliations only, validates its input (a ValidationError or
PermissionDenied leaves nothing written) and writes a MobilityEvent (the audit trail).

The rules a learning agreement version must meet (``check_components``), after the Erasmus+
learning agreement and its guidelines:

- every component of tables A (studied at the receiving institution), B (recognised at the
  sending institution) and D (blended) has more than 0 ECTS; a virtual component (table C)
  may carry none;
- what is studied (A + C + D) and what is recognised (B) are each more than 0 ECTS, and the
  recognised ECTS are at least the studied ECTS: the sending institution commits to full
  recognition of what the student passes, so table B may not cover less than is taken;
- a blended intensive programme carries at least 3 ECTS (the Erasmus+ programme guide's
  minimum for a BIP);
- a component linked to a catalogue course of tables A, C or D is taught by the receiving
  institution; a table-B component linked to a catalogue course names a course of the same
  version's A, C or D tables: the host result that it recognises.

Signing and changing are serialised on the agreement's row (``select_for_update``): a
signature names the version it approves and is refused when that version is no longer the
current one, so a signature and a change arriving together never approve content the signer
did not see.

The declared way of travelling (``declare_travel``) can change until the mobility is
completed: after that it is the record the impact area counts CO2e from, closed like the
recognised agreement. A virtual exchange travels nowhere and declares nothing.
"""

import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from campus.alliance.models import Institution
from campus.catalog import services as catalog_services
from campus.catalog.models import Course, Enrolment, EnrolmentStatus, Run
from campus.catalog.validation import parse_decimal
from campus.people.models import CEFRLevel, Person
from campus.people.services import notify
from campus.permissions import Action, coordinates, is_alliance_admin, require

from . import travel
from .models import (
    OPEN_APPLICATION_STATES,
    Application,
    ApplicationState,
    Component,
    ComponentTable,
    LearningAgreement,
    LearningAgreementVersion,
    MobilityEvent,
    Opportunity,
    OpportunityKind,
    Recognition,
    RecognitionLine,
    Signature,
    SignatureRole,
    VersionKind,
    VersionStatus,
    cefr_rank,
)
from .permissions import LEARNER_ROLES, STAFF_ROLES, may_declare_travel, signing_roles

BIP_MINIMUM_ECTS = Decimal("3")
MOTIVATION_LONGEST = 4000
REASON_LONGEST = 1000
MOST_COMPONENTS = 40
STUDIED_TABLES = (ComponentTable.STUDIED, ComponentTable.VIRTUAL, ComponentTable.BLENDED)


def _record(*, actor, action: str, application=None, agreement=None, note: str = "") -> None:
    MobilityEvent.objects.create(
        actor=actor, action=action, application=application, agreement=agreement, note=note[:500]
    )


def _text(value, field: str, *, longest: int, required: bool = True) -> str:
    text = (value or "").strip() if isinstance(value, str) or value is None else None
    if text is None:
        raise ValidationError({field: _("Give a text.")})
    if required and not text:
        raise ValidationError({field: _("This field is required.")})
    if len(text) > longest:
        raise ValidationError({field: _("At most %(n)s characters.") % {"n": longest}})
    return text


def _level(value, field: str) -> str:
    level = (value or "").strip()
    level = "native" if level.lower() == "native" else level.upper()
    if level not in CEFRLevel.values:
        raise ValidationError(
            {
                field: _("Give a CEFR level: A1, A2, B1, B2, C1, C2 or native; got “%(v)s”.")
                % {"v": value}
            }
        )
    return level


def _language(value, field: str = "language") -> str:
    code = (value or "").strip().lower()
    if not (2 <= len(code) <= 3 and code.isalpha() and code.isascii()):
        raise ValidationError({field: _("Name the language by its ISO 639-1 code (en, nl, de …).")})
    return code


def _period_inside(starts_on, ends_on, opportunity: Opportunity | None) -> None:
    if ends_on < starts_on:
        raise ValidationError({"ends_on": _("The mobility cannot end before it starts.")})
    if opportunity is not None and (
        starts_on < opportunity.starts_on or ends_on > opportunity.ends_on
    ):
        raise ValidationError(
            {
                "starts_on": _(
                    "The mobility period must lie within the opportunity's dates, "
                    "%(start)s to %(end)s."
                )
                % {"start": opportunity.starts_on, "end": opportunity.ends_on}
            }
        )


# --- opportunities -----------------------------------------------------------------------


@transaction.atomic
def opportunity_create(
    *,
    by: Person,
    host: Institution,
    kind: str,
    title: str,
    starts_on: datetime.date,
    ends_on: datetime.date,
    application_deadline: datetime.date,
    places: int,
    description: str = "",
    physical_starts_on: datetime.date | None = None,
    physical_ends_on: datetime.date | None = None,
    virtual_component: str = "",
    language: str = "en",
    language_level: str = "",
    eqf_levels: list[int] | None = None,
    isced_fields: list[str] | None = None,
    courses: list[Course] | None = None,
) -> Opportunity:
    """Publish an opportunity at the host institution (its coordinators only)."""
    opportunity = Opportunity(host=host)
    require(by, Action.CREATE, opportunity)
    if kind not in OpportunityKind.values:
        raise ValidationError({"kind": _("Choose a kind of mobility.")})
    if ends_on < starts_on:
        raise ValidationError({"ends_on": _("The opportunity cannot end before it starts.")})
    if application_deadline > starts_on:
        raise ValidationError(
            {"application_deadline": _("Applications must close before the mobility starts.")}
        )
    if kind == OpportunityKind.BLENDED:
        if not (physical_starts_on and physical_ends_on and virtual_component.strip()):
            raise ValidationError(
                {
                    "physical_starts_on": _(
                        "A blended intensive programme has a physical phase (its dates) and "
                        "a virtual component."
                    )
                }
            )
        if not (starts_on <= physical_starts_on <= physical_ends_on <= ends_on):
            raise ValidationError(
                {"physical_starts_on": _("The physical phase lies within the programme's dates.")}
            )
    levels = [int(x) for x in (eqf_levels or [])]
    if any(not 1 <= x <= 8 for x in levels):
        raise ValidationError({"eqf_levels": _("EQF levels go from 1 to 8.")})
    fields = [str(f).strip() for f in (isced_fields or []) if str(f).strip()]
    if any(not (f.isdigit() and 2 <= len(f) <= 4) for f in fields):
        raise ValidationError({"isced_fields": _("ISCED-F fields are 2 to 4 digits, e.g. 0712.")})
    opportunity.kind = kind
    opportunity.title = _text(title, "title", longest=200)
    opportunity.description = _text(description, "description", longest=5000, required=False)
    opportunity.starts_on, opportunity.ends_on = starts_on, ends_on
    opportunity.physical_starts_on = physical_starts_on
    opportunity.physical_ends_on = physical_ends_on
    opportunity.virtual_component = virtual_component.strip()
    opportunity.places = places
    opportunity.language = _language(language)
    opportunity.language_level = _level(language_level, "language_level") if language_level else ""
    opportunity.eqf_levels = sorted(set(levels))
    opportunity.isced_fields = fields
    opportunity.application_deadline = application_deadline
    opportunity.full_clean()
    opportunity.save()
    if courses:
        foreign = [c.code for c in courses if not c.hosts.filter(pk=host.pk).exists()]
        if foreign:
            raise ValidationError(
                {
                    "courses": _("These courses are not taught by %(host)s: %(codes)s.")
                    % {"host": host.short_name, "codes": ", ".join(foreign)}
                }
            )
        opportunity.courses.set(courses)
    return opportunity


# --- applications ------------------------------------------------------------------------


@transaction.atomic
def application_submit(
    *,
    person: Person,
    opportunity: Opportunity,
    motivation: str,
    language: str,
    language_level: str,
    today: datetime.date | None = None,
) -> Application:
    """Apply for an opportunity with a motivation and language evidence."""
    today = today or timezone.localdate()
    if not person.is_authenticated or not person.is_active:
        raise PermissionDenied(_("Sign in to apply."))
    roles = STAFF_ROLES if opportunity.kind == OpportunityKind.STAFF else LEARNER_ROLES
    home_id = person.institution_id
    if home_id is None or not any(person.holds(role, institution_id=home_id) for role in roles):
        raise PermissionDenied(
            _("Staff mobility is for staff of a partner institution.")
            if opportunity.kind == OpportunityKind.STAFF
            else _("Only a student of a partner institution may apply.")
        )
    if not opportunity.published:
        raise ValidationError(_("This opportunity is not open for applications."))
    if home_id == opportunity.host_id:
        raise ValidationError(_("This opportunity is at your own institution."))
    if opportunity.application_deadline < today:
        raise ValidationError(
            _("Applications closed on %(day)s.") % {"day": opportunity.application_deadline}
        )
    motivation = _text(motivation, "motivation", longest=MOTIVATION_LONGEST)
    language = _language(language)
    level = _level(language_level, "language_level")
    if opportunity.language_level:
        if language != opportunity.language:
            raise ValidationError(
                {
                    "language": _(
                        "This opportunity asks for %(level)s in “%(language)s”: give your "
                        "level in that language."
                    )
                    % {"level": opportunity.language_level, "language": opportunity.language}
                }
            )
        if cefr_rank(level) < cefr_rank(opportunity.language_level):
            raise ValidationError(
                {
                    "language_level": _(
                        "This opportunity asks for at least %(required)s; you gave %(given)s."
                    )
                    % {"required": opportunity.language_level, "given": level}
                }
            )
    application = Application(
        person=person,
        opportunity=opportunity,
        home_id=home_id,
        motivation=motivation,
        language=language,
        language_level=level,
    )
    try:
        with transaction.atomic():
            application.save()
    except IntegrityError:
        raise ValidationError(_("You have already applied for this opportunity.")) from None
    _record(actor=person, action="application_submitted", application=application)
    return application


def _locked_application(application: Application) -> Application:
    return (
        Application.objects.select_for_update(of=("self",))
        .select_related("opportunity__host", "person", "home")
        .get(pk=application.pk)
    )


@transaction.atomic
def application_withdraw(*, application: Application, by: Person) -> Application:
    """The applicant withdraws an application not decided yet."""
    application = _locked_application(application)
    require(by, Action.CHANGE, application)
    if application.state not in OPEN_APPLICATION_STATES:
        raise ValidationError(
            _("This application is %(state)s; it can no longer be withdrawn.")
            % {"state": application.get_state_display().lower()}
        )
    application.state = ApplicationState.WITHDRAWN
    application.save(update_fields=["state"])
    _record(actor=by, action="application_withdrawn", application=application)
    return application


@transaction.atomic
def application_nominate(
    *, application: Application, by: Person, nominate: bool = True, reason: str = ""
) -> Application:
    """The home institution's coordinator nominates the applicant (or does not, with a
    reason)."""
    application = _locked_application(application)
    if not (is_alliance_admin(by) or coordinates(by, application.home_id)):
        raise PermissionDenied(
            _("Only a coordinator of the applicant's home institution nominates.")
        )
    if application.state != ApplicationState.SUBMITTED:
        raise ValidationError(
            _("This application is %(state)s; only a submitted one is nominated.")
            % {"state": application.get_state_display().lower()}
        )
    reason = _text(reason, "reason", longest=REASON_LONGEST, required=not nominate)
    application.state = ApplicationState.NOMINATED if nominate else ApplicationState.NOT_NOMINATED
    application.nomination_reason = reason
    application.nominated_by = by
    application.nominated_at = timezone.now()
    application.save()
    _record(actor=by, action=application.state, application=application, note=reason)
    notify(
        person=application.person,
        message=gettext_noop("You were nominated for %(title)s; the host decides next.")
        if nominate
        else gettext_noop("You were not nominated for %(title)s: %(reason)s"),
        params={"title": application.opportunity.title, "reason": reason},
        url=application.get_absolute_url(),
    )
    return application


@transaction.atomic
def application_decide(
    *,
    application: Application,
    by: Person,
    accept: bool,
    reason: str = "",
    starts_on: datetime.date | None = None,
    ends_on: datetime.date | None = None,
) -> Application:
    """The host institution's coordinator accepts a nominated applicant (which makes the
    learning agreement) or declines them with a reason."""
    application = _locked_application(application)
    opportunity = application.opportunity
    if not (is_alliance_admin(by) or coordinates(by, opportunity.host_id)):
        raise PermissionDenied(_("Only a coordinator of the host institution accepts or declines."))
    if application.state != ApplicationState.NOMINATED:
        raise ValidationError(
            _("This application is %(state)s; only a nominated one is accepted or declined.")
            % {"state": application.get_state_display().lower()}
        )
    reason = _text(reason, "reason", longest=REASON_LONGEST, required=not accept)
    application.decision_reason = reason
    application.decided_by = by
    application.decided_at = timezone.now()
    if not accept:
        application.state = ApplicationState.DECLINED
        application.save()
        _record(actor=by, action="declined", application=application, note=reason)
        notify(
            person=application.person,
            message=gettext_noop("The host declined your application for %(title)s: %(reason)s"),
            params={"title": opportunity.title, "reason": reason},
            url=application.get_absolute_url(),
        )
        return application
    if (
        opportunity.applications.filter(state=ApplicationState.ACCEPTED).count()
        >= opportunity.places
    ):
        raise ValidationError(_("Every place of this opportunity is taken."))
    starts_on = starts_on or opportunity.starts_on
    ends_on = ends_on or opportunity.ends_on
    _period_inside(starts_on, ends_on, opportunity)
    application.state = ApplicationState.ACCEPTED
    application.save()
    agreement = _agreement_for(application, starts_on=starts_on, ends_on=ends_on, by=by)
    _record(actor=by, action="accepted", application=application, agreement=agreement, note=reason)
    notify(
        person=application.person,
        message=gettext_noop("You were accepted for %(title)s; your learning agreement is ready."),
        params={"title": opportunity.title},
        url=agreement.get_absolute_url(),
    )
    return application


def _agreement_for(application: Application, *, starts_on, ends_on, by) -> LearningAgreement:
    person = application.person
    given, _sep, family = person.display_name.partition(" ")
    opportunity = application.opportunity
    agreement = LearningAgreement.objects.create(
        application=application,
        opportunity=opportunity,
        student=person,
        student_given_names=given or person.email,
        student_family_name=family,
        student_email=person.email,
        sending_id=application.home_id,
        receiving_id=opportunity.host_id,
        receiving_contact=by,
        starts_on=starts_on,
        ends_on=ends_on,
        language=application.language,
        language_level=application.language_level,
        eqf_level=min(opportunity.eqf_levels) if opportunity.eqf_levels else 6,
        isced_field=opportunity.isced_fields[0]
        if opportunity.isced_fields
        else next((c.isced_field for c in opportunity.courses.all() if c.isced_field), ""),
    )
    # A first proposal from the opportunity's linked courses, recognised at home as they are,
    # when that meets the rules; otherwise the parties write the first version.
    components = [
        {
            "table": ComponentTable.BLENDED if opportunity.is_blended else ComponentTable.STUDIED,
            "code": course.code,
            "title": course.title,
            "ects": course.ects,
            "course": course.pk,
        }
        for course in opportunity.courses.all()
    ]
    components += [
        {**c, "table": ComponentTable.RECOGNISED, "code": "", "recognition_conditions": ""}
        for c in list(components)
    ]
    try:
        parsed = check_components(agreement, components)
    except ValidationError:
        return agreement
    _version_create(agreement, parsed, by=by, comment="")
    return agreement


# --- learning agreements -----------------------------------------------------------------


def _component(agreement: LearningAgreement, index: int, raw: Any) -> Component:
    where = _("Component %(n)s") % {"n": index + 1}
    if not isinstance(raw, dict):
        raise ValidationError({"components": _("%(where)s: give its fields.") % {"where": where}})

    def fail(message):
        raise ValidationError({"components": f"{where}: {message}"})

    table = str(raw.get("table") or "").upper()
    if table not in ComponentTable.values:
        fail(_("the table is A (studied), B (recognised), C (virtual) or D (blended)."))
    title = raw.get("title")
    if not isinstance(title, str) or not title.strip() or len(title.strip()) > 200:
        fail(_("give a title of at most 200 characters."))
    try:
        ects = parse_decimal(raw.get("ects"), "ects", maximum=Decimal("60"))
    except ValidationError:
        fail(_("ECTS credits are a number from 0 to 60."))
    if ects <= 0 and table != ComponentTable.VIRTUAL:
        fail(_("ECTS credits must be more than 0."))
    course = run = None
    if raw.get("run"):
        run = Run.objects.select_related("course").filter(pk=raw["run"]).first()
        if run is None:
            fail(_("no such catalogue run."))
        course = run.course
    if raw.get("course"):
        course = Course.objects.filter(pk=raw["course"]).first()
        if course is None or (run is not None and run.course_id != course.pk):
            fail(_("no such catalogue course, or the run is not of that course."))
    if (
        course is not None
        and table != ComponentTable.RECOGNISED
        and not course.hosts.filter(pk=agreement.receiving_id).exists()
    ):
        fail(_("“%(code)s” is not taught by the receiving institution.") % {"code": course.code})
    code = str(raw.get("code") or "").strip()[:40]
    return Component(
        table=table,
        position=index,
        code=code,
        title=title.strip(),
        term=str(raw.get("term") or "").strip()[:60],
        ects=ects,
        course=course,
        run=run,
        recognition_conditions=str(raw.get("recognition_conditions") or "").strip()[:500],
    )


def check_components(agreement: LearningAgreement, raw_components: Any) -> list[Component]:
    """The components of a proposed version, checked against the rules of this module's
    docstring; a ValidationError names the first rule broken."""
    if not isinstance(raw_components, list | tuple) or not raw_components:
        raise ValidationError({"components": _("Give the components of the agreement.")})
    if len(raw_components) > MOST_COMPONENTS:
        raise ValidationError(
            {"components": _("At most %(n)s components.") % {"n": MOST_COMPONENTS}}
        )
    components = [_component(agreement, i, raw) for i, raw in enumerate(raw_components)]
    studied = sum((c.ects for c in components if c.table in STUDIED_TABLES), Decimal("0"))
    recognised = sum(
        (c.ects for c in components if c.table == ComponentTable.RECOGNISED), Decimal("0")
    )
    if studied <= 0:
        raise ValidationError(
            {"components": _("Name what is studied at the receiving institution, with its ECTS.")}
        )
    if recognised <= 0:
        raise ValidationError(
            {"components": _("Name what the sending institution recognises (table B).")}
        )
    if recognised < studied:
        raise ValidationError(
            {
                "components": _(
                    "The components recognised at home (%(recognised)s ECTS) must cover what is "
                    "studied at the receiving institution (%(studied)s ECTS)."
                )
                % {"recognised": recognised, "studied": studied}
            }
        )
    opportunity = agreement.opportunity
    if opportunity is not None and opportunity.is_blended and studied < BIP_MINIMUM_ECTS:
        raise ValidationError(
            {
                "components": _(
                    "A blended intensive programme carries at least %(min)s ECTS; this one "
                    "has %(studied)s."
                )
                % {"min": BIP_MINIMUM_ECTS, "studied": studied}
            }
        )
    studied_courses = {c.course_id for c in components if c.table in STUDIED_TABLES}
    for c in components:
        if (
            c.table == ComponentTable.RECOGNISED
            and c.course_id
            and c.course_id not in studied_courses
        ):
            raise ValidationError(
                {
                    "components": _(
                        "“%(title)s” recognises a course that is not studied in this agreement."
                    )
                    % {"title": c.title}
                }
            )
    return components


def _version_create(agreement, components, *, by, comment) -> LearningAgreementVersion:
    versions = list(agreement.versions.order_by("number"))
    for pending in (v for v in versions if v.status == VersionStatus.PENDING):
        pending.status = VersionStatus.SUPERSEDED
        pending.save(update_fields=["status"])
    approved_before = any(v.status == VersionStatus.APPROVED for v in versions)
    version = LearningAgreementVersion.objects.create(
        agreement=agreement,
        number=(versions[-1].number + 1) if versions else 1,
        kind=VersionKind.CHANGES if approved_before else VersionKind.FIRST,
        comment=comment,
        proposed_by=by,
    )
    for component in components:
        component.version = version
    Component.objects.bulk_create(components)
    _record(actor=by, action="version_proposed", agreement=agreement, note=f"v{version.number}")
    return version


def _locked_agreement(agreement: LearningAgreement) -> LearningAgreement:
    """The agreement's row, locked until the transaction ends: proposals and signatures of one
    agreement wait for each other."""
    return (
        LearningAgreement.objects.select_for_update(of=("self",))
        .select_related("opportunity", "student", "sending", "receiving")
        .get(pk=agreement.pk)
    )


def _current_number(agreement: LearningAgreement) -> int:
    latest = agreement.versions.order_by("-number").values_list("number", flat=True).first()
    return latest or 0


@transaction.atomic
def agreement_propose(
    *,
    agreement: LearningAgreement,
    by: Person,
    components: list[dict],
    based_on: int,
    comment: str = "",
    starts_on: datetime.date | None = None,
    ends_on: datetime.date | None = None,
) -> LearningAgreementVersion:
    """Propose the next version (the first, or a changes proposal after signing), made from
    version ``based_on`` as the proposer saw it (0 when there is none yet). A pending version
    is replaced; an approved one stays as it is."""
    agreement = _locked_agreement(agreement)
    if not signing_roles(by, agreement):
        raise PermissionDenied(
            _("Only the student and the two coordinators change this agreement.")
        )
    if is_recognised_locked(agreement):
        raise ValidationError(_("This mobility is recognised; its agreement can no longer change."))
    current = _current_number(agreement)
    if based_on != current:
        raise ValidationError(
            _(
                "The agreement changed while you were editing: version %(current)s is the "
                "current one, you edited version %(given)s. Read it and propose again."
            )
            % {"current": current, "given": based_on}
        )
    comment = _text(comment, "comment", longest=REASON_LONGEST, required=current > 0)
    parsed = check_components(agreement, components)
    if starts_on or ends_on:
        starts_on = starts_on or agreement.starts_on
        ends_on = ends_on or agreement.ends_on
        _period_inside(starts_on, ends_on, agreement.opportunity)
        agreement.starts_on, agreement.ends_on = starts_on, ends_on
        agreement.save(update_fields=["starts_on", "ends_on"])
    version = _version_create(agreement, parsed, by=by, comment=comment)
    for person in _parties(agreement, but=by):
        notify(
            person=person,
            message=gettext_noop(
                "Version %(n)s of the learning agreement of %(name)s awaits your signature."
            ),
            params={"n": version.number, "name": str(agreement.student)},
            url=agreement.get_absolute_url(),
            email=False,
        )
    return version


def is_recognised_locked(agreement: LearningAgreement) -> bool:
    return Recognition.objects.filter(agreement=agreement).exists()


def _parties(agreement: LearningAgreement, *, but: Person) -> list[Person]:
    people = [agreement.student, agreement.sending_contact, agreement.receiving_contact]
    return [p for p in people if p is not None and p.pk != but.pk]


@transaction.atomic
def agreement_sign(
    *,
    agreement: LearningAgreement,
    by: Person,
    version_number: int,
    role: str,
    position: str = "",
) -> Signature:
    """Sign version ``version_number`` as the student or as a coordinator of the sending or
    receiving institution; refused when that is no longer the current version."""
    agreement = _locked_agreement(agreement)
    if role not in SignatureRole.values:
        raise ValidationError({"role": _("Sign as the student, sending or receiving coordinator.")})
    if role not in signing_roles(by, agreement):
        raise PermissionDenied(
            {
                SignatureRole.STUDENT: _("Only the student signs as the student."),
                SignatureRole.SENDING: _(
                    "Only a coordinator of the sending institution signs for it."
                ),
                SignatureRole.RECEIVING: _(
                    "Only a coordinator of the receiving institution signs for it."
                ),
            }[role]
        )
    version = agreement.versions.order_by("-number").first()
    if version is None:
        raise ValidationError(_("There is no version to sign yet."))
    if version_number != version.number:
        raise ValidationError(
            {
                "version": _(
                    "Version %(given)s is no longer the current one: version %(current)s is. "
                    "Read it before you sign."
                )
                % {"given": version_number, "current": version.number}
            }
        )
    if version.status != VersionStatus.PENDING:
        raise ValidationError(_("This version is already signed by all three parties."))
    if version.signatures.filter(role=role).exists():
        raise ValidationError(_("This version is already signed for this part."))
    signature = Signature.objects.create(
        version=version,
        role=role,
        person=by,
        name=by.display_name or by.email,
        position=_text(position, "position", longest=120, required=False)
        or SignatureRole(role).label,
        email=by.email,
    )
    if role == SignatureRole.SENDING and agreement.sending_contact_id is None:
        agreement.sending_contact = by
        agreement.save(update_fields=["sending_contact"])
    if role == SignatureRole.RECEIVING and agreement.receiving_contact_id is None:
        agreement.receiving_contact = by
        agreement.save(update_fields=["receiving_contact"])
    if version.signatures.count() == len(SignatureRole.values):
        version.status = VersionStatus.APPROVED
        version.approved_at = timezone.now()
        version.save(update_fields=["status", "approved_at"])
        notify(
            person=agreement.student,
            message=gettext_noop("Your learning agreement (version %(n)s) is approved."),
            params={"n": version.number},
            url=agreement.get_absolute_url(),
        )
    _record(actor=by, action=f"signed_{role}", agreement=agreement, note=f"v{version.number}")
    return signature


# --- travel ------------------------------------------------------------------------------


class TravelNotDeclarable(ValidationError):
    """The mobility's state forbids declaring how it travels (a virtual exchange, or one
    completed): a conflict with the agreement, not bad input (the API answers 409)."""


@transaction.atomic
def declare_travel(agreement: LearningAgreement, *, mode: str, by: Person) -> LearningAgreement:
    """Declare how the mobility travels (one of travel.MODE_KEYS; "" clears it back to not
    declared), as its student or a coordinator of the sending institution; declaring the mode
    already declared writes nothing."""
    agreement = _locked_agreement(agreement)
    if not may_declare_travel(by, agreement):
        raise PermissionDenied(
            _(
                "Only the student and the sending institution's coordinators declare how "
                "this mobility travels."
            )
        )
    mode = mode.strip() if isinstance(mode, str) else mode
    if mode not in ("", *travel.MODE_KEYS):
        raise ValidationError(
            {
                "mode": _(
                    "Unknown way of travelling “%(mode)s”: choose one of %(modes)s, or "
                    "nothing to leave it undeclared."
                )
                % {"mode": mode, "modes": ", ".join(travel.MODE_KEYS)}
            },
            code="invalid",
        )
    if agreement.opportunity_id and agreement.opportunity.kind == OpportunityKind.VIRTUAL:
        raise TravelNotDeclarable(
            _("A virtual exchange travels nowhere: there is no way of travelling to declare."),
            code="conflict",
        )
    if agreement.completed_at is not None:
        raise TravelNotDeclarable(
            _("This mobility is completed; how it travelled can no longer change."),
            code="conflict",
        )
    if agreement.travel_mode != mode:
        agreement.travel_mode = mode
        agreement.save(update_fields=["travel_mode"])
        _record(
            actor=by,
            action="travel_declared" if mode else "travel_cleared",
            agreement=agreement,
            note=mode,
        )
    return agreement


# --- recognition -------------------------------------------------------------------------


def _host_result(agreement: LearningAgreement, component: Component) -> Enrolment | None:
    results = Enrolment.objects.filter(
        person_id=agreement.student_id, status=EnrolmentStatus.COMPLETED
    ).select_related("run__course")
    if component.run_id:
        results = results.filter(run_id=component.run_id)
    else:
        results = results.filter(run__course_id=component.course_id)
    return results.order_by("-result_date", "-pk").first()


@transaction.atomic
def agreement_recognise(*, agreement: LearningAgreement, by: Person, note: str = "") -> Recognition:
    """After the mobility, recognise every table-B component of the approved version at home,
    each from the host's result for the course it names, in one step; the credits go on the
    student's transcript."""
    agreement = _locked_agreement(agreement)
    require(by, Action.ASSESS, agreement)
    if is_recognised_locked(agreement):
        raise ValidationError(_("This mobility is already recognised."))
    latest = agreement.versions.order_by("-number").first()
    if latest is not None and latest.status == VersionStatus.PENDING:
        raise ValidationError(
            _("Version %(n)s awaits signatures; recognise once it is signed or replaced.")
            % {"n": latest.number}
        )
    version = agreement.versions.filter(status=VersionStatus.APPROVED).order_by("-number").first()
    if version is None:
        raise ValidationError(_("The learning agreement has no version signed by all three."))
    to_recognise = list(version.components.filter(table=ComponentTable.RECOGNISED))
    matched: list[tuple[Component, Enrolment]] = []
    missing: list[str] = []
    for component in to_recognise:
        result = _host_result(agreement, component) if component.course_id else None
        if result is None:
            missing.append(component.title)
        else:
            matched.append((component, result))
    if missing:
        raise ValidationError(
            _("No passing result from the host for: %(titles)s.") % {"titles": "; ".join(missing)}
        )
    note = _text(note, "note", longest=REASON_LONGEST, required=False)
    reference = _("Learning agreement %(id)s, version %(n)s") % {
        "id": agreement.pk,
        "n": version.number,
    }
    credits = catalog_services.credits_recognise(
        person=agreement.student,
        institution=agreement.sending,
        by=by,
        reference=reference,
        lines=[
            catalog_services.CreditLine(
                code=component.code,
                title=component.title,
                ects=component.ects,
                ects_grade=result.ects_grade,
                local_grade=result.local_grade,
                source_institution=agreement.receiving,
                source_enrolment=result,
            )
            for component, result in matched
        ],
    )
    recognition = Recognition.objects.create(
        agreement=agreement, version=version, recognised_by=by, note=note
    )
    RecognitionLine.objects.bulk_create(
        RecognitionLine(
            recognition=recognition, component=component, enrolment=result, credit=credit
        )
        for (component, result), credit in zip(matched, credits, strict=True)
    )
    agreement.completed_at = agreement.completed_at or timezone.now()
    agreement.save(update_fields=["completed_at"])
    _record(actor=by, action="recognised", agreement=agreement, note=note)
    notify(
        person=agreement.student,
        message=gettext_noop("Your mobility is recognised: %(ects)s ECTS on your transcript."),
        params={"ects": str(sum((c.ects for c in credits), Decimal("0")))},
        url=reverse("catalog:transcript"),
    )
    return recognition
