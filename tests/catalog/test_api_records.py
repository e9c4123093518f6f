"""The learner's API: POST /enrolments, withdraw, GET /me/enrolments, GET /me/transcript."""

import datetime

import pytest
from django.utils import timezone
from django.utils.formats import date_format

from campus.catalog import services
from campus.catalog.models import Enrolment, EnrolmentStatus
from campus.people import services as people_services
from campus.people.models import Role
from tests.factories import CourseFactory, InstitutionFactory, PersonFactory, RunFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def home():
    return InstitutionFactory(code="B  GEEL07")


@pytest.fixture
def student(home):
    return PersonFactory(institution=home, roles=[Role.STUDENT], email="ada@campus.test")


@pytest.fixture
def api(client, student):
    client.force_login(student)
    return client


def _student(home):
    return PersonFactory(institution=home, roles=[Role.STUDENT])


def _post(client, url, data=None, **headers):
    return client.post(url, data or {}, content_type="application/json", **headers)


# --- POST /enrolments ---


def test_enrolling_answers_201_with_the_enrolment(api, student):
    run = RunFactory(course=CourseFactory(code="GRN-101"))
    response = _post(api, "/api/v1/enrolments", {"run": run.pk})
    assert response.status_code == 201
    enrolment = Enrolment.objects.get(run=run, person=student)
    assert response.json() == {
        "id": enrolment.pk,
        "run": run.pk,
        "course": "GRN-101",
        "status": "enrolled",
        "position": None,
    }


def test_a_full_run_answers_with_the_place_on_the_waiting_list(api, home):
    run = RunFactory(capacity=1)
    for person in (_student(home), _student(home)):
        services.enrol(run=run, person=person, by=person)
    body = _post(api, "/api/v1/enrolments", {"run": run.pk}).json()
    assert body["status"] == "waitlisted"
    assert body["position"] == 2


def test_enrolling_twice_is_a_400_with_the_reason(api, student):
    run = RunFactory()
    services.enrol(run=run, person=student, by=student)
    response = _post(api, "/api/v1/enrolments", {"run": run.pk})
    assert response.status_code == 400
    assert response.json() == {"detail": "You are enrolled in this run already."}
    assert Enrolment.objects.filter(run=run).count() == 1


def test_enrolling_outside_the_window_is_a_400_with_the_reason(api):
    today = timezone.localdate()
    run = RunFactory(
        enrolment_opens=today - datetime.timedelta(days=30),
        enrolment_closes=today - datetime.timedelta(days=1),
    )
    response = _post(api, "/api/v1/enrolments", {"run": run.pk})
    assert response.status_code == 400
    assert (
        response.json()["detail"]
        == f"Enrolment closed on {date_format(run.enrolment_closes, 'DATE_FORMAT')}."
    )
    assert not Enrolment.objects.exists()


def test_a_full_run_without_waiting_list_is_a_400(api, home):
    run = RunFactory(capacity=1, waitlist=False)
    first = _student(home)
    services.enrol(run=run, person=first, by=first)
    response = _post(api, "/api/v1/enrolments", {"run": run.pk})
    assert response.status_code == 400
    assert "This run is full." in response.json()["detail"]
    assert run.enrolments.count() == 1


def test_an_unknown_run_is_a_404(api):
    response = _post(api, "/api/v1/enrolments", {"run": 987654})
    assert response.status_code == 404
    assert "987654" in response.json()["detail"]


@pytest.mark.parametrize("body", [{}, {"run": "abc"}, {"run": 1, "person": 2}])
def test_a_malformed_body_is_a_422_with_a_detail(api, body):
    response = _post(api, "/api/v1/enrolments", body)
    assert response.status_code == 422
    assert response.json()["detail"]


def test_enrolling_needs_a_signed_in_person(client):
    run = RunFactory()
    response = _post(client, "/api/v1/enrolments", {"run": run.pk})
    assert response.status_code == 401
    assert "detail" in response.json()
    assert not Enrolment.objects.exists()


def test_a_personal_token_enrols_too(client, student):
    _token, secret = people_services.api_token_create(person=student, name="tests", by=student)
    run = RunFactory()
    response = _post(
        client, "/api/v1/enrolments", {"run": run.pk}, HTTP_AUTHORIZATION=f"Bearer {secret}"
    )
    assert response.status_code == 201
    assert Enrolment.objects.get(run=run).person == student


# --- withdraw ---


def test_withdrawing_gives_the_place_to_the_waiting_list(api, student, home):
    run = RunFactory(capacity=1)
    mine = services.enrol(run=run, person=student, by=student)
    waiting = _student(home)
    services.enrol(run=run, person=waiting, by=waiting)
    response = _post(api, f"/api/v1/enrolments/{mine.pk}/withdraw")
    assert response.status_code == 200
    assert response.json()["status"] == "withdrawn"
    assert Enrolment.objects.get(person=waiting).status == EnrolmentStatus.ENROLLED


def test_withdrawing_twice_is_a_400(api, student):
    mine = services.enrol(run=RunFactory(), person=student, by=student)
    services.enrolment_withdraw(enrolment=mine, by=student)
    response = _post(api, f"/api/v1/enrolments/{mine.pk}/withdraw")
    assert response.status_code == 400
    assert "Only a current enrolment can be withdrawn" in response.json()["detail"]


def test_someone_elses_enrolment_is_a_404(api, home):
    other = _student(home)
    theirs = services.enrol(run=RunFactory(), person=other, by=other)
    response = _post(api, f"/api/v1/enrolments/{theirs.pk}/withdraw")
    assert response.status_code == 404
    assert Enrolment.objects.get(pk=theirs.pk).status == EnrolmentStatus.ENROLLED


# --- GET /me/enrolments and /me/transcript ---


@pytest.fixture
def lecturer(home):
    return PersonFactory(institution=home, roles=[Role.LECTURER], display_name="Luc Lecturer")


def _result(person, lecturer, grade, **course):
    run = RunFactory(course=CourseFactory(**course))
    run.teachers.add(lecturer)
    enrolment = services.enrol(run=run, person=person, by=person)
    return services.result_record(enrolment=enrolment, by=lecturer, ects_grade=grade)


def test_my_enrolments_lists_each_with_its_course_and_result(api, student, lecturer, home):
    current = services.enrol(
        run=RunFactory(course=CourseFactory(code="CUR-1", title="Current")),
        person=student,
        by=student,
    )
    done = _result(student, lecturer, "B", code="DON-1", title="Done", ects=5)
    full = RunFactory(capacity=1)
    first = _student(home)
    services.enrol(run=full, person=first, by=first)
    waiting = services.enrol(run=full, person=student, by=student)

    response = api.get("/api/v1/me/enrolments")
    assert response.status_code == 200
    items = {item["id"]: item for item in response.json()}
    assert set(items) == {current.pk, done.pk, waiting.pk}
    assert items[current.pk] == {
        "id": current.pk,
        "run": current.run_id,
        "run_label": current.run.label,
        "course": {"id": current.run.course_id, "code": "CUR-1", "title": "Current"},
        "status": "enrolled",
        "position": None,
        "starts_on": current.run.starts_on.isoformat(),
        "ends_on": current.run.ends_on.isoformat(),
        "ects_grade": None,
        "ects_earned": None,
    }
    assert items[done.pk]["status"] == "completed"
    assert items[done.pk]["ects_grade"] == "B"
    assert items[done.pk]["ects_earned"] == 5
    assert items[waiting.pk]["position"] == 1


def test_my_enrolments_cost_the_same_queries_however_many(
    api, student, lecturer, home, django_assert_max_num_queries
):
    for _ in range(6):
        _result(student, lecturer, "A")
        services.enrol(run=RunFactory(), person=student, by=student)
    full = RunFactory(capacity=1)
    first = _student(home)
    services.enrol(run=full, person=first, by=first)
    services.enrol(run=full, person=student, by=student)
    # session, person, enrolments with runs and courses, hosts, waiting-list positions
    with django_assert_max_num_queries(5):
        response = api.get("/api/v1/me/enrolments")
    assert len(response.json()) == 13


def test_my_enrolments_need_a_signed_in_person(client):
    assert client.get("/api/v1/me/enrolments").status_code == 401


def test_my_transcript_names_institutions_by_erasmus_code(
    api, student, lecturer, home, django_assert_max_num_queries
):
    brno = InstitutionFactory(code="CZ BRNO10")
    _result(student, lecturer, "A", code="GRN-101", title="Green basics", ects=5, hosts=[home])
    _result(student, lecturer, "C", code="JNT-201", title="Joint lab", ects=6, hosts=[home, brno])
    _result(student, lecturer, "F", code="AIE-301", title="AI ethics", ects=3, hosts=[brno])
    services.enrol(run=RunFactory(), person=student, by=student)  # no result yet: not listed

    # session, person, results with runs and courses, hosts, recognised credits, home
    with django_assert_max_num_queries(6):
        response = api.get("/api/v1/me/transcript")
    assert response.status_code == 200
    body = response.json()
    assert body["person"] == {
        "email": "ada@campus.test",
        "name": student.display_name,
        "institution": "B  GEEL07",
    }
    assert body["issued_on"] == timezone.localdate().isoformat()
    results = {r["code"]: r for r in body["results"]}
    assert set(results) == {"GRN-101", "JNT-201", "AIE-301"}
    assert results["JNT-201"]["institutions"] == ["B  GEEL07", "CZ BRNO10"]
    assert results["GRN-101"] == {
        "code": "GRN-101",
        "title": "Green basics",
        "run": results["GRN-101"]["run"],
        "institutions": ["B  GEEL07"],
        "status": "completed",
        "ects": 5.0,
        "ects_earned": 5.0,
        "local_grade": "",
        "ects_grade": "A",
        "date": timezone.localdate().isoformat(),
        "assessor": "Luc Lecturer",
    }
    assert results["AIE-301"]["status"] == "failed"
    assert results["AIE-301"]["ects_earned"] == 0
    assert body["ects_total"] == 11
    assert body["by_institution"] == {"B  GEEL07": 11, "CZ BRNO10": 6}


def test_my_transcript_needs_a_signed_in_person(client):
    response = client.get("/api/v1/me/transcript")
    assert response.status_code == 401
    assert "detail" in response.json()
