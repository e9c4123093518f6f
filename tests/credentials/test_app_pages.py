"""The holder's, the verifier's and the issuer's pages, and the documents verifiers fetch."""

import io
import json
import re
import zipfile

import pytest
from django.urls import reverse

from campus.credentials import services
from campus.credentials.vc.baking import unbake_svg
from campus.credentials.vc.proofs import verify_proof
from campus.credentials.verification import resolver

pytestmark = pytest.mark.django_db


def test_my_credentials_lists_and_shares(client, passed):
    client.force_login(passed.student)
    page = client.get(reverse("credentials:mine"))
    assert "Climate adaptation" in page.content.decode()
    assert "Private" in page.content.decode()
    response = client.post(
        reverse("credentials:share", args=[passed.credential.uid]), {"shared": "1"}
    )
    assert response.status_code == 302
    passed.credential.refresh_from_db()
    assert passed.credential.shared


def test_a_private_credential_is_not_found_by_others(client, passed):
    url = passed.credential.get_absolute_url()
    assert client.get(url).status_code == 404
    assert client.get(reverse("credentials:json", args=[passed.credential.uid])).status_code == 404


def test_the_public_page_says_valid_then_revoked(client, passed):
    services.credential_share(credential=passed.credential, by=passed.student, shared=True)
    url = passed.credential.get_absolute_url()
    page = client.get(url).content.decode()
    assert "Verified: this credential is genuine and valid" in page, re.findall(
        r'check-failed".*?</li>', page, re.S
    )
    assert "Country of the issuer" in page and "Belgium" in page
    assert "<svg" in page  # the QR code of its address
    services.credential_revoke(
        credential=passed.credential, by=passed.coordinator, reason="Plagiarism found"
    )
    page = client.get(url).content.decode()
    assert "Not verified" in page
    assert "has been revoked by its issuer: Plagiarism found" in page


def test_downloads_hold_the_signed_credential(client, passed):
    client.force_login(passed.student)
    as_json = client.get(reverse("credentials:json", args=[passed.credential.uid]))
    assert json.loads(as_json.content) == passed.credential.document
    svg = client.get(reverse("credentials:svg", args=[passed.credential.uid]))
    assert svg["Content-Type"] == "image/svg+xml"
    assert unbake_svg(svg.content) == passed.credential.document
    archive = client.get(reverse("credentials:export"))
    names = zipfile.ZipFile(io.BytesIO(archive.content)).namelist()
    assert len(names) == 2 and {n.rsplit(".", 1)[1] for n in names} == {"json", "svg"}


def test_the_verify_page_checks_pasted_json_and_baked_badges(client, passed):
    url = reverse("credentials:verify")
    ok = client.post(url, {"credential": json.dumps(passed.credential.document)})
    assert "Verified: this credential is genuine and valid" in ok.content.decode()
    client.force_login(passed.student)
    svg = client.get(reverse("credentials:svg", args=[passed.credential.uid])).content
    client.logout()
    upload = io.BytesIO(svg)
    upload.name = "badge.svg"
    baked = client.post(url, {"file": upload})
    assert "Verified: this credential is genuine and valid" in baked.content.decode()
    tampered = dict(passed.credential.document, name="Something else")
    bad = client.post(url, {"credential": json.dumps(tampered)})
    assert "Not verified" in bad.content.decode()
    garbage = client.post(url, {"credential": "{not json"})
    assert garbage.status_code == 400
    assert "This is not JSON" in garbage.content.decode()


def test_issuer_documents_are_served(client, passed):
    did = client.get(reverse("credentials:did", args=[passed.home.slug]))
    document = did.json()
    assert document["id"] == passed.credential.document["issuer"]["id"]
    assert (
        passed.credential.document["proof"][0]["verificationMethod"] in document["assertionMethod"]
    )
    entry = passed.credential.document["credentialStatus"]
    path = entry["statusListCredential"].split("8000", 1)[1]
    status_list = client.get(path).json()
    assert status_list["type"] == ["VerifiableCredential", "BitstringStatusListCredential"]
    assert verify_proof(status_list, resolver().resolve_key).ok
    context = client.get(reverse("credentials:context"))
    assert "assessmentType" in context.json()["@context"]


def test_the_issuer_page_lists_and_changes_status(client, passed):
    client.force_login(passed.coordinator)
    page = client.get(reverse("credentials:issued"))
    assert "Climate adaptation" in page.content.decode()
    response = client.post(
        reverse("credentials:status", args=[passed.credential.uid]),
        {"action": "revoke", "reason": ""},
    )
    assert response.status_code == 400
    assert "Give the reason" in response.content.decode()
    passed.credential.refresh_from_db()
    assert passed.credential.revoked_at is None  # a reason is required
    client.post(
        reverse("credentials:status", args=[passed.credential.uid]),
        {"action": "suspend", "reason": "Under review"},
    )
    passed.credential.refresh_from_db()
    assert passed.credential.suspended_at is not None


def test_a_student_cannot_see_the_issuer_page(client, passed):
    client.force_login(passed.student)
    assert client.get(reverse("credentials:issued")).status_code == 403


def test_bulk_issuance_page_shows_progress(client, passed):
    client.force_login(passed.lecturer)
    response = client.post(reverse("credentials:bulk_issue", args=[passed.run.pk]))
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "<progress" in page and "1 of 1" in page


@pytest.mark.parametrize(
    "document",
    [
        {"@context": ["https://www.w3.org/ns/credentials/v2"], "type": "VerifiableCredential",
         "issuer": "did:example:1", "validFrom": "2020-01-01T00:00:00Z",
         "credentialSubject": {"id": "did:example:2"}},
        {"@context": 5, "type": [], "issuer": [1], "credentialSubject": "x"},
        {"credentialSubject": {"achievement": {"alignment": 3, "learningOutcome": "x"},
                               "identifier": {"identityType": "name"}, "result": [1]},
         "issuer": {"address": "Belgium"}, "validFrom": 12},
        [],
        "a string",
    ],
)  # fmt: skip
def test_the_verify_page_explains_any_json_without_failing(client, document):
    response = client.post(reverse("credentials:verify"), {"credential": json.dumps(document)})
    assert response.status_code == 200
    assert "Not verified" in response.content.decode()
    api = client.post(
        "/api/v1/credentials/verify", json.dumps(document), content_type="application/json"
    )
    assert api.status_code in (200, 422)


def test_an_institution_that_never_issued_has_no_did_document(client, campus_setup):
    response = client.get(reverse("credentials:did", args=[campus_setup.other.slug]))
    assert response.status_code == 404
    assert "not issued any credential" in response.json()["detail"]


def test_a_coordinator_words_what_future_credentials_say(client, passed):
    from campus.catalog import services as catalog
    from campus.credentials.models import Credential
    from campus.people.models import Role
    from tests.factories import PersonFactory

    achievement = passed.credential.achievement
    url = reverse("credentials:achievement_edit", args=[achievement.uid])
    client.force_login(passed.student)
    assert client.get(url).status_code == 403
    client.force_login(passed.coordinator)
    form = client.get(url)
    assert "Type of quality assurance" in form.content.decode()
    data = {
        "title": achievement.title,
        "description": achievement.description,
        "criteria": achievement.criteria,
        "assessment": "Project with an oral defence",
        "participation": "blended",
        "quality_assurance": "Accredited by NVAO; reviewed by the HEROES quality board.",
        "supervision": "verified",
        "prerequisites": "",
        "further_information": "",
    }
    bad = client.post(url, {**data, "title": ""})
    assert bad.status_code == 200 and "This field is required" in bad.content.decode()
    assert client.post(url, data).status_code == 302
    newcomer = PersonFactory(institution=passed.other, roles=[Role.STUDENT])
    enrolment = catalog.enrol(run=passed.run, person=newcomer, by=newcomer)
    catalog.result_record(enrolment=enrolment, by=passed.lecturer, ects_grade="A")
    new = Credential.objects.get(person=newcomer).document["credentialSubject"]["achievement"]
    assert new["qualityAssurance"].startswith("Accredited by NVAO")
    assert new["assessmentType"] == "Project with an oral defence"
    old = Credential.objects.get(pk=passed.credential.pk).document
    assert not old["credentialSubject"]["achievement"]["qualityAssurance"].startswith("Accredited")
    page = client.get(reverse("credentials:issued")).content.decode()
    assert achievement.title in page


# --- the status form: nothing chosen beforehand, and revoking asks first ---


def test_the_status_form_chooses_nothing_and_puts_the_harmless_choice_first(client, passed):
    client.force_login(passed.coordinator)
    page = client.get(passed.credential.get_absolute_url()).content.decode()
    form = page[page.index('id="status-heading"') :]
    assert form.index('value="suspend"') < form.index('value="revoke"')
    assert "checked" not in form[: form.index("</form>")]
    assert "selected" not in form[: form.index("</form>")]

    response = client.post(
        reverse("credentials:status", args=[passed.credential.uid]), {"reason": "Checked twice"}
    )
    assert response.status_code == 400
    assert "Choose what to do with the credential" in response.content.decode()
    passed.credential.refresh_from_db()
    assert passed.credential.state == "active"


def test_revoking_asks_first_and_only_the_confirmed_post_revokes(client, passed):
    client.force_login(passed.coordinator)
    url = reverse("credentials:status", args=[passed.credential.uid])
    data = {"action": "revoke", "reason": "Issued by mistake"}

    asked = client.post(url, data)
    assert asked.status_code == 200
    page = asked.content.decode()
    assert "Revoke “Climate adaptation” of" in page
    assert "can never be reinstated" in page and "<li>Issued by mistake</li>" in page
    assert '<input type="hidden" name="action" value="revoke">' in page
    passed.credential.refresh_from_db()
    assert passed.credential.state == "active"

    client.post(url, {**data, "confirmed": "1"})
    passed.credential.refresh_from_db()
    assert passed.credential.state == "revoked"
    page = client.get(passed.credential.get_absolute_url()).content.decode()
    assert "its status cannot change any more" in page


def test_suspending_needs_no_question_and_asking_never_acts(client, passed):
    client.force_login(passed.coordinator)
    url = reverse("credentials:status", args=[passed.credential.uid])
    data = {"action": "suspend", "reason": "Under review"}
    # The dialog's background question: nothing to ask, so 204, and nothing is done.
    asked = client.post(url, data, headers={"X-Campus-Confirm": "ask"})
    assert asked.status_code == 204
    passed.credential.refresh_from_db()
    assert passed.credential.state == "active"
    client.post(url, data)
    passed.credential.refresh_from_db()
    assert passed.credential.state == "suspended"


def test_the_issued_page_leads_to_the_status_form(client, passed):
    client.force_login(passed.coordinator)
    page = client.get(reverse("credentials:issued")).content.decode()
    assert f'href="{passed.credential.get_absolute_url()}#status-heading"' in page
