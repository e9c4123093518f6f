import pytest


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    """Hashing passwords slowly guards production, not the test suite."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
