"""A small alliance for the mobility tests: a home institution (Geel), a host (Porto) and a
third partner (Kaunas), with their coordinators, a student at home and a host course with a
run the student can take."""

import datetime

import pytest
from django.utils import timezone

from campus.alliance.models import Institution
from campus.catalog.models import Enrolment, EnrolmentStatus
from campus.mobility import services
from campus.mobility.models import LearningAgreement, Opportunity, OpportunityKind
from campus.people.models import AffiliationState, Role
from tests.factories import (
    AffiliationFactory,
    CourseFactory,
    InstitutionFactory,
    PersonFactory,
    RunFactory,
)


def today():
    return timezone.localdate()


@pytest.fixture
def geel():
    return InstitutionFactory(code="B  GEEL07", short_name="Thomas More", schac="thomasmore.be")


@pytest.fixture
def porto():
    return InstitutionFactory(
        code="P  PORTO05", short_name="P.Porto", country="PT", schac="ipp.pt", city="Porto"
    )


@pytest.fixture
def kaunas():
    return InstitutionFactory(code="LT KAUNAS03", short_name="Kaunas", country="LT")


@pytest.fixture
def home_coordinator(geel):
    return PersonFactory(institution=geel, roles=[Role.COORDINATOR], display_name="Hanne Home")


@pytest.fixture
def host_coordinator(porto):
    return PersonFactory(institution=porto, roles=[Role.COORDINATOR], display_name="Hugo Host")


@pytest.fixture
def third_coordinator(kaunas):
    return PersonFactory(institution=kaunas, roles=[Role.COORDINATOR], display_name="Tom Third")


@pytest.fixture
def requested_coordinator(porto):
    """Declared a coordinator of the host, never granted."""
    someone = PersonFactory(institution=porto, display_name="Rita Requested")
    AffiliationFactory(
        person=someone, role=Role.COORDINATOR, institution=porto, state=AffiliationState.REQUESTED
    )
    someone.forget_affiliations()
    return someone


@pytest.fixture
def student(geel):
    return PersonFactory(
        institution=geel, roles=[Role.STUDENT], display_name="Sara Student", email="sara@x.test"
    )


@pytest.fixture
def other_student(geel):
    return PersonFactory(institution=geel, roles=[Role.STUDENT], display_name="Olaf Other")


@pytest.fixture
def admin():
    return PersonFactory(roles=[Role.ADMIN])


@pytest.fixture
def host_course(porto):
    return CourseFactory(code="PP-GREEN", title="Green logistics", ects=5, hosts=[porto])


@pytest.fixture
def host_run(host_course):
    return RunFactory(course=host_course, label="Spring")


@pytest.fixture
def opportunity(porto, host_coordinator, host_course):
    start = today() + datetime.timedelta(days=60)
    return services.opportunity_create(
        by=host_coordinator,
        host=porto,
        kind=OpportunityKind.SEMESTER,
        title="Semester in Porto",
        starts_on=start,
        ends_on=start + datetime.timedelta(days=120),
        application_deadline=start - datetime.timedelta(days=20),
        places=2,
        language="en",
        language_level="B2",
        eqf_levels=[6, 7],
        isced_fields=["0413"],
        courses=[host_course],
    )


@pytest.fixture
def application(opportunity, student):
    return services.application_submit(
        person=student,
        opportunity=opportunity,
        motivation="I want to learn green logistics.",
        language="en",
        language_level="C1",
    )


@pytest.fixture
def nominated(application, home_coordinator):
    return services.application_nominate(application=application, by=home_coordinator)


@pytest.fixture
def agreement(nominated, host_coordinator):
    accepted = services.application_decide(application=nominated, by=host_coordinator, accept=True)
    return accepted.learning_agreement


def sign_all(agreement, *, student, home_coordinator, host_coordinator, number=None):
    number = number or agreement.versions.order_by("-number").first().number
    for by, role in (
        (student, "student"),
        (home_coordinator, "sending"),
        (host_coordinator, "receiving"),
    ):
        services.agreement_sign(agreement=agreement, by=by, version_number=number, role=role)


def complete(run, person, *, grade="B"):
    """The host recorded a passing result of ``person`` in ``run``."""
    return Enrolment.objects.create(
        run=run,
        person=person,
        status=EnrolmentStatus.COMPLETED,
        ects_grade=grade,
        local_grade="15",
        ects_earned=run.course.ects,
        result_date=today(),
    )


GEEL, PORTO, KAUNAS = (51.16, 4.99), (41.15, -8.61), (54.90, 23.89)


@pytest.fixture
def porto_where_it_is(porto):
    """Porto where it is (the factory puts every institution in Geel)."""
    Institution.objects.filter(pk=porto.pk).update(city="Porto", lat=PORTO[0], lon=PORTO[1])
    porto.refresh_from_db()


def make_agreement(student, sending, receiving, *, kind=OpportunityKind.SEMESTER, mode=""):
    """An agreement written straight to the database: the data the totals count."""
    start = today() + datetime.timedelta(days=30)
    opportunity = (
        Opportunity.objects.create(
            kind=kind,
            title=f"{kind} at {receiving.short_name}",
            host=receiving,
            starts_on=start,
            ends_on=start + datetime.timedelta(days=20),
            places=5,
            application_deadline=start - datetime.timedelta(days=10),
        )
        if kind
        else None
    )
    return LearningAgreement.objects.create(
        opportunity=opportunity,
        student=student,
        student_given_names=student.display_name,
        student_email=student.email,
        sending=sending,
        receiving=receiving,
        starts_on=start,
        ends_on=start + datetime.timedelta(days=20),
        language="en",
        language_level="B2",
        travel_mode=mode,
    )
