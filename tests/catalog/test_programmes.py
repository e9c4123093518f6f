"""Joint programmes: creating them with consistent ECTS rules, a learner's progress, the pages."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from campus.catalog import services
from campus.catalog.models import Programme, ProgrammeGroup
from campus.catalog.selectors.programmes import (
    COMPLETED,
    IN_PROGRESS,
    NOT_STARTED,
    WAITLISTED,
    programme_detail,
    programme_list,
    programme_progress,
)
from campus.catalog.services import programme_create
from campus.people.models import Role
from tests.factories import CourseFactory, InstitutionFactory, PersonFactory, RunFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def partners():
    return [InstitutionFactory(), InstitutionFactory()]


@pytest.fixture
def admin():
    return PersonFactory(roles=[Role.ADMIN])


@pytest.fixture
def courses(partners):
    first, second = partners
    return {
        "core1": CourseFactory(code="CORE-1", title="Climate adaptation", ects=5, hosts=[first]),
        "core2": CourseFactory(code="CORE-2", title="Wetland restoration", ects=5, hosts=[second]),
        "el1": CourseFactory(code="EL-1", title="Flood risk", ects=10, hosts=[first]),
        "el2": CourseFactory(code="EL-2", title="Digital twins for water", ects=5, hosts=[second]),
        "el3": CourseFactory(code="EL-3", title="Community energy", ects=7.5, hosts=[first]),
    }


def make(admin, partners, courses, **overrides):
    fields = {
        "by": admin,
        "code": "JM-CLIMATE",
        "kind": "minor",
        "title": "Joint Minor in Regional Climate Resilience",
        "description": "Learn to prepare regions for a changing climate.",
        "institutions": partners,
        "ects_total": 30,
        "eqf_level": 6,
        "themes": ["nature", "green"],
        "groups": [
            {"name": "Core", "required": True, "courses": [courses["core1"], courses["core2"]]},
            {
                "name": "Electives",
                "required": False,
                "min_ects": 20,
                "courses": [courses["el1"], courses["el2"], courses["el3"]],
            },
        ],
    }
    fields.update(overrides)
    return programme_create(**fields)


# --- programme_create ------------------------------------------------------------------------


def test_an_administrator_creates_a_programme_with_its_groups(admin, partners, courses):
    programme = make(admin, partners, courses)
    core, electives = programme.groups.order_by("position")
    assert core.required and core.min_ects == 10
    assert not electives.required and electives.min_ects == 20
    assert set(electives.courses.values_list("code", flat=True)) == {"EL-1", "EL-2", "EL-3"}
    assert set(programme.institutions.all()) == set(partners)
    assert programme.get_absolute_url() == "/programmes/JM-CLIMATE/"


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.LECTURER, Role.STUDENT])
def test_only_administrators_create_programmes(partners, courses, role):
    someone = PersonFactory(institution=partners[0], roles=[role])
    with pytest.raises(PermissionDenied):
        make(someone, partners, courses)
    assert not Programme.objects.exists()


def test_the_total_must_equal_required_modules_plus_elective_minimums(admin, partners, courses):
    with pytest.raises(ValidationError, match="groups add up to 30.*programme is 35"):
        make(admin, partners, courses, ects_total=35)
    assert not Programme.objects.exists()
    assert not ProgrammeGroup.objects.exists()


def test_an_elective_minimum_cannot_exceed_what_its_modules_give(admin, partners, courses):
    groups = [
        {"name": "Core", "required": True, "courses": [courses["core1"]]},
        {"name": "Electives", "required": False, "min_ects": 25, "courses": [courses["el1"]]},
    ]
    with pytest.raises(ValidationError, match="asks for 25 ECTS but its modules give only 10"):
        make(admin, partners, courses, groups=groups, ects_total=30)
    assert not Programme.objects.exists()


def test_a_required_group_minimum_must_match_its_modules(admin, partners, courses):
    groups = [{"name": "Core", "required": True, "min_ects": 12, "courses": [courses["core1"]]}]
    with pytest.raises(ValidationError, match="add up to 5 ECTS, not 12"):
        make(admin, partners, courses, groups=groups, ects_total=12)


def test_an_elective_group_needs_a_minimum(admin, partners, courses):
    groups = [{"name": "Electives", "required": False, "courses": [courses["el1"]]}]
    with pytest.raises(ValidationError, match="ECTS minimum"):
        make(admin, partners, courses, groups=groups, ects_total=10)


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"ects_total": "abc"}, "is not a number"),
        ({"ects_total": -3}, "at least 0"),
        ({"eqf_level": 9}, "EQF level runs from 1 to 8"),
        ({"kind": "bachelor"}, "Unknown kind"),
        ({"code": " "}, "Give the programme a code"),
        ({"groups": []}, "at least one group"),
        ({"themes": ["weather"]}, "Unknown theme"),
    ],
)
def test_bad_input_is_refused_with_a_reason(admin, partners, courses, overrides, message):
    with pytest.raises(ValidationError, match=message):
        make(admin, partners, courses, **overrides)
    assert not Programme.objects.exists()


def test_a_joint_programme_needs_two_partners(admin, partners, courses):
    with pytest.raises(ValidationError, match="at least two partners"):
        make(admin, partners, courses, institutions=partners[:1])


def test_a_module_sits_in_one_group_only(admin, partners, courses):
    groups = [
        {"name": "Core", "required": True, "courses": [courses["core1"]]},
        {"name": "Electives", "required": False, "min_ects": 5, "courses": [courses["core1"]]},
    ]
    with pytest.raises(ValidationError, match="CORE-1 is in more than one group"):
        make(admin, partners, courses, groups=groups, ects_total=10)


def test_programme_codes_are_unique(admin, partners, courses):
    make(admin, partners, courses)
    with pytest.raises(ValidationError, match="exists already"):
        make(admin, partners, courses)
    assert Programme.objects.count() == 1


# --- progress --------------------------------------------------------------------------------


@pytest.fixture
def programme(admin, partners, courses):
    return make(admin, partners, courses)


@pytest.fixture
def student(partners):
    return PersonFactory(institution=partners[0], roles=[Role.STUDENT])


def _complete(course, person, grade="B", partners=None):
    run = RunFactory(course=course)
    teacher = PersonFactory(roles=[Role.LECTURER])
    run.teachers.add(teacher)
    enrolment = services.enrol(run=run, person=person, by=person)
    return services.result_record(enrolment=enrolment, by=teacher, ects_grade=grade)


def test_progress_counts_completed_modules_and_names_what_is_missing(programme, courses, student):
    _complete(courses["core1"], student)
    _complete(courses["el1"], student)
    services.enrol(run=RunFactory(course=courses["el2"]), person=student, by=student)

    progress = programme_progress(programme_detail("JM-CLIMATE"), student)

    core, electives = progress.groups
    assert [m.status for m in core.modules] == [COMPLETED, NOT_STARTED]  # ordered by title
    assert core.ects_done == 5 and not core.rule_met
    assert [c.code for c in core.missing] == ["CORE-2"]
    assert core.ects_missing == 5
    statuses = {m.course.code: m.status for m in electives.modules}
    assert statuses == {"EL-1": COMPLETED, "EL-2": IN_PROGRESS, "EL-3": NOT_STARTED}
    assert electives.ects_done == 10 and electives.ects_missing == 10 and not electives.rule_met
    assert progress.ects_done == 15 and progress.ects_total == 30
    assert progress.percent == 50 and progress.ects_missing == 15
    assert progress.modules_done == 2 and progress.modules_in_progress == 1
    assert progress.started and not progress.complete


def test_elective_credits_count_only_up_to_the_group_minimum(programme, courses, student):
    for key in ("core1", "core2", "el1", "el2", "el3"):
        _complete(courses[key], student)
    progress = programme_progress(programme_detail("JM-CLIMATE"), student)
    electives = progress.groups[1]
    assert electives.ects_done == 22.5 and electives.ects_counted == 20 and electives.rule_met
    assert progress.ects_done == 30 and progress.complete and progress.percent == 100


def test_a_failed_attempt_and_a_waiting_list_do_not_earn_credits(programme, courses, student):
    _complete(courses["core1"], student, grade="F")
    full = RunFactory(course=courses["el1"], capacity=1)
    other = PersonFactory(institution=student.institution, roles=[Role.STUDENT])
    services.enrol(run=full, person=other, by=other)
    services.enrol(run=full, person=student, by=student)
    progress = programme_progress(programme_detail("JM-CLIMATE"), student)
    assert progress.groups[0].modules[0].status == "failed"
    assert {m.course.code: m.status for m in progress.groups[1].modules}["EL-1"] == WAITLISTED
    assert progress.ects_done == 0 and progress.started


def test_no_enrolment_means_not_started(programme, student):
    progress = programme_progress(programme_detail("JM-CLIMATE"), student)
    assert not progress.started and progress.ects_done == 0


def test_a_withdrawn_enrolment_does_not_count_as_a_start(programme, courses, student):
    enrolment = services.enrol(run=RunFactory(course=courses["el3"]), person=student, by=student)
    services.enrolment_withdraw(enrolment=enrolment, by=student)
    assert not programme_progress(programme_detail("JM-CLIMATE"), student).started


def test_progress_is_one_query(programme, student, django_assert_num_queries):
    detail = programme_detail("JM-CLIMATE")
    student.role_codes  # noqa: B018 (warm the cached roles)
    with django_assert_num_queries(1):
        programme_progress(detail, student)


# --- selectors and pages ---------------------------------------------------------------------


def test_programme_list_and_detail_read_in_few_queries(
    programme, django_assert_num_queries, partners
):
    with django_assert_num_queries(2):
        programmes = programme_list()
        assert [p.institutions.all()[0] for p in programmes]
    with django_assert_num_queries(5):
        detail = programme_detail("JM-CLIMATE")
        for group in detail.groups.all():
            for course in group.courses.all():
                list(course.hosts.all())


def test_the_list_page_shows_cards_with_kind_ects_eqf_and_partners(
    client, programme, partners, django_assert_max_num_queries
):
    with django_assert_max_num_queries(3):
        response = client.get("/programmes/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Joint Minor in Regional Climate Resilience" in html
    assert "Joint minor" in html and "30 ECTS" in html and "EQF 6" in html
    assert partners[0].short_name in html and partners[1].short_name in html
    assert programme.get_absolute_url() in html


def test_the_detail_page_shows_structure_and_rules_to_a_visitor(
    client, programme, courses, django_assert_max_num_queries
):
    with django_assert_max_num_queries(6):
        response = client.get("/programmes/JM-CLIMATE/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "All required: 10 ECTS." in html
    assert "At least 20 ECTS from these modules." in html
    assert courses["el2"].get_absolute_url() in html
    assert "Your progress" not in html and "<progress" not in html


def test_the_detail_page_shows_a_learner_their_progress(
    client, programme, courses, student, django_assert_max_num_queries
):
    _complete(courses["core1"], student)
    services.enrol(run=RunFactory(course=courses["el1"]), person=student, by=student)
    client.force_login(student)
    with django_assert_max_num_queries(10):
        response = client.get("/programmes/JM-CLIMATE/")
    html = response.content.decode()
    assert "Your progress" in html
    assert '<progress id="programme-progress-bar" max="100" value="16"' in html
    assert "5 of 30 ECTS" in html
    assert "1 module completed" in html and "1 module in progress" in html
    assert "Still to earn: 25 ECTS." in html
    assert "1 module missing" in html and "20 ECTS missing" in html


def test_a_signed_in_person_without_enrolments_sees_no_progress(client, programme, student):
    client.force_login(student)
    html = client.get("/programmes/JM-CLIMATE/").content.decode()
    assert "Your progress" not in html


def test_the_page_shows_the_title_in_the_host_language(client, programme, courses):
    courses["core1"].local_language = "nl"
    courses["core1"].title_local = "Klimaatadaptatie"
    courses["core1"].save()
    html = client.get("/programmes/JM-CLIMATE/", HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    assert "Klimaatadaptatie" in html


def test_an_unknown_programme_is_404(client):
    assert client.get("/programmes/NOPE/").status_code == 404


def test_enrolment_dates_do_not_matter_for_progress(programme, courses, student):
    """A result from a run that ended long ago counts like any other."""
    today = datetime.date(2024, 3, 1)
    run = RunFactory(
        course=courses["core2"],
        enrolment_opens=today,
        enrolment_closes=today,
        starts_on=today,
        ends_on=today + datetime.timedelta(days=60),
    )
    teacher = PersonFactory(roles=[Role.LECTURER])
    run.teachers.add(teacher)
    enrolment = services.enrol(run=run, person=student, by=student, today=today)
    services.result_record(enrolment=enrolment, by=teacher, ects_grade="A")
    progress = programme_progress(programme_detail("JM-CLIMATE"), student)
    assert progress.groups[0].modules[1].status == COMPLETED
