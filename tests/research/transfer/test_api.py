"""Knowledge-transfer requests in /api/v1/research/requests: the whole life cycle through the
API, a stranger's 404, and 4xx answers with a `detail` that leave the data as it was."""

import pytest

from campus.research.models import TransferRequest
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db
BASE = "/api/v1/research/requests"


def _post(client, url, body=None):
    return client.post(url, body or {}, content_type="application/json")


def test_the_life_cycle_through_the_api(client, stefan, rita, rita_profile, flood_skill):
    client.force_login(stefan)
    created = _post(
        client,
        BASE,
        {
            "title": "Flood risk in a small town",
            "question": "Which streets flood first?",
            "topics": ["climate-adaptation"],
            "skills": [flood_skill.uri],
            "wished_by": "2099-06-30",
        },
    )
    assert created.status_code == 201, created.json()
    body = created.json()
    assert body["state"] == "open" and not body["chosen"]
    assert body["organisation"] == "Gemeente Kempen" and body["wished_by"] == "2099-06-30"
    assert body["invitations"][0]["expert_id"] == rita_profile.pk
    assert body["invitations"][0]["matched_skills"] == [flood_skill.uri]
    url = f"{BASE}/{body['id']}"
    assert [r["id"] for r in client.get(BASE).json()] == [body["id"]]

    client.force_login(rita)
    assert [r["id"] for r in client.get(f"{BASE}?role=addressed").json()] == [body["id"]]
    assert client.get(f"{BASE}?role=asked").json() == []
    accepted = _post(client, f"{url}/accept")
    assert accepted.status_code == 200 and accepted.json()["state"] == "accepted"
    assert accepted.json()["expert_id"] == rita_profile.pk
    twice = _post(client, f"{url}/accept")
    assert twice.status_code == 400 and "already" in twice.json()["detail"]
    answered = _post(client, f"{url}/answer", {"answer": "The low streets.", "link": ""})
    assert answered.json()["state"] == "answered"
    again = _post(client, f"{url}/answer", {"answer": "Again"})
    assert again.status_code == 400 and "answered already" in again.json()["detail"]
    by_expert = _post(client, f"{url}/rate", {"rating": 5})
    assert (
        by_expert.status_code == 403 and "Only the person who asked" in by_expert.json()["detail"]
    )

    client.force_login(stefan)
    out_of_range = _post(client, f"{url}/rate", {"rating": 9})
    assert out_of_range.status_code == 422 and out_of_range.json()["detail"]
    rated = _post(client, f"{url}/rate", {"rating": 4, "comment": "Clear"})
    assert rated.json()["state"] == "rated" and rated.json()["rating"] == 4
    assert client.get(url).json()["answer"] == "The low streets."


def test_a_stranger_gets_404_and_a_declined_only_stakeholder_403(
    client, stefan, only_declared, rita_profile
):
    client.force_login(stefan)
    created = _post(
        client, BASE, {"title": "Floods", "question": "Help?", "expert": rita_profile.pk}
    ).json()
    url = f"{BASE}/{created['id']}"
    client.force_login(PersonFactory())
    for answer in (
        client.get(url),
        _post(client, f"{url}/accept"),
        _post(client, f"{url}/withdraw"),
    ):
        assert (
            answer.status_code == 404 and "no knowledge-transfer request" in answer.json()["detail"]
        )
    assert client.get(BASE).json() == []
    client.force_login(only_declared)
    refused = _post(
        client, BASE, {"title": "Floods", "question": "Help?", "expert": rita_profile.pk}
    )
    assert refused.status_code == 403 and "granted" in refused.json()["detail"]
    client.logout()
    assert client.get(url).status_code == 401
    assert TransferRequest.objects.count() == 1


def test_bad_input_answers_4xx_with_detail_and_writes_nothing(client, stefan, rita_profile):
    client.force_login(stefan)
    for body, status in (
        ({"title": "", "question": "Help?"}, 422),
        ({"title": "Floods", "question": "x" * 5001}, 422),
        ({"title": "Floods", "question": "Help?", "topics": ["nope"]}, 400),
        ({"title": "Floods", "question": "Help?", "expert": 999999}, 400),
        ({"title": "Floods", "question": "Help?", "wished_by": "2001-01-01"}, 400),
        ({"title": "Floods", "question": "Help?", "wished_by": "soon"}, 422),
    ):
        answer = _post(client, BASE, body)
        assert answer.status_code == status, (body, answer.json())
        assert answer.json()["detail"]
    assert not TransferRequest.objects.exists()


def test_decline_and_withdraw_through_the_api(client, stefan, rita, rita_profile):
    client.force_login(stefan)
    one = _post(client, BASE, {"title": "A", "question": "Q", "expert": rita_profile.pk}).json()
    two = _post(client, BASE, {"title": "B", "question": "Q", "expert": rita_profile.pk}).json()
    withdrawn = _post(client, f"{BASE}/{two['id']}/withdraw")
    assert withdrawn.json()["state"] == "withdrawn"
    client.force_login(rita)
    declined = _post(client, f"{BASE}/{one['id']}/decline", {"reason": "On leave"})
    assert declined.json()["state"] == "declined"
    assert declined.json()["invitations"][0]["reason"] == "On leave"
    late = _post(client, f"{BASE}/{two['id']}/accept")
    assert late.status_code == 400 and "withdrawn" in late.json()["detail"]
