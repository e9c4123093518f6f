"""The verifier's findings are said in the reader's language: on the verify page in the
campus language, in the API per Accept-Language; the checks keep their English codes."""

import json

import pytest
from django.urls import reverse

from campus.credentials.vc.text import Joined, Text, render
from tests.web.untranslated import visible_texts

pytestmark = pytest.mark.django_db


def _checks(client, document, language):
    client.cookies["django_language"] = language
    html = client.post(
        reverse("credentials:verify"), {"credential": json.dumps(document)}
    ).content.decode()
    section = html.split('class="checks"')[1].split("</ul>")[0]
    return " | ".join(visible_texts(section))


def test_a_valid_credential_is_described_in_german(client, passed):
    shown = _checks(client, passed.credential.document, "de")
    issuer = passed.credential.document["issuer"]["id"]
    assert f"signiert vom Aussteller {issuer}" in shown
    assert "jeder Begriff ist in den Kontexten des Nachweises definiert" in shown
    assert "nicht widerrufen" in shown
    assert "signed by the issuer" not in shown and "every term is defined" not in shown


def test_a_tampered_credential_is_described_in_lithuanian(client, passed):
    tampered = dict(passed.credential.document, name="Something else")
    shown = _checks(client, tampered, "lt")
    assert "parašas neatitinka pažymėjimo" in shown
    assert "the signature does not match" not in shown


def test_the_api_answers_in_the_language_asked_for_with_english_codes(client, passed):
    body = json.dumps(passed.credential.document)
    answer = client.post(
        "/api/v1/credentials/verify",
        body,
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="nl",
    ).json()
    status = next(c for c in answer["checks"] if c["check"] == "status")
    assert status["message"] == "niet ingetrokken"
    english = client.post(
        "/api/v1/credentials/verify",
        body,
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="en",
    ).json()
    assert next(c for c in english["checks"] if c["check"] == "status")["message"] == (
        "not revoked"
    )


def test_a_sentence_keeps_its_template_and_params_through_joins():
    said = Joined([Text("its %(name)s is not a date and time", name="validFrom"), "plain"])
    assert said == "its validFrom is not a date and time; plain"
    shouted = render(said, lambda template: template.replace("is not", "IS NOT"))
    assert shouted == "its validFrom IS NOT a date and time; plain"
