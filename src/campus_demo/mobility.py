"""The demo mobility: an opportunity of every kind at every partner (each linked to courses the
host teaches), applications in every state from the next partner's students, learning
agreements at every stage, student@campus.test's blended intensive programme whose learning
agreement awaits the receiving coordinator's signature, and one completed and recognised
mobility (student1 of the first partner, a past short-term mobility at the second). The first
two semester exchanges declare that they travel by train and by bus (green travel), as their
students would.

Dates are counted from today, as the catalogue's are; idempotent (opportunities per host and
title, applications per person and opportunity); everything goes through the real services,
acting as the people concerned.
"""

import datetime
import time
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from campus.alliance.models import Institution
from campus.catalog import services as catalog_services
from campus.catalog.models import Course, Enrolment, EnrolmentStatus
from campus.mobility import services
from campus.mobility.models import (
    Application,
    ApplicationState,
    LearningAgreement,
    Opportunity,
    OpportunityKind,
)
from campus.people.models import Person, PersonLanguage

STUDENT = "student@campus.test"
COORDINATOR = "coordinator@campus.test"

# kind: (title pattern, start, length, deadline before start, places, language level), days.
KINDS = {
    OpportunityKind.SEMESTER: ("Semester exchange in {city}", 120, 140, 60, 4, "B1"),
    OpportunityKind.SHORT_TERM: ("Short-term field school in {city}", 90, 12, 45, 10, ""),
    OpportunityKind.VIRTUAL: ("Virtual exchange with {name}", 30, 60, 20, 25, ""),
    OpportunityKind.BLENDED: ("Blended intensive programme: green {city}", 50, 30, 30, 20, ""),
    OpportunityKind.STAFF: ("Teaching and training week at {name}", 60, 5, 40, 3, ""),
}
PAST_TITLE = "Summer field school in {city} (last year)"

# The states the applications to each host's semester exchange end in, in order.
STATES = [
    ApplicationState.SUBMITTED,
    ApplicationState.NOMINATED,
    ApplicationState.NOT_NOMINATED,
    ApplicationState.ACCEPTED,
    ApplicationState.DECLINED,
    ApplicationState.WITHDRAWN,
]


@dataclass
class MobilityReport:
    opportunities_created: int = 0
    applications_created: int = 0


def _coordinator(institution: Institution) -> Person | None:
    return Person.objects.filter(email=f"coordinator1.{institution.slug}@campus.test").first()


def _courses(institution: Institution, *, least: int = 1) -> list[Course]:
    """The host's published courses with at least ``least`` ECTS, the first two by code."""
    found = Course.objects.filter(hosts=institution, published=True, ects__gte=least)
    return list(found.order_by("code")[: 2 if least < 3 else 1])


def _opportunity(host, kind, by, today) -> tuple[Opportunity, bool]:
    pattern, start, length, before, places, level = KINDS[kind]
    title = pattern.format(city=host.city, name=host.short_name)
    found = Opportunity.objects.filter(host=host, title=title).first()
    if found:
        return found, False
    starts = today + datetime.timedelta(days=start)
    ends = starts + datetime.timedelta(days=length)
    courses = (
        []
        if kind == OpportunityKind.STAFF
        else _courses(host, least=3 if kind == OpportunityKind.BLENDED else 1)
    )
    extra = {}
    if kind == OpportunityKind.BLENDED:
        extra = {
            "physical_starts_on": ends - datetime.timedelta(days=7),
            "physical_ends_on": ends - datetime.timedelta(days=2),
            "virtual_component": "Four weekly online workshops before the week on site.",
        }
    return (
        services.opportunity_create(
            by=by,
            host=host,
            kind=kind,
            title=title,
            description=f"{title}: study with students of the HEROES partners at {host.name}.",
            starts_on=starts,
            ends_on=ends,
            application_deadline=starts - datetime.timedelta(days=before),
            places=places,
            language="en",
            language_level=level,
            eqf_levels=[] if kind == OpportunityKind.STAFF else [6, 7],
            courses=courses,
            isced_fields=sorted({c.isced_field for c in courses})[:3],
            **extra,
        ),
        True,
    )


def _english(person: Person) -> str:
    level = (
        PersonLanguage.objects.filter(person=person, language="en")
        .values_list("level", flat=True)
        .first()
    )
    return level or "B2"


def _apply(person, opportunity, *, today=None) -> tuple[Application, bool]:
    found = Application.objects.filter(person=person, opportunity=opportunity).first()
    if found:
        return found, False
    return (
        services.application_submit(
            person=person,
            opportunity=opportunity,
            motivation=(
                f"I would like to join “{opportunity.title}” to study what my home "
                "institution does not teach and to work with students of other countries."
            ),
            language="en",
            language_level=_english(person),
            today=today,
        ),
        True,
    )


def _sign(agreement, by, role) -> None:
    version = agreement.versions.order_by("-number").first()
    if version is not None and not version.signatures.filter(role=role).exists():
        services.agreement_sign(
            agreement=agreement, by=by, version_number=version.number, role=role
        )


def _bring_to(application, state, *, home_coordinator, host_coordinator, sign: bool) -> None:
    """Take a submitted application on to ``state`` as its coordinators decide."""
    if state == ApplicationState.WITHDRAWN:
        services.application_withdraw(application=application, by=application.person)
        return
    if state == ApplicationState.NOT_NOMINATED:
        services.application_nominate(
            application=application,
            by=home_coordinator,
            nominate=False,
            reason="Another student of the same programme was nominated first.",
        )
        return
    if state == ApplicationState.SUBMITTED:
        return
    services.application_nominate(application=application, by=home_coordinator)
    if state == ApplicationState.DECLINED:
        services.application_decide(
            application=application,
            by=host_coordinator,
            accept=False,
            reason="The courses asked for are full this term.",
        )
    elif state == ApplicationState.ACCEPTED:
        services.application_decide(application=application, by=host_coordinator, accept=True)
        agreement = LearningAgreement.objects.get(application=application)
        if sign:
            _sign(agreement, application.person, "student")
            _sign(agreement, home_coordinator, "sending")
            _sign(agreement, host_coordinator, "receiving")


def seed_mobility(*, stdout=None) -> MobilityReport:
    """Add the demo mobility (after the alliance, people and catalogue); adds nothing twice."""
    started = time.perf_counter()
    report = MobilityReport()
    today = timezone.localdate()
    institutions = list(Institution.objects.order_by("pk"))
    coordinators = {i.pk: _coordinator(i) for i in institutions}
    if len(institutions) < 2 or None in coordinators.values():
        return report
    if not Opportunity.objects.exists() and stdout:
        stdout.write("Adding mobility opportunities, applications and learning agreements…\n")
    for index, host in enumerate(institutions):
        home = institutions[(index + 1) % len(institutions)]
        with transaction.atomic():
            made = {}
            for kind in KINDS:
                made[kind], created = _opportunity(host, kind, coordinators[host.pk], today)
                report.opportunities_created += created
            for k, state in enumerate(STATES):
                student = Person.objects.filter(
                    email=f"student{k + 3}.{home.slug}@campus.test"
                ).first()
                if student is None:
                    continue
                application, created = _apply(student, made[OpportunityKind.SEMESTER])
                report.applications_created += created
                if created:
                    _bring_to(
                        application,
                        state,
                        home_coordinator=coordinators[home.pk],
                        host_coordinator=coordinators[host.pk],
                        sign=index % 2 == 0,
                    )
            staff = Person.objects.filter(email=f"lecturer1.{home.slug}@campus.test").first()
            if staff is not None:
                report.applications_created += _apply(staff, made[OpportunityKind.STAFF])[1]
    first, second = institutions[0], institutions[1]
    with transaction.atomic():
        report.applications_created += _seed_student_bip(first, second, coordinators)
    with transaction.atomic():
        report.applications_created += _seed_recognised(first, second, coordinators, today)
    with transaction.atomic():
        _seed_travel()
    _students_details()
    if stdout and report.opportunities_created:
        stdout.write(
            f"Mobility: {report.opportunities_created} opportunities, "
            f"{report.applications_created} applications "
            f"({time.perf_counter() - started:.1f} s).\n"
        )
    return report


# The ways the first semester exchanges travel, in the order of their agreements.
DECLARED_TRAVEL = ("train", "bus")


def _seed_travel() -> None:
    """The first semester exchanges declare a green way of travelling, each by its student;
    one already declared (by the demo or by hand since) is left as it is."""
    agreements = LearningAgreement.objects.filter(
        opportunity__kind=OpportunityKind.SEMESTER, completed_at__isnull=True
    ).order_by("pk")[: len(DECLARED_TRAVEL)]
    for agreement, mode in zip(agreements, DECLARED_TRAVEL, strict=False):
        if not agreement.travel_mode:
            services.declare_travel(agreement, mode=mode, by=agreement.student)


def _students_details() -> None:
    """What EWP asks of a student beyond the account, for the demo's agreements that lack it:
    a birth date (made up, from the account), citizenship (the home country) and gender "0"
    (ISO 5218: not known)."""
    for agreement in LearningAgreement.objects.filter(
        student_birth_date__isnull=True
    ).select_related("sending"):
        LearningAgreement.objects.filter(pk=agreement.pk).update(
            student_birth_date=datetime.date(
                1998 + agreement.student_id % 8,
                1 + agreement.student_id % 12,
                1 + agreement.student_id % 28,
            ),
            student_citizenship=agreement.student_citizenship or agreement.sending.country,
            student_gender=agreement.student_gender or "0",
        )


def _seed_student_bip(first, second, coordinators) -> int:
    """student@campus.test's blended intensive programme at the second partner: signed by the
    student and the sending coordinator, awaiting the receiving coordinator."""
    student = Person.objects.filter(email=STUDENT).first()
    sending = Person.objects.filter(email=COORDINATOR).first() or coordinators[first.pk]
    bip = Opportunity.objects.filter(host=second, kind=OpportunityKind.BLENDED).first()
    if student is None or bip is None:
        return 0
    application, created = _apply(student, bip)
    if not created:
        return 0
    services.application_nominate(application=application, by=sending)
    services.application_decide(application=application, by=coordinators[second.pk], accept=True)
    agreement = LearningAgreement.objects.get(application=application)
    _sign(agreement, student, "student")
    _sign(agreement, sending, "sending")
    return 1


def _seed_recognised(first, second, coordinators, today) -> int:
    """A past short-term mobility of the first partner's student1 at the second partner: all
    signed, the host's result recorded in the catalogue, recognised at home."""
    student = Person.objects.filter(email=f"student1.{first.slug}@campus.test").first()
    sending = Person.objects.filter(email=COORDINATOR).first() or coordinators[first.pk]
    receiving = coordinators[second.pk]
    title = PAST_TITLE.format(city=second.city)
    course = (
        Course.objects.filter(hosts=second, published=True, ects__gt=0).order_by("code").first()
    )
    if student is None or course is None:
        return 0
    if Opportunity.objects.filter(host=second, title=title).exists():
        return 0
    # The catalogue closes its past runs; the field school's run stays open for its result.
    starts = today - datetime.timedelta(days=200)
    run = catalog_services.run_create(
        course=course,
        by=receiving,
        label=f"Summer field school {starts:%Y}",
        starts_on=starts,
        ends_on=starts + datetime.timedelta(days=14),
        enrolment_opens=starts - datetime.timedelta(days=60),
        enrolment_closes=starts - datetime.timedelta(days=10),
        capacity=10,
        location=second.city,
    )
    deadline = run.starts_on - datetime.timedelta(days=30)
    past = services.opportunity_create(
        by=receiving,
        host=second,
        kind=OpportunityKind.SHORT_TERM,
        title=title,
        description="Last year's field school, with a course of the joint catalogue.",
        starts_on=run.starts_on,
        ends_on=run.ends_on,
        application_deadline=deadline,
        places=10,
        courses=[run.course],
    )
    application, _created = _apply(student, past, today=deadline - datetime.timedelta(days=5))
    services.application_nominate(application=application, by=sending)
    services.application_decide(application=application, by=receiving, accept=True)
    agreement = LearningAgreement.objects.get(application=application)
    for by, role in ((student, "student"), (sending, "sending"), (receiving, "receiving")):
        _sign(agreement, by, role)
    enrolment = catalog_services.enrolment_admit(run=run, person=student, by=receiving)
    if enrolment.status != EnrolmentStatus.COMPLETED:
        catalog_services.result_record(
            enrolment=Enrolment.objects.get(pk=enrolment.pk),
            by=receiving,
            ects_grade="B",
            local_grade="16/20",
            result_date=run.ends_on,
        )
    services.agreement_recognise(
        agreement=agreement, by=sending, note="All components passed at the host."
    )
    return 1
