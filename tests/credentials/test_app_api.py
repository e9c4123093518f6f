"""Credentials in the API: mine, one shared, verify, status changes."""

import json

import pytest

pytestmark = pytest.mark.django_db


def test_my_credentials_carry_the_signed_json(client, passed):
    client.force_login(passed.student)
    items = client.get("/api/v1/me/credentials").json()
    assert len(items) == 1
    assert items[0]["id"] == str(passed.credential.uid)
    assert items[0]["credential"] == passed.credential.document
    assert client.logout() is None
    assert client.get("/api/v1/me/credentials").status_code == 401


def test_a_credential_is_public_only_when_shared(client, passed):
    url = f"/api/v1/credentials/{passed.credential.uid}"
    assert client.get(url).status_code == 404
    passed.credential.shared = True
    passed.credential.save()
    response = client.get(url)
    assert response["Content-Type"] == "application/ld+json"
    assert response.json() == passed.credential.document


def _verify(client, body, content_type="application/json"):
    return client.post("/api/v1/credentials/verify", body, content_type=content_type)


def test_verify_answers_with_named_checks(client, passed):
    answer = _verify(client, json.dumps(passed.credential.document)).json()
    assert answer["verified"] is True
    names = [c["check"] for c in answer["checks"]]
    assert {"shape", "proof", "issuer", "status", "validity"} <= set(names)
    tampered = json.loads(json.dumps(passed.credential.document))
    tampered["credentialSubject"]["identifier"][0]["identityHash"] = "Somebody Else"
    answer = _verify(client, json.dumps(tampered)).json()
    assert answer["verified"] is False
    proof = next(c for c in answer["checks"] if c["check"] == "proof")
    assert proof["ok"] is False and proof["message"]


@pytest.mark.parametrize(
    ("body", "status", "words"),
    [
        ("{not json", 400, "not JSON"),
        ("[1, 2]", 422, "JSON object"),
        ('{"hello": "world"}', 422, "not a Verifiable Credential"),
    ],
)
def test_verify_refuses_what_is_not_a_credential(client, body, status, words):
    response = _verify(client, body)
    assert response.status_code == status
    assert words in response.json()["detail"]


def test_revocation_through_the_api(client, passed):
    client.force_login(passed.coordinator)
    url = f"/api/v1/credentials/{passed.credential.uid}/revoke"
    missing = client.post(url, {"reason": ""}, content_type="application/json")
    assert missing.status_code == 400
    done = client.post(url, {"reason": "Fraud"}, content_type="application/json")
    assert done.status_code == 200 and done.json()["state"] == "revoked"
    client.force_login(passed.student)
    again = client.post(url, {"reason": "x"}, content_type="application/json")
    assert again.status_code == 403
