"""The teaching API: a run's participants, and results recorded all or nothing."""

import pytest

from campus.catalog import services
from campus.catalog.models import Enrolment, EnrolmentStatus
from campus.people import services as people_services
from campus.people.models import Role
from tests.factories import CourseFactory, InstitutionFactory, PersonFactory, RunFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def geel():
    return InstitutionFactory()


@pytest.fixture
def lecturer(geel):
    return PersonFactory(institution=geel, roles=[Role.LECTURER])


@pytest.fixture
def run(geel, lecturer):
    run = RunFactory(course=CourseFactory(hosts=[geel], ects=5), capacity=2)
    run.teachers.add(lecturer)
    return run


@pytest.fixture
def enrolments(run, geel):
    people = [
        PersonFactory(institution=geel, roles=[Role.STUDENT], email=f"s{i}@campus.test")
        for i in range(3)
    ]
    return [services.enrol(run=run, person=p, by=p) for p in people]


def _auth(person):
    _token, secret = people_services.api_token_create(person=person, name="tests", by=person)
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def _results(client, run, person, results):
    return client.post(
        f"/api/v1/runs/{run.pk}/results",
        {"results": results},
        content_type="application/json",
        **_auth(person),
    )


def test_a_teacher_lists_the_participants_with_waiting_positions(client, run, lecturer, enrolments):
    response = client.get(f"/api/v1/runs/{run.pk}/participants", **_auth(lecturer))
    assert response.status_code == 200
    body = response.json()
    assert [(p["email"], p["status"], p["position"]) for p in body] == [
        ("s0@campus.test", "enrolled", None),
        ("s1@campus.test", "enrolled", None),
        ("s2@campus.test", "waitlisted", 1),
    ]
    assert body[0]["enrolment"] == enrolments[0].pk
    assert set(body[0]) == {
        "enrolment",
        "email",
        "name",
        "status",
        "position",
        "ects_grade",
        "local_grade",
        "ects_earned",
        "result_date",
    }


def test_the_participants_take_a_fixed_number_of_queries(
    client, run, lecturer, geel, django_assert_max_num_queries
):
    run.capacity = 50
    run.save()
    for _i in range(15):
        person = PersonFactory(institution=geel, roles=[Role.STUDENT])
        services.enrol(run=run, person=person, by=person)
    headers = _auth(lecturer)
    # token, its use stamp, run, teachers, hosts, roles, participants
    with django_assert_max_num_queries(7):
        response = client.get(f"/api/v1/runs/{run.pk}/participants", **headers)
    assert len(response.json()) == 15


@pytest.mark.parametrize("role", [Role.LECTURER, Role.COORDINATOR, Role.STUDENT])
def test_others_get_403_with_a_reason(client, run, role):
    other = PersonFactory(institution=InstitutionFactory(), roles=[role])
    response = client.get(f"/api/v1/runs/{run.pk}/participants", **_auth(other))
    assert response.status_code == 403
    assert "detail" in response.json()
    response = _results(client, run, other, [{"email": "s0@campus.test", "ects_grade": "A"}])
    assert response.status_code == 403


def test_an_unknown_run_is_404_and_no_sign_in_is_401(client, lecturer):
    assert client.get("/api/v1/runs/999999/participants", **_auth(lecturer)).status_code == 404
    assert client.get("/api/v1/runs/999999/participants").status_code == 401


def test_results_are_recorded_by_email_or_enrolment(client, run, lecturer, enrolments):
    response = _results(
        client,
        run,
        lecturer,
        [
            {"email": "S0@campus.test", "ects_grade": "b", "local_grade": "15/20"},
            {
                "enrolment": enrolments[1].pk,
                "ects_grade": "A",
                "ects_earned": "4.5",
                "result_date": "2027-06-30",
            },
        ],
    )
    assert response.status_code == 200, response.json()
    by_email = {p["email"]: p for p in response.json()}
    assert by_email["s0@campus.test"]["status"] == "completed"
    assert by_email["s0@campus.test"]["ects_grade"] == "B"
    assert by_email["s0@campus.test"]["ects_earned"] == "5.0"
    assert by_email["s1@campus.test"]["ects_earned"] == "4.5"
    assert by_email["s1@campus.test"]["result_date"] == "2027-06-30"


@pytest.mark.parametrize(
    ("second", "message"),
    [
        ({"email": "s1@campus.test", "ects_grade": "G"}, "row 2: "),
        ({"email": "s1@campus.test", "ects_grade": "A", "ects_earned": "-3"}, "at least 0"),
        ({"email": "s1@campus.test", "ects_grade": "A", "ects_earned": "6"}, "at most 5"),
        ({"email": "s1@campus.test", "ects_grade": "F", "ects_earned": "2"}, "no credits"),
        ({"email": "s2@campus.test", "ects_grade": "A"}, "Only enrolled participants"),
        ({"email": "nobody@campus.test", "ects_grade": "A"}, "not a participant"),
        ({"enrolment": 999999, "ects_grade": "A"}, "not in this run"),
        ({"email": "s0@campus.test", "ects_grade": "C"}, "has a result in row 1"),
    ],
)
def test_one_bad_result_saves_none_and_names_its_row(
    client, run, lecturer, enrolments, second, message
):
    response = _results(
        client, run, lecturer, [{"email": "s0@campus.test", "ects_grade": "A"}, second]
    )
    assert response.status_code == 400
    detail = response.json()["detail"]
    assert detail.startswith("row 2: ") and message in detail
    assert not Enrolment.objects.exclude(ects_grade="").exists()
    assert Enrolment.objects.get(pk=enrolments[0].pk).status == EnrolmentStatus.ENROLLED


@pytest.mark.parametrize(
    "body",
    [
        {"results": []},
        {"results": [{"ects_grade": "A"}]},
        {"results": [{"email": "s0@campus.test", "ects_grade": "A", "ects_earned": "abc"}]},
        {"results": [{"email": "s0@campus.test", "ects_grade": "A", "extra": 1}]},
    ],
)
def test_malformed_requests_are_422_with_a_detail(client, run, lecturer, enrolments, body):
    response = client.post(
        f"/api/v1/runs/{run.pk}/results", body, content_type="application/json", **_auth(lecturer)
    )
    assert response.status_code == 422
    assert response.json()["detail"]
    assert not Enrolment.objects.exclude(ects_grade="").exists()


def test_a_closed_run_refuses_results(client, run, lecturer, enrolments):
    for enrolment in enrolments[:2]:
        services.result_record(enrolment=enrolment, by=lecturer, ects_grade="C")
    services.run_close(run=run, by=lecturer)
    response = _results(client, run, lecturer, [{"email": "s0@campus.test", "ects_grade": "A"}])
    assert response.status_code == 400
    assert "closed" in response.json()["detail"]
