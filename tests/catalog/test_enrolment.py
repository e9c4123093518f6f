"""Enrolment rules: window, audience, prerequisites, capacity, waiting list, withdrawal."""

import datetime
import threading

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection

from campus.catalog import selectors, services
from campus.catalog.models import Enrolment, EnrolmentStatus
from campus.people.models import Role
from tests.factories import CourseFactory, InstitutionFactory, PersonFactory, RunFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def home():
    return InstitutionFactory()


@pytest.fixture
def student(home):
    return PersonFactory(institution=home, roles=[Role.STUDENT])


@pytest.fixture
def learner():
    return PersonFactory(institution=None, roles=[Role.LIFELONG_LEARNER])


def test_a_student_enrols_in_an_open_run(student):
    run = RunFactory()
    enrolment = services.enrol(run=run, person=student, by=student)
    assert enrolment.status == EnrolmentStatus.ENROLLED
    assert selectors.places_left(run) == run.capacity - 1


def test_enrolling_twice_is_refused_and_keeps_one_enrolment(student):
    run = RunFactory()
    services.enrol(run=run, person=student, by=student)
    with pytest.raises(ValidationError, match="enrolled in this run already"):
        services.enrol(run=run, person=student, by=student)
    assert Enrolment.objects.filter(run=run, person=student).count() == 1


@pytest.mark.parametrize(
    ("opens", "closes", "message"),
    [(5, 10, "Enrolment opens on"), (-20, -1, "Enrolment closed on")],
)
def test_enrolment_outside_the_window_is_refused(student, opens, closes, message):
    today = datetime.date(2027, 3, 1)
    run = RunFactory(
        enrolment_opens=today + datetime.timedelta(days=opens),
        enrolment_closes=today + datetime.timedelta(days=closes),
        starts_on=today + datetime.timedelta(days=30),
        ends_on=today + datetime.timedelta(days=60),
    )
    with pytest.raises(ValidationError, match=message):
        services.enrol(run=run, person=student, by=student, today=today)
    assert not Enrolment.objects.exists()


def test_a_missing_prerequisite_is_named(student):
    basics = CourseFactory(code="GRN-101", title="Green basics")
    run = RunFactory(course=CourseFactory(code="GRN-201"))
    run.course.prerequisites.add(basics)
    with pytest.raises(ValidationError, match="GRN-101 Green basics"):
        services.enrol(run=run, person=student, by=student)
    assert not Enrolment.objects.exists()


def test_a_completed_prerequisite_opens_the_way(student, home):
    basics_run = RunFactory(course=CourseFactory(code="GRN-101"))
    lecturer = PersonFactory(institution=home, roles=[Role.LECTURER])
    basics_run.teachers.add(lecturer)
    services.result_record(
        enrolment=services.enrol(run=basics_run, person=student, by=student),
        by=lecturer,
        ects_grade="B",
    )
    run = RunFactory(course=CourseFactory(code="GRN-201"))
    run.course.prerequisites.add(basics_run.course)
    assert services.enrol(run=run, person=student, by=student).status == EnrolmentStatus.ENROLLED


def test_an_external_learner_cannot_take_a_course_for_degree_students(learner):
    run = RunFactory(course=CourseFactory(audience=["students"]))
    with pytest.raises(ValidationError, match="degree students"):
        services.enrol(run=run, person=learner, by=learner)


def test_an_external_learner_takes_a_course_for_professionals(learner):
    run = RunFactory(course=CourseFactory(audience=["professionals"], type="flexible"))
    assert services.enrol(run=run, person=learner, by=learner).status == EnrolmentStatus.ENROLLED


def test_a_full_run_puts_people_on_the_waiting_list_in_order(home):
    run = RunFactory(capacity=2)
    people = [PersonFactory(institution=home, roles=[Role.STUDENT]) for _ in range(4)]
    statuses = [services.enrol(run=run, person=p, by=p).status for p in people]
    assert statuses == ["enrolled", "enrolled", "waitlisted", "waitlisted"]


def test_a_full_run_without_waiting_list_is_refused(home):
    run = RunFactory(capacity=1, waitlist=False)
    first, second = (PersonFactory(institution=home, roles=[Role.STUDENT]) for _ in range(2))
    services.enrol(run=run, person=first, by=first)
    with pytest.raises(ValidationError, match="full"):
        services.enrol(run=run, person=second, by=second)
    assert run.enrolments.count() == 1


def test_a_freed_place_goes_to_the_first_on_the_waiting_list(home):
    run = RunFactory(capacity=1)
    first, second, third = (PersonFactory(institution=home, roles=[Role.STUDENT]) for _ in range(3))
    taken = services.enrol(run=run, person=first, by=first)
    services.enrol(run=run, person=second, by=second)
    services.enrol(run=run, person=third, by=third)
    services.enrolment_withdraw(enrolment=taken, by=first)
    status = dict(run.enrolments.values_list("person_id", "status"))
    assert status == {first.pk: "withdrawn", second.pk: "enrolled", third.pk: "waitlisted"}


def test_more_places_promote_the_waiting_list(home):
    run = RunFactory(capacity=1)
    coordinator = PersonFactory(institution=run.course.hosts.first(), roles=[Role.COORDINATOR])
    first, second = (PersonFactory(institution=home, roles=[Role.STUDENT]) for _ in range(2))
    services.enrol(run=run, person=first, by=first)
    services.enrol(run=run, person=second, by=second)
    services.run_update(run=run, by=coordinator, capacity=2)
    assert run.enrolments.get(person=second).status == EnrolmentStatus.ENROLLED


def test_nobody_withdraws_someone_else(student, home):
    run = RunFactory()
    enrolment = services.enrol(run=run, person=student, by=student)
    other = PersonFactory(institution=home, roles=[Role.STUDENT])
    with pytest.raises(PermissionDenied):
        services.enrolment_withdraw(enrolment=enrolment, by=other)
    assert Enrolment.objects.get(pk=enrolment.pk).status == EnrolmentStatus.ENROLLED


def test_another_run_of_the_same_course_at_the_same_time_is_refused(student):
    course = CourseFactory()
    services.enrol(run=RunFactory(course=course, label="Autumn"), person=student, by=student)
    with pytest.raises(ValidationError, match="another run of this course"):
        services.enrol(run=RunFactory(course=course), person=student, by=student)


def test_overlapping_onsite_runs_at_different_places_are_refused(student):
    first = RunFactory(course=CourseFactory(mode="onsite"), location="Geel")
    services.enrol(run=first, person=student, by=student)
    with pytest.raises(ValidationError, match="overlaps"):
        services.enrol(
            run=RunFactory(course=CourseFactory(mode="onsite"), location="Brno"),
            person=student,
            by=student,
        )


def test_people_enrol_only_themselves(student, home):
    other = PersonFactory(institution=home, roles=[Role.STUDENT])
    with pytest.raises(ValidationError):
        services.enrol(run=RunFactory(), person=other, by=student)


# --- results ---


@pytest.fixture
def taught_run(home):
    run = RunFactory()
    lecturer = PersonFactory(institution=home, roles=[Role.LECTURER])
    run.teachers.add(lecturer)
    return run, lecturer


def test_a_passing_grade_completes_the_course_with_its_credits(taught_run, student):
    run, lecturer = taught_run
    enrolment = services.enrol(run=run, person=student, by=student)
    result = services.result_record(
        enrolment=enrolment, by=lecturer, ects_grade="b", local_grade="15/20"
    )
    assert result.status == EnrolmentStatus.COMPLETED
    assert result.ects_grade == "B"
    assert result.ects_earned == run.course.ects
    assert result.assessor == lecturer


def test_a_failing_grade_earns_nothing(taught_run, student):
    run, lecturer = taught_run
    enrolment = services.enrol(run=run, person=student, by=student)
    result = services.result_record(enrolment=enrolment, by=lecturer, ects_grade="FX")
    assert result.status == EnrolmentStatus.FAILED
    assert result.ects_earned == 0


@pytest.mark.parametrize(
    ("grade", "earned", "message"),
    [
        ("G", None, "ECTS grade"),
        ("A", "-3", "at least"),
        ("A", "abc", "not a number"),
        ("A", "99", "at most"),
    ],
)
def test_results_out_of_scale_are_refused(taught_run, student, grade, earned, message):
    run, lecturer = taught_run
    enrolment = services.enrol(run=run, person=student, by=student)
    with pytest.raises(ValidationError, match=message):
        services.result_record(
            enrolment=enrolment, by=lecturer, ects_grade=grade, ects_earned=earned
        )
    enrolment.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.ENROLLED
    assert enrolment.ects_grade == ""


def test_only_the_runs_teachers_record_results(taught_run, student, home):
    run, _lecturer = taught_run
    enrolment = services.enrol(run=run, person=student, by=student)
    other_lecturer = PersonFactory(institution=home, roles=[Role.LECTURER])
    with pytest.raises(PermissionDenied):
        services.result_record(enrolment=enrolment, by=other_lecturer, ects_grade="A")
    with pytest.raises(PermissionDenied):
        services.result_record(enrolment=enrolment, by=student, ects_grade="A")


def test_a_run_closes_only_when_everyone_has_a_result(taught_run, student, home):
    run, lecturer = taught_run
    enrolment = services.enrol(run=run, person=student, by=student)
    with pytest.raises(ValidationError, match="no result yet"):
        services.run_close(run=run, by=lecturer)
    services.result_record(enrolment=enrolment, by=lecturer, ects_grade="C")
    services.run_close(run=run, by=lecturer)
    run.refresh_from_db()
    assert run.closed_at is not None
    with pytest.raises(ValidationError, match="closed"):
        services.result_record(enrolment=enrolment, by=lecturer, ects_grade="A")


# --- the race ---


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks under real concurrency: PostgreSQL"
)
def test_concurrent_enrolments_never_overfill_a_run():
    """40 people press 'enrol' at once for 10 places: 10 get in, 30 wait in order, all answered."""
    from django.db import connections

    home = InstitutionFactory()
    run = RunFactory(capacity=10)
    people = [PersonFactory(institution=home, roles=[Role.STUDENT]) for _ in range(40)]
    barrier = threading.Barrier(len(people))
    answers, errors = {}, []

    def press(person):
        try:
            barrier.wait()
            answers[person.pk] = services.enrol(run=run, person=person, by=person).status
        except Exception as exc:  # noqa: BLE001 (every request must be answered; record what went wrong)
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=press, args=(p,)) for p in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert len(answers) == 40
    assert list(answers.values()).count("enrolled") == 10
    assert run.enrolments.filter(status="enrolled").count() == 10
    waiting = list(run.enrolments.filter(status="waitlisted").order_by("queued_at", "pk"))
    assert len(waiting) == 30
    assert [e.queued_at for e in waiting] == sorted(e.queued_at for e in waiting)


def test_an_assessor_admits_a_person_to_a_full_run_outside_its_window(student, home):
    """A challenge team is the admission: window and capacity are for open enrolment only."""
    run = RunFactory(
        capacity=1,
        enrolment_opens=datetime.date(2020, 1, 1),
        enrolment_closes=datetime.date(2020, 1, 2),
    )
    lecturer = PersonFactory(institution=home, roles=[Role.LECTURER])
    run.teachers.add(lecturer)
    Enrolment.objects.create(run=run, person=PersonFactory(), status=EnrolmentStatus.ENROLLED)
    enrolment = services.enrolment_admit(run=run, person=student, by=lecturer)
    assert enrolment.status == EnrolmentStatus.ENROLLED
    assert run.enrolments.filter(status=EnrolmentStatus.ENROLLED).count() == 2


def test_admitting_a_withdrawn_person_enrols_them_again_and_keeps_a_result(student, home):
    run = RunFactory()
    lecturer = PersonFactory(institution=home, roles=[Role.LECTURER])
    run.teachers.add(lecturer)
    withdrawn = services.enrolment_withdraw(
        enrolment=services.enrol(run=run, person=student, by=student), by=student
    )
    assert services.enrolment_admit(run=run, person=student, by=lecturer).pk == withdrawn.pk
    services.result_record(
        enrolment=Enrolment.objects.get(pk=withdrawn.pk), by=lecturer, ects_grade="B"
    )
    again = services.enrolment_admit(run=run, person=student, by=lecturer)
    assert (again.status, again.ects_grade) == (EnrolmentStatus.COMPLETED, "B")
    assert Enrolment.objects.filter(run=run, person=student).count() == 1


def test_only_who_may_assess_the_run_admits(student):
    run = RunFactory()
    with pytest.raises(PermissionDenied):
        services.enrolment_admit(run=run, person=student, by=student)
    assert not Enrolment.objects.exists()
