"""No server error on any input: each reproduction of issue 9 (each a 500 before) as a test.

They run on both databases of the suite; NUL bytes are what PostgreSQL cannot store, so the
tests assert the refusal (a 4xx with a reason) wherever they run.
"""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from campus.people import services as people_services
from campus.people.models import ApiToken, Role
from tests.factories import CourseFactory, InstitutionFactory, PersonFactory, RunFactory

pytestmark = pytest.mark.django_db

HUGE = "99999999999999999999"
DEEP = "[" * 100_000 + "]" * 100_000
OVER_2_5_MB = json.dumps({"name": "x" * 2_700_000})


@pytest.fixture
def student():
    return PersonFactory(display_name="Sam", institution=InstitutionFactory(), roles=[Role.STUDENT])


@pytest.fixture
def bearer(student):
    _token, secret = people_services.api_token_create(person=student, name="tests", by=student)
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def _detail(response) -> str:
    assert response["Content-Type"].startswith("application/json"), response.content[:200]
    detail = response.json()["detail"]
    assert isinstance(detail, str) and detail
    return detail


# --- paging ---------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/api/v1/courses", "/api/v1/challenges", "/api/v1/organisations"])
def test_an_offset_beyond_any_list_is_refused_with_its_bound(client, path):
    response = client.get(path, {"offset": HUGE})
    assert response.status_code == 422
    assert "offset" in _detail(response)
    assert "1000000" in _detail(response)


def test_the_bounds_of_limit_and_offset_are_in_the_openapi_document(client):
    parameters = {
        p["name"]: p["schema"]
        for p in client.get("/api/v1/openapi.json").json()["paths"]["/api/v1/courses"]["get"][
            "parameters"
        ]
    }
    assert parameters["offset"]["maximum"] == 1_000_000 and parameters["offset"]["minimum"] == 0
    assert parameters["limit"]["maximum"] == 100 and parameters["limit"]["minimum"] == 1


def test_a_catalogue_page_number_beyond_the_end_shows_the_last_page(client):
    CourseFactory(title="Heat pumps in practice")
    response = client.get("/courses/", {"page": HUGE})
    assert response.status_code == 200
    assert "Heat pumps in practice" in response.content.decode()


# --- NUL bytes and control characters -------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "params"),
    [
        ("/api/v1/courses", {"q": "energy\x00"}),
        ("/api/v1/courses", {"skill": "http://data.europa.eu/esco/skill/\x00"}),
        ("/api/v1/challenges", {"q": "\x00"}),
        ("/api/v1/challenges", {"skill": "\x00"}),
        ("/api/v1/organisations", {"region": "BE2\x00"}),
        ("/api/v1/organisations", {"q": "a\x00b"}),
        ("/api/v1/skills", {"q": "ener\x00gy"}),
        ("/api/v1/skills/lookup", {"uri": "http://data.europa.eu/esco/skill/\x00"}),
        ("/api/v1/courses", {"q": "bell\x07"}),
        ("/api/v1/courses", {"q\x00": "key"}),
    ],
)
def test_a_control_character_in_an_api_parameter_is_refused(client, path, params):
    response = client.get(path, params)
    assert response.status_code == 400
    assert "control character" in _detail(response)


@pytest.mark.parametrize(
    "path", ["/api/v1/institutions/B%00GEEL07", "/api/v1/courses/1%00", "/api/v1/teams/%01"]
)
def test_a_control_character_in_an_api_path_is_refused(client, path):
    response = client.get(path)
    assert response.status_code == 400
    assert "address" in _detail(response)


@pytest.mark.parametrize(
    ("path", "params"),
    [
        ("/courses/", {"q": "energy\x00"}),
        ("/courses/", {"skill": "\x00"}),
        ("/organisations/", {"region": "\x00"}),
        ("/challenges/", {"q": "\x00"}),
        ("/skills/", {"q": "\x00"}),
        ("/institutions/x%00y/", {}),
    ],
)
def test_a_control_character_on_a_page_gets_a_page_that_says_why(client, path, params):
    response = client.get(path, params)
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    assert "control character" in response.content.decode()


def test_tabs_and_line_breaks_stay_allowed_in_searches(client):
    assert client.get("/api/v1/courses", {"q": "heat\tpumps\r\n"}).status_code == 200


def test_a_nul_in_a_name_sent_as_json_is_refused_and_the_name_kept(client, student, bearer):
    response = client.patch(
        "/api/v1/me", json.dumps({"name": "Sam\x00"}), content_type="application/json", **bearer
    )
    assert response.status_code == 400
    assert "control character" in _detail(response)
    student.refresh_from_db()
    assert student.display_name == "Sam"


def test_an_escaped_backslash_before_u0000_is_text_not_a_nul(client, student, bearer):
    response = client.patch(
        "/api/v1/me",
        json.dumps({"name": "Sam \\u0000"}),  # a backslash, then the letters u0000
        content_type="application/json",
        **bearer,
    )
    assert response.status_code == 200
    student.refresh_from_db()
    assert student.display_name == "Sam \\u0000"


def test_a_nul_in_a_name_sent_by_a_form_is_refused_and_nothing_saved(client, student):
    client.force_login(student)
    response = client.post("/people/me/tokens/", {"name": "grading\x00script"})
    assert response.status_code == 400
    assert "control character" in response.content.decode()
    assert not ApiToken.objects.exists()


# --- nesting ----------------------------------------------------------------------------------


def test_deeply_nested_json_to_the_api_verifier_is_refused(client):
    response = client.post("/api/v1/credentials/verify", DEEP, content_type="application/json")
    assert response.status_code == 400
    assert "nested more than 64 levels" in _detail(response)


def test_json_nested_a_little_too_deep_is_refused_before_the_verifier_walks_it(client):
    nested = {"@context": [], "type": "VerifiableCredential"}
    cursor = nested
    for _level in range(80):
        cursor["x"] = {}
        cursor = cursor["x"]
    response = client.post(
        "/api/v1/credentials/verify", json.dumps(nested), content_type="application/json"
    )
    assert response.status_code == 400
    assert "nested" in _detail(response)


def test_deeply_nested_json_pasted_on_the_verify_page_is_refused(client):
    response = client.post("/credentials/verify/", {"credential": DEEP})
    assert response.status_code == 400
    assert "nested more than 64 levels" in response.content.decode()


def test_deeply_nested_json_uploaded_on_the_verify_page_is_refused(client):
    upload = SimpleUploadedFile("deep.json", DEEP.encode(), content_type="application/json")
    response = client.post("/credentials/verify/", {"file": upload})
    assert response.status_code == 400
    assert "nested more than 64 levels" in response.content.decode()


def test_deeply_nested_json_baked_into_an_svg_is_refused(client):
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" '
        'xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0">'
        f"<openbadges:credential><![CDATA[{DEEP}]]></openbadges:credential></svg>"
    )
    upload = SimpleUploadedFile("badge.svg", svg.encode(), content_type="image/svg+xml")
    response = client.post("/credentials/verify/", {"file": upload})
    assert response.status_code == 400
    assert "nested too deeply" in response.content.decode()


def test_deeply_nested_json_to_an_api_write_is_a_400_with_a_reason(client, bearer):
    response = client.patch("/api/v1/me", DEEP, content_type="application/json", **bearer)
    assert response.status_code == 400
    assert _detail(response)


# --- size ------------------------------------------------------------------------------------


def test_a_body_over_2_5_mb_to_patch_me_is_a_413(client, student, bearer):
    response = client.patch("/api/v1/me", OVER_2_5_MB, content_type="application/json", **bearer)
    assert response.status_code == 413
    assert "2.5 MB" in _detail(response)
    student.refresh_from_db()
    assert student.display_name == "Sam"


def test_a_body_over_2_5_mb_to_run_results_is_a_413(client, bearer):
    run = RunFactory()
    response = client.post(
        f"/api/v1/runs/{run.pk}/results",
        json.dumps({"results": [{"email": "x@campus.test", "ects_grade": "A"}] * 60_000}),
        content_type="application/json",
        **bearer,
    )
    assert response.status_code == 413
    assert _detail(response)


def test_a_form_over_2_5_mb_gets_a_413_page(client, student):
    client.force_login(student)
    response = client.post("/people/me/tokens/", {"name": "x" * 2_700_000})
    assert response.status_code == 413
    assert "2.5 MB" in response.content.decode()
    assert not ApiToken.objects.exists()


def test_a_content_length_that_is_not_a_number_is_refused(client):
    response = client.generic(
        "POST",
        "/api/v1/credentials/verify",
        b"{}",
        CONTENT_LENGTH="many",
        CONTENT_TYPE="application/json",
    )
    assert response.status_code == 400
    assert "Content-Length" in _detail(response)


# --- the API speaks JSON, even when it fails ---------------------------------------------------


def test_an_unknown_api_address_is_a_json_404(client):
    response = client.get("/api/v1/no-such-thing")
    assert response.status_code == 404
    assert "/api/v1/docs" in _detail(response)


def test_a_method_an_operation_does_not_take_is_a_json_405(client):
    response = client.delete("/api/v1/courses")
    assert response.status_code == 405
    assert response["Allow"] == "GET"
    assert "GET" in _detail(response)


def test_a_server_error_in_the_api_is_json_and_logged(monkeypatch, caplog):
    def broken():
        raise RuntimeError("the database went away")

    monkeypatch.setattr("campus.alliance.api.selectors.institution_list", broken)
    response = Client(raise_request_exception=False).get("/api/v1/institutions")
    assert response.status_code == 500
    assert "logged" in _detail(response)
    assert "the database went away" not in response.content.decode()
    assert any(
        record.exc_info and "went away" in str(record.exc_info[1]) for record in caplog.records
    )


def test_an_anonymous_write_is_told_to_sign_in():
    # A real browser's request: CSRF is checked (the test client skips it by default).
    client = Client(enforce_csrf_checks=True)
    run = RunFactory()
    response = client.post(
        "/api/v1/enrolments", json.dumps({"run": run.pk}), content_type="application/json"
    )
    assert response.status_code == 401
    assert "token" in _detail(response)


def test_a_signed_in_session_still_needs_its_csrf_token_to_write(student):
    client = Client(enforce_csrf_checks=True)
    client.force_login(student)
    response = client.patch(
        "/api/v1/me", json.dumps({"name": "Eve"}), content_type="application/json"
    )
    assert response.status_code == 403
    assert "CSRF" in _detail(response)
    student.refresh_from_db()
    assert student.display_name == "Sam"


def test_a_nul_in_json_sent_as_another_content_type_is_refused_too(client, student, bearer):
    response = client.patch(
        "/api/v1/me", json.dumps({"name": "Sam\x00"}), content_type="text/plain", **bearer
    )
    assert response.status_code == 400
    student.refresh_from_db()
    assert student.display_name == "Sam"
