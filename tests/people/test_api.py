import json

import pytest
from django.core.management import call_command
from django.test import Client

from campus.people import services
from campus.people.models import Person, PersonSkill, Role
from tests.factories import InstitutionFactory, PersonFactory, SkillFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def student():
    return PersonFactory(
        email="student@campus.test",
        display_name="Sam",
        institution=InstitutionFactory(code="B  GEEL07"),
        roles=[Role.STUDENT],
    )


@pytest.fixture
def bearer(student):
    _token, secret = services.api_token_create(person=student, name="tests", by=student)
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def test_me_needs_a_sign_in(client):
    response = client.get("/api/v1/me")
    assert response.status_code == 401
    assert "token" in response.json()["detail"]


def test_me_with_a_bearer_token(client, student, bearer):
    response = client.get("/api/v1/me", **bearer)
    assert response.status_code == 200
    body = response.json()
    assert body["email"] == "student@campus.test"
    assert body["name"] == "Sam"
    assert body["roles"] == ["student"]
    assert body["institution"] == "B  GEEL07"


def test_a_revoked_token_no_longer_works(client, student):
    token, secret = services.api_token_create(person=student, name="old", by=student)
    services.api_token_revoke(token=token, by=student)
    assert client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {secret}").status_code == 401


def test_a_made_up_token_is_refused(client, student):
    assert client.get("/api/v1/me", HTTP_AUTHORIZATION="Bearer hvc_nothing_here").status_code == 401


def test_me_with_the_browser_session(client, student):
    client.force_login(student)
    assert client.get("/api/v1/me").json()["email"] == "student@campus.test"


def test_session_writes_need_the_csrf_token(student):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(student)
    response = browser.patch(
        "/api/v1/me", data=json.dumps({"name": "X"}), content_type="application/json"
    )
    assert response.status_code in (401, 403)
    student.refresh_from_db()
    assert student.display_name == "Sam"


def test_patch_me_changes_the_profile(client, student, bearer):
    skill = SkillFactory()
    response = client.patch(
        "/api/v1/me",
        data=json.dumps(
            {
                "name": "Samira",
                "hours_per_week": 6,
                "themes": ["green", "ai"],
                "languages": [
                    {"language": "nl", "level": "native"},
                    {"language": "en", "level": "C1"},
                ],
                "skills": [{"uri": skill.uri, "proficiency": 3}],
            }
        ),
        content_type="application/json",
        **bearer,
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["name"] == "Samira"
    assert body["themes"] == ["green", "ai"]
    assert {(lang["language"], lang["level"]) for lang in body["languages"]} == {
        ("nl", "native"),
        ("en", "C1"),
    }
    assert body["skills"] == [
        {"uri": skill.uri, "label": skill.label, "local_label": skill.label, "proficiency": 3}
    ]


def test_patch_me_with_an_unknown_skill_changes_nothing(client, student, bearer):
    response = client.patch(
        "/api/v1/me",
        data=json.dumps(
            {
                "name": "Changed",
                "skills": [{"uri": "http://data.europa.eu/esco/skill/unknown", "proficiency": 2}],
            }
        ),
        content_type="application/json",
        **bearer,
    )
    assert response.status_code == 400
    assert "Unknown skill" in response.json()["detail"]
    student.refresh_from_db()
    assert student.display_name == "Sam"
    assert not PersonSkill.objects.exists()


def test_patch_me_with_a_cefr_level_out_of_range(client, student, bearer):
    response = client.patch(
        "/api/v1/me",
        data=json.dumps({"languages": [{"language": "en", "level": "C3"}]}),
        content_type="application/json",
        **bearer,
    )
    assert response.status_code == 400
    assert "C3" in response.json()["detail"]


def test_patch_me_with_malformed_json(client, student, bearer):
    response = client.patch("/api/v1/me", data="{name: ", content_type="application/json", **bearer)
    assert 400 <= response.status_code < 500
    assert response.json()["detail"]
    student.refresh_from_db()
    assert student.display_name == "Sam"


def test_patch_me_with_wrong_types_is_a_422_with_detail(client, student, bearer):
    response = client.patch(
        "/api/v1/me",
        data=json.dumps({"hours_per_week": "many"}),
        content_type="application/json",
        **bearer,
    )
    assert response.status_code == 422
    assert "hours_per_week" in response.json()["detail"]


def test_patch_me_cannot_grant_roles(client, student, bearer):
    response = client.patch(
        "/api/v1/me",
        data=json.dumps({"roles": ["admin"]}),
        content_type="application/json",
        **bearer,
    )
    assert response.status_code == 400
    assert "roles" in response.json()["detail"]
    assert "Request one on your profile" in response.json()["detail"]
    assert Person.objects.get(pk=student.pk).role_codes == {Role.STUDENT}


@pytest.mark.parametrize("field", ["institution", "organisation"])
def test_patch_me_refuses_an_institution_or_organisation_and_changes_nothing(
    client, student, bearer, field
):
    other = InstitutionFactory(code="B  OTHER01")
    before = (student.institution_id, student.organisation_id)
    response = client.patch(
        "/api/v1/me",
        data=json.dumps({field: other.code, "bio": "changed"}),
        content_type="application/json",
        **bearer,
    )
    assert response.status_code == 400
    assert "granted, not declared" in response.json()["detail"]
    student = Person.objects.get(pk=student.pk)
    assert (student.institution_id, student.organisation_id) == before
    assert student.bio != "changed"


def test_create_token_command_prints_a_working_token(client, student, capsys):
    call_command("create_token", "student@campus.test", "--name", "cron")
    secret = capsys.readouterr().out.strip()
    assert (
        client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {secret}").json()["email"]
        == student.email
    )
    assert student.api_tokens.get().name == "cron"


def test_create_token_command_for_an_unknown_person():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="No person"):
        call_command("create_token", "nobody@campus.test")


def test_the_openapi_document_and_docs_are_served(client):
    schema = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/me" in schema["paths"]
    assert client.get("/api/v1/docs").status_code == 200


def test_me_reads_in_a_fixed_number_of_queries(
    client, student, bearer, django_assert_max_num_queries
):
    for skill in SkillFactory.create_batch(5):
        services.person_skill_set(person=student, skill_uri=skill.uri, proficiency=2, by=student)
    # token look-up, then the person with institution, organisation, roles, languages, skills
    with django_assert_max_num_queries(7):
        assert len(client.get("/api/v1/me", **bearer).json()["skills"]) == 5


def test_the_api_docs_load_nothing_from_the_internet(client):
    import re

    html = client.get("/api/v1/docs").content.decode()
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert assets
    assert all(asset.startswith("/static/") for asset in assets), assets


@pytest.mark.parametrize(
    "body", [{"name": None}, {"languages": None}, [None, None], {"visibility": "everyone"}]
)
def test_patch_me_refuses_nulls_and_unknown_values(client, student, bearer, body):
    response = client.patch(
        "/api/v1/me", data=json.dumps(body), content_type="application/json", **bearer
    )
    assert response.status_code == 422
    assert response.json()["detail"]
    student.refresh_from_db()
    assert student.display_name == "Sam"


def test_patch_me_skill_without_proficiency_takes_the_default(client, student, bearer):
    skill = SkillFactory()
    response = client.patch(
        "/api/v1/me",
        data=json.dumps({"skills": [{"uri": skill.uri}]}),
        content_type="application/json",
        **bearer,
    )
    assert response.status_code == 200
    assert response.json()["skills"][0]["proficiency"] == 2


def test_an_id_too_large_for_the_database_is_a_400(client, student, bearer):
    response = client.post(
        "/api/v1/formations",
        data=json.dumps({"challenges": [2**70]}),
        content_type="application/json",
        **bearer,
    )
    assert 400 <= response.status_code < 500
    assert response.json()["detail"]


def test_requesting_an_affiliation_through_the_api_grants_nothing(client, student, bearer):
    other = InstitutionFactory(code="B  OTHER02")
    response = client.post(
        "/api/v1/me/affiliations",
        data=json.dumps({"role": "coordinator", "institution": other.code}),
        content_type="application/json",
        **bearer,
    )
    assert response.status_code == 201
    assert response.json()["state"] == "requested"
    assert not Person.objects.get(pk=student.pk).has_role(Role.COORDINATOR)
    listed = client.get("/api/v1/me/affiliations", **bearer).json()
    assert {(a["role"], a["state"]) for a in listed} >= {("coordinator", "requested")}
    bad = client.post(
        "/api/v1/me/affiliations",
        data=json.dumps({"role": "student", "institution": "NOPE"}),
        content_type="application/json",
        **bearer,
    )
    assert bad.status_code == 400 and "code" in bad.json()["detail"]
