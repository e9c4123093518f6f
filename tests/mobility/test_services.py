"""The mobility services and their rules: applying, selection, versions and signatures,
recognition. Each refusal leaves the data as it was."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from campus.catalog.models import RecognisedCredit
from campus.catalog.selectors import transcript_of
from campus.mobility import services
from campus.mobility.models import (
    Application,
    ApplicationState,
    ComponentTable,
    LearningAgreement,
    LearningAgreementVersion,
    MobilityEvent,
    OpportunityKind,
    Signature,
    VersionKind,
    VersionStatus,
)
from campus.people.models import AffiliationState, Role
from tests.factories import AffiliationFactory, CourseFactory, PersonFactory

from .conftest import complete, sign_all, today

pytestmark = pytest.mark.django_db


def components(course, *, studied="5", recognised="5", table="A"):
    return [
        {
            "table": table,
            "code": course.code,
            "title": course.title,
            "ects": studied,
            "course": course.pk,
        },
        {
            "table": "B",
            "code": "TM-LOG",
            "title": "Logistics (home)",
            "ects": recognised,
            "course": course.pk,
        },
    ]


def propose(agreement, by, components, *, based_on=1, comment=""):
    return services.agreement_propose(
        agreement=agreement, by=by, based_on=based_on, comment=comment, components=components
    )


# --- applying and selection ----------------------------------------------------------------


def test_a_student_applies_with_motivation_and_language_evidence(application, student, geel):
    assert application.state == ApplicationState.SUBMITTED
    assert application.home == geel
    assert application.language_level == "C1"
    assert MobilityEvent.objects.filter(application=application).exists()


def test_a_language_level_below_the_requirement_is_refused(opportunity, student):
    with pytest.raises(ValidationError) as error:
        services.application_submit(
            person=student,
            opportunity=opportunity,
            motivation="Please.",
            language="en",
            language_level="B1",
        )
    assert "at least B2" in str(error.value)
    assert not Application.objects.exists()


def test_applying_after_the_deadline_at_ones_own_institution_or_twice_is_refused(
    opportunity, student, home_coordinator, geel
):
    kwargs = {"motivation": "Please.", "language": "en", "language_level": "C1"}
    late = opportunity.application_deadline + datetime.timedelta(days=1)
    with pytest.raises(ValidationError, match="closed"):
        services.application_submit(person=student, opportunity=opportunity, today=late, **kwargs)
    services.application_submit(person=student, opportunity=opportunity, **kwargs)
    with pytest.raises(ValidationError, match="already applied"):
        services.application_submit(person=student, opportunity=opportunity, **kwargs)
    at_home = PersonFactory(institution=opportunity.host, roles=[Role.STUDENT])
    with pytest.raises(ValidationError, match="your own institution"):
        services.application_submit(person=at_home, opportunity=opportunity, **kwargs)
    assert Application.objects.count() == 1


def test_a_student_affiliation_only_requested_cannot_apply(opportunity, geel):
    declared = PersonFactory(institution=geel)
    AffiliationFactory(
        person=declared, role=Role.STUDENT, institution=geel, state=AffiliationState.REQUESTED
    )
    declared.forget_affiliations()
    with pytest.raises(PermissionDenied):
        services.application_submit(
            person=declared,
            opportunity=opportunity,
            motivation="Hi",
            language="en",
            language_level="C2",
        )


def test_only_the_home_coordinator_nominates(application, host_coordinator, third_coordinator):
    for someone in (host_coordinator, third_coordinator):
        with pytest.raises(PermissionDenied, match="home institution"):
            services.application_nominate(application=application, by=someone)
    application.refresh_from_db()
    assert application.state == ApplicationState.SUBMITTED


def test_not_nominating_needs_a_reason(application, home_coordinator):
    with pytest.raises(ValidationError):
        services.application_nominate(application=application, by=home_coordinator, nominate=False)
    services.application_nominate(
        application=application, by=home_coordinator, nominate=False, reason="Grades too low."
    )
    application.refresh_from_db()
    assert application.state == ApplicationState.NOT_NOMINATED
    assert application.nomination_reason == "Grades too low."


def test_only_the_host_coordinator_accepts_a_nominated_application(
    application, nominated, home_coordinator, third_coordinator, requested_coordinator
):
    for someone in (home_coordinator, third_coordinator, requested_coordinator):
        with pytest.raises(PermissionDenied, match="host institution"):
            services.application_decide(application=nominated, by=someone, accept=True)
    assert not LearningAgreement.objects.exists()


def test_the_host_declines_with_reasons(nominated, host_coordinator):
    with pytest.raises(ValidationError):
        services.application_decide(application=nominated, by=host_coordinator, accept=False)
    services.application_decide(
        application=nominated, by=host_coordinator, accept=False, reason="No places left."
    )
    nominated.refresh_from_db()
    assert nominated.state == ApplicationState.DECLINED
    assert nominated.decision_reason == "No places left."
    assert not LearningAgreement.objects.exists()


def test_accepting_makes_the_learning_agreement_with_a_first_version(
    agreement, student, geel, porto, host_course
):
    assert agreement.student == student
    assert (agreement.sending, agreement.receiving) == (geel, porto)
    assert agreement.language_level == "C1"
    version = agreement.versions.get()
    assert (version.number, version.kind, version.status) == (1, VersionKind.FIRST, "pending")
    tables = {(c.table, c.ects) for c in version.components.all()}
    assert tables == {("A", Decimal("5.0")), ("B", Decimal("5.0"))}


def test_dates_outside_the_opportunity_are_refused(nominated, host_coordinator, opportunity):
    with pytest.raises(ValidationError, match="within the opportunity"):
        services.application_decide(
            application=nominated,
            by=host_coordinator,
            accept=True,
            starts_on=opportunity.starts_on - datetime.timedelta(days=1),
        )
    nominated.refresh_from_db()
    assert nominated.state == ApplicationState.NOMINATED
    assert not LearningAgreement.objects.exists()


# --- the rules of a version ------------------------------------------------------------------


def test_recognised_ects_must_cover_the_studied_ects(agreement, student, host_course):
    with pytest.raises(ValidationError, match=r"\(4 ECTS\) must cover .* \(5 ECTS\)"):
        propose(agreement, student, components(host_course, recognised="4"), comment="Less at home")
    assert agreement.versions.count() == 1


def test_each_table_needs_credits(agreement, student, host_course):
    only_a = components(host_course)[:1]
    with pytest.raises(ValidationError, match="table B"):
        services.agreement_propose(
            agreement=agreement, by=student, based_on=1, comment="x", components=only_a
        )
    with pytest.raises(ValidationError, match="more than 0"):
        propose(agreement, student, components(host_course, studied="0"), comment="x")
    with pytest.raises(ValidationError, match="Component 1"):
        propose(agreement, student, [{"table": "Z", "title": "?", "ects": 1}], comment="x")


def test_a_course_not_taught_by_the_host_is_refused(agreement, student, geel):
    elsewhere = CourseFactory(hosts=[geel])
    with pytest.raises(ValidationError, match="not taught by the receiving institution"):
        propose(agreement, student, components(elsewhere), comment="x")


def test_a_blended_intensive_programme_carries_at_least_3_ects(
    porto, host_coordinator, student, home_coordinator
):
    start = today() + datetime.timedelta(days=40)
    course = CourseFactory(hosts=[porto], ects=2)
    bip = services.opportunity_create(
        by=host_coordinator,
        host=porto,
        kind=OpportunityKind.BLENDED,
        title="BIP water",
        starts_on=start,
        ends_on=start + datetime.timedelta(days=30),
        physical_starts_on=start + datetime.timedelta(days=20),
        physical_ends_on=start + datetime.timedelta(days=25),
        virtual_component="Four online sessions",
        application_deadline=start,
        places=20,
        courses=[course],
    )
    application = services.application_submit(
        person=student, opportunity=bip, motivation="Water!", language="en", language_level="B1"
    )
    services.application_nominate(application=application, by=home_coordinator)
    services.application_decide(application=application, by=host_coordinator, accept=True)
    agreement = LearningAgreement.objects.get(application=application)
    assert not agreement.versions.exists()  # the linked 2 ECTS are not enough for a first version
    with pytest.raises(ValidationError, match="at least 3 ECTS"):
        propose(
            agreement,
            student,
            components(course, studied="2", recognised="2", table="D"),
            based_on=0,
        )
    version = propose(
        agreement, student, components(course, studied="3", recognised="3", table="D"), based_on=0
    )
    assert version.number == 1


def test_a_blended_programme_needs_its_physical_phase_inside_its_dates(porto, host_coordinator):
    start = today() + datetime.timedelta(days=40)
    with pytest.raises(ValidationError, match="physical phase"):
        services.opportunity_create(
            by=host_coordinator,
            host=porto,
            kind=OpportunityKind.BLENDED,
            title="BIP",
            starts_on=start,
            ends_on=start + datetime.timedelta(days=10),
            physical_starts_on=start + datetime.timedelta(days=8),
            physical_ends_on=start + datetime.timedelta(days=12),
            virtual_component="Online",
            application_deadline=start,
            places=5,
        )


def test_a_coordinator_publishes_opportunities_for_their_own_institution_only(
    porto, third_coordinator, requested_coordinator
):
    start = today() + datetime.timedelta(days=40)
    for someone in (third_coordinator, requested_coordinator):
        with pytest.raises(PermissionDenied):
            services.opportunity_create(
                by=someone,
                host=porto,
                kind=OpportunityKind.VIRTUAL,
                title="Online",
                starts_on=start,
                ends_on=start,
                application_deadline=start,
                places=5,
            )


# --- signatures and versions -----------------------------------------------------------------


def test_three_signatures_approve_a_version(agreement, student, home_coordinator, host_coordinator):
    sign_all(
        agreement,
        student=student,
        home_coordinator=home_coordinator,
        host_coordinator=host_coordinator,
    )
    version = agreement.versions.get()
    assert version.status == VersionStatus.APPROVED
    assert version.approved_at is not None
    signed = {(s.role, s.person, s.email) for s in version.signatures.all()}
    assert signed == {
        ("student", student, student.email),
        ("sending", home_coordinator, home_coordinator.email),
        ("receiving", host_coordinator, host_coordinator.email),
    }
    agreement.refresh_from_db()
    assert agreement.sending_contact == home_coordinator


@pytest.mark.parametrize(
    ("who", "role"),
    [
        ("other_student", "student"),
        ("host_coordinator", "sending"),
        ("home_coordinator", "receiving"),
        ("third_coordinator", "sending"),
        ("third_coordinator", "receiving"),
        ("requested_coordinator", "receiving"),
        ("admin", "receiving"),
        ("student", "sending"),
    ],
)
def test_each_signs_only_their_own_part(request, agreement, who, role):
    with pytest.raises(PermissionDenied, match="Only"):
        services.agreement_sign(
            agreement=agreement, by=request.getfixturevalue(who), version_number=1, role=role
        )
    assert not Signature.objects.exists()


def test_signing_twice_for_one_part_is_refused(agreement, student):
    services.agreement_sign(agreement=agreement, by=student, version_number=1, role="student")
    with pytest.raises(ValidationError, match="already signed"):
        services.agreement_sign(agreement=agreement, by=student, version_number=1, role="student")
    assert Signature.objects.count() == 1


def test_a_change_after_signing_is_a_new_version_that_needs_every_signature_again(
    agreement, student, home_coordinator, host_coordinator, host_course
):
    sign_all(
        agreement,
        student=student,
        home_coordinator=home_coordinator,
        host_coordinator=host_coordinator,
    )
    second = propose(
        agreement, student, components(host_course, recognised="7"), comment="Add two ECTS at home"
    )
    assert (second.number, second.kind, second.status) == (2, VersionKind.CHANGES, "pending")
    first = agreement.versions.get(number=1)
    assert first.status == VersionStatus.APPROVED and first.signatures.count() == 3
    assert second.signatures.count() == 0
    with pytest.raises(ValidationError, match="Version 1 is no longer the current one"):
        services.agreement_sign(agreement=agreement, by=student, version_number=1, role="student")
    sign_all(
        agreement,
        student=student,
        home_coordinator=home_coordinator,
        host_coordinator=host_coordinator,
        number=2,
    )
    second.refresh_from_db()
    assert second.status == VersionStatus.APPROVED
    assert Signature.objects.count() == 6


def test_a_proposal_replaces_a_pending_version_and_keeps_it_visible(
    agreement, student, host_coordinator, host_course
):
    services.agreement_sign(agreement=agreement, by=student, version_number=1, role="student")
    propose(agreement, host_coordinator, components(host_course), comment="Term is autumn")
    first, second = agreement.versions.order_by("number")
    assert first.status == VersionStatus.SUPERSEDED
    assert first.signatures.count() == 1  # the student's signature of version 1 stays on record
    assert second.kind == VersionKind.FIRST  # nothing was approved yet


def test_a_proposal_from_an_outdated_version_is_refused(
    agreement, student, host_coordinator, host_course
):
    propose(agreement, host_coordinator, components(host_course), comment="First change")
    with pytest.raises(ValidationError, match="changed while you were editing"):
        propose(agreement, student, components(host_course, recognised="6"), comment="Mine")
    assert agreement.versions.count() == 2


def test_a_third_coordinator_cannot_propose_a_change(agreement, third_coordinator, host_course):
    with pytest.raises(PermissionDenied):
        propose(agreement, third_coordinator, components(host_course), comment="Mine")
    assert LearningAgreementVersion.objects.count() == 1


# --- recognition -----------------------------------------------------------------------------


@pytest.fixture
def approved(agreement, student, home_coordinator, host_coordinator):
    sign_all(
        agreement,
        student=student,
        home_coordinator=home_coordinator,
        host_coordinator=host_coordinator,
    )
    return agreement


def test_recognition_needs_the_hosts_results(approved, home_coordinator):
    with pytest.raises(
        ValidationError, match="No passing result from the host for: Logistics|No passing result"
    ):
        services.agreement_recognise(agreement=approved, by=home_coordinator)
    assert not RecognisedCredit.objects.exists()


def test_recognition_puts_the_credits_on_the_transcript(
    approved, home_coordinator, student, host_run, geel, porto
):
    result = complete(host_run, student, grade="B")
    recognition = services.agreement_recognise(
        agreement=approved, by=home_coordinator, note="All passed"
    )
    line = recognition.lines.get()
    assert line.enrolment == result
    assert line.component.table == ComponentTable.RECOGNISED
    transcript = transcript_of(student)
    assert [(r.title, r.ects, r.ects_grade) for r in transcript.recognised] == [
        ("Green logistics", Decimal("5.0"), "B")
    ]
    assert transcript.recognised[0].recognised_by.code == geel.code
    assert transcript.recognised[0].studied_at.code == porto.code
    assert transcript.ects_recognised == Decimal("5.0")
    approved.refresh_from_db()
    assert approved.completed_at is not None
    with pytest.raises(ValidationError, match="already recognised"):
        services.agreement_recognise(agreement=approved, by=home_coordinator)
    with pytest.raises(ValidationError, match="can no longer change"):
        services.agreement_propose(
            agreement=approved, by=student, based_on=1, comment="late", components=[]
        )


@pytest.mark.parametrize("who", ["host_coordinator", "third_coordinator", "student"])
def test_only_the_sending_coordinator_recognises(request, approved, host_run, student, who):
    complete(host_run, student)
    with pytest.raises(PermissionDenied):
        services.agreement_recognise(agreement=approved, by=request.getfixturevalue(who))
    assert not RecognisedCredit.objects.exists()


def test_recognition_waits_for_a_pending_change(
    approved, student, home_coordinator, host_course, host_run
):
    complete(host_run, student)
    propose(approved, student, components(host_course, recognised="6"), comment="Change")
    with pytest.raises(ValidationError, match="awaits signatures"):
        services.agreement_recognise(agreement=approved, by=home_coordinator)
