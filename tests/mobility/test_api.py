"""The mobility API: opportunities with filters, applying and selection, learning agreements
(list, read, propose, sign, recognise); bad input and other people's records answer 4xx with
a `detail`, and nothing changes."""

import pytest

from campus.mobility.models import Application, Signature

from .conftest import complete

pytestmark = pytest.mark.django_db


def post(client, url, body=None):
    return client.post(url, body or {}, content_type="application/json")


def test_opportunities_are_listed_with_filters(client, opportunity, porto):
    listed = client.get("/api/v1/mobility/opportunities").json()
    assert [o["title"] for o in listed] == ["Semester in Porto"]
    assert listed[0]["host"] == {"code": porto.code, "hei_id": "ipp.pt", "name": porto.name}
    assert listed[0]["courses"] == ["PP-GREEN"]
    assert client.get("/api/v1/mobility/opportunities?kind=bip").json() == []
    assert client.get("/api/v1/mobility/opportunities?eqf_level=5").json() == []
    assert len(client.get("/api/v1/mobility/opportunities?eqf_level=7&isced_field=0413").json())
    assert len(client.get(f"/api/v1/mobility/opportunities?host={porto.code}").json()) == 1
    unknown = client.get("/api/v1/mobility/opportunities?host=XX")
    assert unknown.status_code == 404 and "XX" in unknown.json()["detail"]
    one = client.get(f"/api/v1/mobility/opportunities/{opportunity.pk}").json()
    assert one["language_level"] == "B2"


def test_the_opportunity_list_is_read_in_two_queries(
    client, opportunity, django_assert_num_queries
):
    with django_assert_num_queries(2):  # opportunities with hosts, their courses
        client.get("/api/v1/mobility/opportunities")


def test_apply_nominate_accept_sign_and_recognise_through_the_api(
    client, opportunity, student, home_coordinator, host_coordinator, host_run
):
    client.force_login(student)
    answer = post(
        client,
        "/api/v1/mobility/applications",
        {
            "opportunity_id": opportunity.pk,
            "motivation": "Green logistics!",
            "language": "en",
            "language_level": "C1",
        },
    )
    assert answer.status_code == 201, answer.json()
    application_id = answer.json()["id"]
    client.force_login(home_coordinator)
    answer = post(client, f"/api/v1/mobility/applications/{application_id}/nominate")
    assert answer.json()["state"] == "nominated"
    client.force_login(host_coordinator)
    answer = post(
        client, f"/api/v1/mobility/applications/{application_id}/decide", {"accept": True}
    )
    assert answer.json()["state"] == "accepted"
    agreement_id = answer.json()["learning_agreement_id"]
    for person, role in (
        (student, "student"),
        (home_coordinator, "sending"),
        (host_coordinator, "receiving"),
    ):
        client.force_login(person)
        answer = post(
            client,
            f"/api/v1/mobility/learning-agreements/{agreement_id}/signatures",
            {"version": 1, "role": role},
        )
        assert answer.status_code == 201, answer.json()
    body = answer.json()
    assert body["versions"][0]["status"] == "approved"
    assert [s["role"] for s in body["versions"][0]["signatures"]] == [
        "student",
        "sending",
        "receiving",
    ]
    assert body["sending"]["hei_id"] == "thomasmore.be"
    assert body["student"]["email"] == student.email
    complete(host_run, student)
    client.force_login(home_coordinator)
    answer = post(client, f"/api/v1/mobility/learning-agreements/{agreement_id}/recognition")
    assert answer.status_code == 201 and answer.json()["recognised"] is True
    client.force_login(student)
    transcript = client.get("/api/v1/me/transcript").json()
    assert transcript["ects_recognised"] == 5.0
    assert transcript["recognised"][0]["recognised_by"] == "B  GEEL07"


def test_a_language_level_below_the_requirement_answers_400(client, opportunity, student):
    client.force_login(student)
    answer = post(
        client,
        "/api/v1/mobility/applications",
        {
            "opportunity_id": opportunity.pk,
            "motivation": "Hi",
            "language": "en",
            "language_level": "A2",
        },
    )
    assert answer.status_code == 400 and "at least B2" in answer.json()["detail"]
    assert not Application.objects.exists()


def test_signing_an_outdated_version_answers_400(client, agreement, student, host_course):
    client.force_login(student)
    url = f"/api/v1/mobility/learning-agreements/{agreement.pk}"
    changed = post(
        client,
        f"{url}/versions",
        {
            "based_on": 1,
            "comment": "More at home",
            "components": [
                {"table": "A", "title": "Green logistics", "ects": 5, "course": host_course.pk},
                {"table": "B", "title": "Logistics", "ects": 6, "course": host_course.pk},
            ],
        },
    )
    assert changed.status_code == 201, changed.json()
    assert changed.json()["current_version"] == 2
    answer = post(client, f"{url}/signatures", {"version": 1, "role": "student"})
    assert answer.status_code == 400
    assert "Version 1 is no longer the current one" in answer.json()["detail"]
    assert not Signature.objects.exists()


def test_too_few_recognised_ects_answer_400(client, agreement, student, host_course):
    client.force_login(student)
    answer = post(
        client,
        f"/api/v1/mobility/learning-agreements/{agreement.pk}/versions",
        {
            "based_on": 1,
            "comment": "Less",
            "components": [
                {"table": "A", "title": "Green logistics", "ects": 5},
                {"table": "B", "title": "Logistics", "ects": 3},
            ],
        },
    )
    assert answer.status_code == 400 and "must cover" in answer.json()["detail"]
    assert agreement.versions.count() == 1


def test_a_third_coordinator_sees_nothing(client, agreement, third_coordinator):
    client.force_login(third_coordinator)
    assert client.get("/api/v1/mobility/learning-agreements").json() == []
    url = f"/api/v1/mobility/learning-agreements/{agreement.pk}"
    assert client.get(url).status_code == 404
    answer = post(client, f"{url}/signatures", {"version": 1, "role": "receiving"})
    assert answer.status_code == 404
    assert client.get("/api/v1/mobility/applications").json() == []


def test_the_host_coordinator_cannot_sign_for_the_sending_side(client, agreement, host_coordinator):
    client.force_login(host_coordinator)
    answer = post(
        client,
        f"/api/v1/mobility/learning-agreements/{agreement.pk}/signatures",
        {"version": 1, "role": "sending"},
    )
    assert answer.status_code == 403 and "sending institution" in answer.json()["detail"]


def test_the_student_lists_and_reads_their_own(client, agreement, student, other_student):
    client.force_login(student)
    assert [a["id"] for a in client.get("/api/v1/mobility/learning-agreements").json()] == [
        agreement.pk
    ]
    body = client.get(f"/api/v1/mobility/learning-agreements/{agreement.pk}").json()
    assert body["my_signing_roles"] == ["student"]
    assert body["versions"][0]["missing_signatures"] == ["student", "sending", "receiving"]
    client.force_login(other_student)
    assert client.get(f"/api/v1/mobility/learning-agreements/{agreement.pk}").status_code == 404


def test_an_unreadable_body_answers_422(client, agreement, student):
    client.force_login(student)
    answer = post(
        client,
        f"/api/v1/mobility/learning-agreements/{agreement.pk}/signatures",
        {"version": "one"},
    )
    assert answer.status_code == 422 and answer.json()["detail"]


def test_writes_need_a_signed_in_caller(client, opportunity):
    answer = post(
        client,
        "/api/v1/mobility/applications",
        {
            "opportunity_id": opportunity.pk,
            "motivation": "x",
            "language": "en",
            "language_level": "B2",
        },
    )
    assert answer.status_code == 401
