import pytest


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    """Hashing passwords slowly guards production, not the test suite."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _immediate_tasks(settings):
    """Tasks run as they are enqueued; tests of the worker process say otherwise."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def _fresh_cache():
    """allauth's rate limits count in the cache: each test starts with none spent."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _english_reader():
    """Each test starts with English active: a request leaves its language active in the worker's
    thread, and skills are shown (and their labels fetched) in the active language."""
    from django.utils import translation

    translation.activate("en")
    yield
    translation.deactivate()
