"""The demo alliance stays out of production: the app is not installed there, and seed_demo
refuses a production settings module even where it is."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from campus.alliance.models import Institution
from campus.people.models import Person

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "CAMPUS_ENV": "production",
    "DJANGO_SECRET_KEY": "a-test-secret-that-is-long-enough-for-production-checks",
    "DJANGO_ALLOWED_HOSTS": "campus.example",
    "DATABASE_URL": "postgresql://campus@127.0.0.1:9/campus",  # never reached
    "CAMPUS_CREDENTIALS_KEY": "Zm9yLXRlc3RzLW9ubHktbm90LWEtcmVhbC1rZXktISE=",
}


@pytest.mark.django_db
def test_seed_demo_refuses_production_settings_and_writes_nothing(settings):
    settings.PRODUCTION = True
    with pytest.raises(CommandError, match=r"refuses to run in production \(CAMPUS_ENV"):
        call_command("seed_demo")
    assert not Institution.objects.exists()
    assert not Person.objects.exists()


def _manage(*args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"} | PRODUCTION_ENV
    return subprocess.run(  # noqa: S603 - our own interpreter and manage.py
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_has_no_demo_commands():
    installed = _manage(
        "shell", "-c", "from django.conf import settings; print(settings.INSTALLED_APPS)"
    )
    assert installed.returncode == 0, installed.stderr
    assert "campus.credentials" in installed.stdout
    assert "campus_demo" not in installed.stdout
    for command in ("seed_demo", "demo_logins"):
        refused = _manage(command)
        assert refused.returncode != 0
        assert f"Unknown command: '{command}'" in refused.stderr
