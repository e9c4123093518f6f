import pytest


@pytest.fixture(autouse=True)
def _fresh_key_cache():
    """Each test makes new issuer keys under the same DIDs: resolve them afresh."""
    from campus.credentials.verification import forget_keys

    forget_keys()
    yield
    forget_keys()


@pytest.fixture
def campus_setup(db):
    """A course of one institution taught by a lecturer, with an enrolled student."""
    from campus.catalog import services as catalog
    from campus.people.models import Role
    from tests.factories import (
        CourseFactory,
        InstitutionFactory,
        PersonFactory,
        RunFactory,
        SkillFactory,
    )

    home = InstitutionFactory(country="BE", slug="thomas-more-test", name="Thomas More Test")
    other = InstitutionFactory(country="FI", slug="tamk-test", name="TAMK Test")
    course = CourseFactory(hosts=[home, other], title="Climate adaptation", ects=5)
    outcome = course.outcomes.create(text="Map climate risks of a municipality.", position=1)
    outcome.skills.set([SkillFactory(label="climate risk analysis")])
    run = RunFactory(course=course)
    lecturer = PersonFactory(institution=home, roles=[Role.LECTURER])
    run.teachers.add(lecturer)
    student = PersonFactory(institution=other, roles=[Role.STUDENT], display_name="Sam Student")
    coordinator = PersonFactory(institution=home, roles=[Role.COORDINATOR])
    enrolment = catalog.enrol(run=run, person=student, by=student)

    class Setup:
        pass

    setup = Setup()
    setup.__dict__.update(
        home=home, other=other, course=course, run=run, lecturer=lecturer,
        student=student, coordinator=coordinator, enrolment=enrolment,
    )  # fmt: skip
    return setup


@pytest.fixture
def passed(campus_setup):
    """The student passed: the result issued their credential."""
    from campus.catalog import services as catalog
    from campus.credentials.models import Credential

    catalog.result_record(
        enrolment=campus_setup.enrolment, by=campus_setup.lecturer, ects_grade="B"
    )
    campus_setup.credential = Credential.objects.get(person=campus_setup.student)
    return campus_setup
