"""The campus as an LTI 1.3 tool, end to end on loopback: the other side is a platform built
here with pyjwt and jwcrypto, serving its key set, token endpoint and line items from a small
HTTP server on 127.0.0.1. Launches go through the real OIDC login and launch views."""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import jwt
import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse
from django.utils import timezone
from jwcrypto.jwk import JWK

from campus.catalog import services as catalog
from campus.catalog.models import Enrolment, EnrolmentStatus
from campus.learning.lti import keys
from campus.learning.lti.models import (
    LtiAccount,
    LtiDeployment,
    LtiLaunch,
    LtiLineItem,
    LtiPlatform,
    LtiResourceLink,
)
from campus.learning.lti.outbound import OutboundRefused, PlatformSession
from campus.people.models import Affiliation, AffiliationState, Person, Role
from tests.factories import CourseFactory, InstitutionFactory, PersonFactory, RunFactory

pytestmark = pytest.mark.django_db

CLAIM = "https://purl.imsglobal.org/spec/lti/claim/"
LEARNER = "http://purl.imsglobal.org/vocab/lis/v2/membership#Learner"
INSTRUCTOR = "http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor"
SCORE = "https://purl.imsglobal.org/spec/lti-ags/scope/score"


class Platform:
    """A partner LMS: its RSA key, its JWKS, token and line-item endpoints on loopback."""

    def __init__(self):
        self.key = JWK.generate(kty="RSA", size=2048, kid="platform-key-1")
        self.received: list[dict] = []
        platform = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _answer(self, status, body, kind="application/json"):
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self):
                if self.path == "/jwks":
                    self._answer(200, {"keys": [json.loads(platform.key.export_public())]})
                elif self.path.startswith("/memberships"):
                    platform.received.append({"path": self.path, "headers": dict(self.headers)})
                    self._members(self.path.endswith("page=2"))
                else:
                    self._answer(404, {})

            def _members(self, second: bool):
                members = (
                    [{"user_id": "user-3", "name": "Cleo Third", "roles": [LEARNER], "status": "Inactive"}]
                    if second
                    else [
                        {"user_id": "user-1", "name": "Ada Partner", "roles": [LEARNER]},
                        {"user_id": "user-2", "name": "Ivo Instructor", "roles": [INSTRUCTOR]},
                    ]
                )  # fmt: skip
                data = json.dumps({"id": "ctx", "members": members}).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                if not second:
                    self.send_header("Link", f'<{platform.base}/memberships?page=2>; rel="next"')
                self.end_headers()
                self.wfile.write(data)

            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0))).decode()
                platform.received.append(
                    {"path": self.path, "body": body, "headers": dict(self.headers)}
                )
                if self.path == "/token":
                    self._answer(200, {"access_token": "platform-token", "expires_in": 3600})
                elif self.path.endswith("/scores"):
                    self._answer(200, {})
                else:
                    self._answer(404, {})

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        self.issuer = "https://lms.partner.example"
        self.client_id = "campus-tool"

    def close(self):
        self.server.shutdown()
        self.server.server_close()

    def id_token(self, nonce: str, *, key: JWK | None = None, **claims) -> str:
        now = int(time.time())
        body = {
            "iss": self.issuer,
            "aud": self.client_id,
            "sub": "user-1",
            "iat": now,
            "exp": now + 300,
            "nonce": nonce,
            "name": "Ada Partner",
            "email": "ada@partner.example",
            CLAIM + "message_type": "LtiResourceLinkRequest",
            CLAIM + "version": "1.3.0",
            CLAIM + "deployment_id": "dep-1",
            CLAIM + "target_link_uri": "http://testserver/lti/launch",
            CLAIM + "resource_link": {"id": "link-1", "title": "Energy"},
            CLAIM + "roles": [LEARNER],
        }
        body.update(claims)
        signing = key or self.key
        return jwt.encode(
            body, signing.export_to_pem(private_key=True, password=None), "RS256",
            headers={"kid": "platform-key-1"},
        )  # fmt: skip


@pytest.fixture
def platform(settings):
    settings.CAMPUS_LTI_ALLOW_LOOPBACK = True
    settings.CAMPUS_PUBLIC_URL = "http://testserver"
    lms = Platform()
    yield lms
    lms.close()


@pytest.fixture
def registered(platform):
    geel = InstitutionFactory(short_name="Thomas More")
    registration = LtiPlatform.objects.create(
        name="Partner Moodle",
        issuer=platform.issuer,
        client_id=platform.client_id,
        auth_login_url=platform.base + "/auth",
        auth_token_url=platform.base + "/token",
        key_set_url=platform.base + "/jwks",
        institution=geel,
    )
    LtiDeployment.objects.create(platform=registration, deployment_id="dep-1")
    course = CourseFactory(hosts=[geel], title="Energy for citizens")
    run = RunFactory(course=course, label="MOOC 2027")
    return {"platform": registration, "run": run, "institution": geel}


def login(client, platform) -> tuple[str, str]:
    """The platform's third-party-initiated login; returns the (state, nonce) it answers."""
    response = client.post(
        "/lti/login",
        {
            "iss": platform.issuer,
            "client_id": platform.client_id,
            "login_hint": "user-1",
            "target_link_uri": "http://testserver/lti/launch",
            "lti_deployment_id": "dep-1",
        },
    )
    assert response.status_code == 302, response.content
    location = urlsplit(response["Location"])
    assert f"{location.scheme}://{location.netloc}{location.path}" == platform.base + "/auth"
    query = parse_qs(location.query)
    assert query["redirect_uri"] == ["http://testserver/lti/launch"]
    assert query["client_id"] == [platform.client_id]
    return query["state"][0], query["nonce"][0]


def launch(client, platform, **claims):
    state, nonce = login(client, platform)
    token = platform.id_token(nonce, **claims)
    return client.post("/lti/launch", {"id_token": token, "state": state}), token, state


def resource(run) -> dict:
    return {CLAIM + "custom": {"campus_run": str(run.pk)}}


def test_a_learner_launched_from_the_platform_lands_enrolled_in_the_run(
    client, registered, platform
):
    run = registered["run"]
    response, _token, _state = launch(client, platform, **resource(run))
    assert response.status_code == 302
    assert response["Location"] == reverse("learning:space", args=[run.pk])
    person = Person.objects.get(lti_accounts__sub="user-1")
    assert person.display_name == "Ada Partner"
    assert person.email == "ada@partner.example"
    assert not person.has_usable_password()
    assert not EmailAddress.objects.filter(user=person, verified=True).exists()
    # The platform is the institution's: it asserts the learner studies there, nothing more.
    assert person.holds(Role.STUDENT, institution_id=registered["institution"].pk)
    assert set(person.role_codes) == {Role.STUDENT, Role.LIFELONG_LEARNER}
    assert Enrolment.objects.get(run=run, person=person).status == EnrolmentStatus.ENROLLED
    assert LtiResourceLink.objects.get(resource_link_id="link-1").run == run
    launch_row = LtiLaunch.objects.get()
    assert (launch_row.person, launch_row.run, launch_row.sub) == (person, run, "user-1")
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert "Energy for citizens" in page.content.decode()

    # The next launch of the same user finds the same person and the link it already knows.
    again, _t, _s = launch(client, platform)
    assert again["Location"] == reverse("learning:space", args=[run.pk])
    assert Person.objects.filter(lti_accounts__isnull=False).count() == 1
    assert LtiLaunch.objects.count() == 2


def test_a_verified_campus_address_signs_in_its_owner_only_from_a_trusted_platform(
    client, registered, platform
):
    owner = PersonFactory(email="ada@partner.example", roles=[Role.LIFELONG_LEARNER])
    assert EmailAddress.objects.filter(user=owner, verified=True).exists()
    untrusted, _t, _s = launch(client, platform, **resource(registered["run"]))
    assert untrusted.status_code == 302
    stranger = LtiAccount.objects.get().person
    assert stranger != owner and stranger.email.endswith("@lti.invalid")

    LtiAccount.objects.all().delete()
    registered["platform"].match_by_email = True
    registered["platform"].save()
    trusted, _t, _s = launch(client, platform)
    assert trusted.status_code == 302
    assert LtiAccount.objects.get().person == owner


def test_an_instructor_is_signed_in_with_nothing_granted(client, registered, platform):
    response, _t, _s = launch(
        client, platform, **resource(registered["run"]), **{CLAIM + "roles": [INSTRUCTOR]}
    )
    assert response.status_code == 200
    person = LtiAccount.objects.get().person
    assert set(person.role_codes) == {Role.LIFELONG_LEARNER}
    lecturer = Affiliation.objects.get(person=person, role=Role.LECTURER)
    assert lecturer.state == AffiliationState.REQUESTED
    assert not Enrolment.objects.filter(person=person).exists()


def test_a_full_run_says_so_and_enrols_nobody(client, registered, platform):
    run = registered["run"]
    run.capacity = 1
    run.save()
    other = PersonFactory(roles=[Role.LIFELONG_LEARNER])
    catalog.enrol(run=run, person=other, by=other)
    response, _t, _s = launch(client, platform, **resource(run))
    assert response.status_code == 409
    assert "no free place" in response.content.decode()
    assert run.enrolments.count() == 1


def _nothing_created():
    assert not Person.objects.filter(lti_accounts__isnull=False).exists()
    assert not Person.objects.filter(email__endswith="partner.example").exists()
    assert not LtiLaunch.objects.exists()
    assert not Enrolment.objects.exists()


def test_a_launch_signed_with_another_key_is_refused(client, registered, platform, caplog):
    state, nonce = login(client, platform)
    forger = JWK.generate(kty="RSA", size=2048)
    token = platform.id_token(nonce, key=forger, **resource(registered["run"]))
    response = client.post("/lti/launch", {"id_token": token, "state": state})
    assert response.status_code == 403
    assert "could not be verified" in response.content.decode()
    assert "LTI launch refused: Can't decode id_token" in caplog.text
    _nothing_created()


def test_a_replayed_launch_is_refused(client, registered, platform):
    first, token, state = launch(client, platform, **resource(registered["run"]))
    assert first.status_code == 302
    client.logout()
    replay = client.post("/lti/launch", {"id_token": token, "state": state})
    assert replay.status_code == 403
    assert LtiLaunch.objects.count() == 1


def test_an_unknown_deployment_is_refused(client, registered, platform):
    response, _t, _s = launch(client, platform, **{CLAIM + "deployment_id": "dep-unknown"})
    assert response.status_code == 403
    _nothing_created()


def test_a_launch_without_its_state_cookie_is_refused(client, registered, platform):
    state, nonce = login(client, platform)
    del client.cookies[f"lti1p3-{state}"]
    token = platform.id_token(nonce, **resource(registered["run"]))
    response = client.post("/lti/launch", {"id_token": token, "state": state})
    assert response.status_code == 403
    _nothing_created()


def test_a_secure_launch_without_the_library_session_cookie_is_refused(
    client, registered, platform
):
    response = client.post(
        "/lti/login",
        {"iss": platform.issuer, "client_id": platform.client_id, "login_hint": "u"},
        secure=True,
    )
    assert response.status_code == 302
    assert response.cookies["lti1p3-session-id"]["samesite"] == "None"
    state = parse_qs(urlsplit(response["Location"]).query)["state"][0]
    nonce = parse_qs(urlsplit(response["Location"]).query)["nonce"][0]
    del client.cookies["lti1p3-session-id"]
    token = platform.id_token(nonce, **resource(registered["run"]))
    refused = client.post("/lti/launch", {"id_token": token, "state": state}, secure=True)
    assert refused.status_code == 403
    _nothing_created()


def test_a_secure_launch_with_its_cookies_lands_in_the_run(client, registered, platform):
    run = registered["run"]
    response = client.post(
        "/lti/login",
        {"iss": platform.issuer, "client_id": platform.client_id, "login_hint": "u"},
        secure=True,
    )
    query = parse_qs(urlsplit(response["Location"]).query)
    token = platform.id_token(query["nonce"][0], **resource(run))
    landed = client.post(
        "/lti/launch", {"id_token": token, "state": query["state"][0]}, secure=True
    )
    assert landed["Location"] == reverse("learning:space", args=[run.pk])


def test_an_unknown_issuer_cannot_start_a_login(client, registered, platform):
    response = client.post(
        "/lti/login", {"iss": "https://evil.example", "login_hint": "x", "client_id": "y"}
    )
    assert response.status_code == 400
    assert "not registered" in response.content.decode()


def test_the_key_set_is_public_json(client, db):
    response = client.get("/lti/jwks")
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert [k["kid"] for k in body["keys"]] == [keys.active_key().kid]
    assert body["keys"][0]["alg"] == "RS256" and "d" not in body["keys"][0]


def test_deep_linking_answers_a_jwt_signed_by_the_tool_key_set(client, registered, platform):
    run = registered["run"]
    closed = RunFactory(course=run.course, label="Closed")
    closed.closed_at = timezone.now()
    closed.save()
    settings_claim = {
        "deep_link_return_url": platform.base + "/deep-link-return",
        "accept_types": ["ltiResourceLink"],
        "accept_presentation_document_targets": ["iframe", "window"],
        "data": "platform-opaque",
    }
    response, _t, _s = launch(
        client,
        platform,
        **{
            CLAIM + "message_type": "LtiDeepLinkingRequest",
            CLAIM + "roles": [INSTRUCTOR],
            "https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings": settings_claim,
        },
    )
    assert response.status_code == 302
    picker = client.get(response["Location"])
    assert picker.status_code == 200
    page = picker.content.decode()
    assert "MOOC 2027" in page and "Closed" not in page
    launch_id = parse_qs(urlsplit(response["Location"]).query)["launch"][0]

    answer = client.post("/lti/deep-link", {"launch": launch_id, "run": run.pk})
    assert answer.status_code == 200
    html = answer.content.decode()
    assert f'action="{platform.base}/deep-link-return"' in html
    token = html.split('name="JWT" value="', 1)[1].split('"', 1)[0]

    key_set = client.get("/lti/jwks").json()
    kid = jwt.get_unverified_header(token)["kid"]
    public = JWK(**next(k for k in key_set["keys"] if k["kid"] == kid)).export_to_pem()
    message = jwt.decode(token, public, algorithms=["RS256"], audience=platform.issuer)
    assert message["iss"] == platform.client_id
    assert message[CLAIM + "message_type"] == "LtiDeepLinkingResponse"
    assert message["https://purl.imsglobal.org/spec/lti-dl/claim/data"] == "platform-opaque"
    [item] = message["https://purl.imsglobal.org/spec/lti-dl/claim/content_items"]
    assert item["type"] == "ltiResourceLink"
    assert item["custom"] == {"campus_run": str(run.pk)}

    # Someone else cannot finish that deep link.
    client.logout()
    assert client.post("/lti/deep-link", {"launch": launch_id, "run": run.pk}).status_code == 403


def test_a_recorded_result_posts_its_score_to_the_platform_line_item(
    client, registered, platform, django_capture_on_commit_callbacks
):
    run = registered["run"]
    lecturer = PersonFactory(institution=registered["institution"], roles=[Role.LECTURER])
    run.teachers.add(lecturer)
    line_item = platform.base + "/lineitems/7/lineitem?type=campus"
    ags = {
        "https://purl.imsglobal.org/spec/lti-ags/claim/endpoint": {
            "scope": [SCORE, "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem"],
            "lineitem": line_item,
            "lineitems": platform.base + "/lineitems",
        }
    }
    response, _t, _s = launch(client, platform, **resource(run), **ags)
    assert response.status_code == 302
    assert LtiLineItem.objects.get().url == line_item
    enrolment = Enrolment.objects.get(run=run)

    with django_capture_on_commit_callbacks(execute=True):
        catalog.result_record(enrolment=enrolment, by=lecturer, ects_grade="B")

    token_request, score_request = platform.received
    assert token_request["path"] == "/token"
    form = parse_qs(token_request["body"])
    assertion = form["client_assertion"][0]
    public = JWK(**keys.key_set()["keys"][0]).export_to_pem()
    claims = jwt.decode(assertion, public, algorithms=["RS256"], audience=platform.base + "/token")
    assert claims["iss"] == platform.client_id
    assert score_request["path"] == "/lineitems/7/lineitem/scores?type=campus"
    assert score_request["headers"]["Authorization"] == "Bearer platform-token"
    score = json.loads(score_request["body"])
    assert (score["scoreGiven"], score["scoreMaximum"], score["userId"]) == (80, 100, "user-1")
    assert score["gradingProgress"] == "FullyGraded"


def test_outbound_requests_stay_on_the_platform_hosts_and_off_private_addresses(settings):
    settings.CAMPUS_LTI_ALLOW_LOOPBACK = False
    session = PlatformSession({"127.0.0.1", "lms.partner.example"})
    with pytest.raises(OutboundRefused, match="private or loopback"):
        session.get("https://127.0.0.1/jwks")
    with pytest.raises(OutboundRefused, match="not one of the platform"):
        session.get("https://elsewhere.example/jwks")
    with pytest.raises(OutboundRefused, match="not HTTPS"):
        session.get("http://lms.partner.example/jwks")


def test_lti_keys_command_makes_then_rotates_the_key(db, capsys):
    from django.core.management import call_command

    call_command("lti_keys")
    first = keys.active_key().kid
    call_command("lti_keys", "--rotate")
    second = keys.active_key().kid
    assert first != second
    assert {k["kid"] for k in keys.key_set()["keys"]} == {first, second}


def test_a_teacher_reads_the_platform_roster_beside_campus_enrolments(client, registered, platform):
    run = registered["run"]
    nrps = {
        "https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice": {
            "context_memberships_url": platform.base + "/memberships",
            "service_versions": ["2.0"],
        }
    }
    response, _t, _s = launch(client, platform, **resource(run), **nrps)
    assert response.status_code == 302
    link = LtiResourceLink.objects.get()
    assert link.memberships_url == platform.base + "/memberships"
    # A learner may not read the roster.
    assert client.get(reverse("lti:roster", args=[link.pk])).status_code == 403

    lecturer = PersonFactory(institution=registered["institution"], roles=[Role.LECTURER])
    run.teachers.add(lecturer)
    client.force_login(lecturer)
    links = client.get(reverse("lti:run_links", args=[run.pk])).content.decode()
    assert "Partner Moodle" in links and reverse("lti:roster", args=[link.pk]) in links
    page = client.get(reverse("lti:roster", args=[link.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    for name in ("Ada Partner", "Ivo Instructor", "Cleo Third", "Inactive", "Enrolled", "Not yet"):
        assert name in html
    requests_made = [r["path"] for r in platform.received]
    assert requests_made == ["/token", "/memberships", "/memberships?page=2"]
    assert platform.received[1]["headers"]["Authorization"] == "Bearer platform-token"


def test_the_run_links_page_reads_a_fixed_number_of_queries(client, registered):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    run = registered["run"]
    lecturer = PersonFactory(institution=registered["institution"], roles=[Role.LECTURER])
    run.teachers.add(lecturer)
    client.force_login(lecturer)
    url = reverse("lti:run_links", args=[run.pk])

    def count(links: int) -> int:
        for n in range(LtiResourceLink.objects.count(), links):
            LtiResourceLink.objects.create(
                platform=registered["platform"], resource_link_id=f"link-{n}", run=run
            )
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    assert count(1) == count(4)


def test_a_resource_link_not_linked_to_a_run_says_so(client, registered, platform):
    response, _t, _s = launch(client, platform)
    assert response.status_code == 404
    assert "not linked to a campus run" in response.content.decode()
    assert LtiLaunch.objects.get().run is None
    assert not Enrolment.objects.exists()
