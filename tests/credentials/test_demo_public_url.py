"""The demo says which public URL its credentials carry, and warns (with what to do) when
the database holds credentials signed for another address than the one served now."""

from io import StringIO

import pytest
from django.core.management import call_command

from campus.credentials.verification import verify

pytestmark = pytest.mark.django_db


def _logins() -> str:
    out = StringIO()
    call_command("demo_logins", "--url", "http://127.0.0.1:8811", stdout=out)
    return out.getvalue()


def test_the_demo_names_the_public_url_of_its_credentials(settings, passed):
    signed_for = settings.CAMPUS_PUBLIC_URL
    assert passed.credential.document["id"].startswith(f"{signed_for}/credentials/")
    text = _logins()
    assert f"Credentials carry the public URL {signed_for}" in text
    assert "Warning" not in text


def test_credentials_signed_for_another_port_are_named_with_the_way_out(settings, passed):
    signed_for = settings.CAMPUS_PUBLIC_URL  # where the credential was issued
    served = "http://127.0.0.1:8811" if signed_for != "http://127.0.0.1:8811" else "http://x:1"
    settings.CAMPUS_PUBLIC_URL = served
    text = _logins()
    assert f"Credentials carry the public URL {served}" in text
    assert "did:web:127.0.0.1%3A8811:issuers:<institution>" in text or served != (
        "http://127.0.0.1:8811"
    )
    assert (
        f"Warning: 1 credentials in this database were signed for {signed_for}, not {served}"
    ) in text
    assert f"start afresh for {served}: " in text and "run the demo again" in text
    # and it is so: the credential names issuers that the campus no longer serves
    assert not verify(passed.credential.document).verified
