"""The research API: topics, agendas, join requests decided by leads, my expert profile; bad
input answers 4xx with a `detail`."""

import pytest

from campus.research.models import AgendaMember, ExpertProfile

pytestmark = pytest.mark.django_db


def test_topics_and_one_topic(client, agenda):
    topics = client.get("/api/v1/research/topics").json()
    assert len(topics) == 12 and {"slug", "name", "names", "description"} <= set(topics[0])
    one = client.get("/api/v1/research/topics/climate-adaptation").json()
    assert one["agendas"][0]["title"] == "Living with floods in small towns"
    missing = client.get("/api/v1/research/topics/nope")
    assert missing.status_code == 404 and "nope" in missing.json()["detail"]


def test_my_expert_profile_put_and_get(client, paulo, flood_skill):
    client.force_login(paulo)
    assert client.get("/api/v1/research/me/expert-profile").status_code == 404
    answer = client.put(
        "/api/v1/research/me/expert-profile",
        {"skills": [flood_skill.uri], "orcid": "0000-0002-1825-0097", "languages": ["pt"]},
        content_type="application/json",
    )
    assert answer.status_code == 200, answer.json()
    assert answer.json()["skills"] == [flood_skill.uri]
    assert client.get("/api/v1/research/me/expert-profile").json()["orcid"] == "0000-0002-1825-0097"


def test_a_wrong_orcid_answers_400_with_detail_and_nothing_changes(client, paulo, paulo_profile):
    client.force_login(paulo)
    answer = client.put(
        "/api/v1/research/me/expert-profile",
        {"orcid": "0000-0002-1825-0098", "headline": "Changed"},
        content_type="application/json",
    )
    assert answer.status_code == 400 and "orcid" in answer.json()["detail"]
    assert ExpertProfile.objects.get(pk=paulo_profile.pk).headline == ""


def test_a_declared_only_researcher_gets_403(client, declared):
    client.force_login(declared)
    answer = client.put(
        "/api/v1/research/me/expert-profile", {"headline": "x"}, content_type="application/json"
    )
    assert answer.status_code == 403 and "granted" in answer.json()["detail"]


def test_a_visitor_must_sign_in_to_write(client, agenda):
    answer = client.post(
        f"/api/v1/research/agendas/{agenda.pk}/join-requests", {}, content_type="application/json"
    )
    assert answer.status_code == 401 and answer.json()["detail"]


def test_a_wrongly_typed_body_answers_422_with_detail(client, paulo):
    client.force_login(paulo)
    answer = client.put(
        "/api/v1/research/me/expert-profile",
        {"available_for_challenges": "perhaps"},
        content_type="application/json",
    )
    assert answer.status_code == 422 and "available_for_challenges" in answer.json()["detail"]


def test_the_join_request_flow_in_the_api(client, agenda, rita, paulo):
    client.force_login(paulo)
    url = f"/api/v1/research/agendas/{agenda.pk}/join-requests"
    created = client.post(url, {"message": "Hydrology"}, content_type="application/json")
    assert created.status_code == 201 and created.json()["state"] == "pending"
    twice = client.post(url, {}, content_type="application/json")
    assert twice.status_code == 400 and "already" in twice.json()["detail"]
    assert client.get(url).status_code == 403  # not a lead
    request_id = created.json()["id"]
    refused = client.post(f"/api/v1/research/join-requests/{request_id}/approve")
    assert refused.status_code == 403 and refused.json()["detail"]
    client.force_login(rita)
    assert [r["person"] for r in client.get(url).json()] == ["Paulo Lecturer"]
    approved = client.post(f"/api/v1/research/join-requests/{request_id}/approve")
    assert approved.status_code == 200 and approved.json()["state"] == "approved"
    again = client.post(
        f"/api/v1/research/join-requests/{request_id}/decline", {}, content_type="application/json"
    )
    assert again.status_code == 400 and "approved already" in again.json()["detail"]
    assert AgendaMember.objects.filter(agenda=agenda, person=paulo).exists()
    assert client.post("/api/v1/research/join-requests/999999/approve").status_code == 404


def test_agendas_are_created_and_read(client, paulo, topics):
    client.force_login(paulo)
    created = client.post(
        "/api/v1/research/agendas",
        {"title": "Circular harbours", "aims": "Reuse", "topics": ["circular-economy"]},
        content_type="application/json",
    )
    assert created.status_code == 201
    body = created.json()
    assert body["members"][0]["role"] == "lead" and body["topics"] == ["circular-economy"]
    unknown = client.post(
        "/api/v1/research/agendas",
        {"title": "Other", "aims": "x", "topics": ["nope"]},
        content_type="application/json",
    )
    assert unknown.status_code == 400 and "nope" in unknown.json()["detail"]
    assert [a["title"] for a in client.get("/api/v1/research/agendas").json()] == [
        "Circular harbours"
    ]
    assert client.get("/api/v1/research/agendas/999999").status_code == 404
