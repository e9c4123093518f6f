"""Every e-mail leaves through a task; a request never talks to the mail server."""

import pytest
from django.core import mail
from django.urls import reverse

from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def mail_through_tasks(settings):
    settings.EMAIL_BACKEND = "campus.jobs.mail.TaskEmailBackend"
    settings.CAMPUS_EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def test_a_password_reset_mail_is_a_task_in_the_queue(
    mail_through_tasks, settings, client, django_capture_on_commit_callbacks
):
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    PersonFactory(email="ada@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("password_reset"), {"email": "ada@example.org"})
    assert mail.outbox == []  # the request sent nothing itself
    task = DBTaskResult.objects.get()
    assert task.task_path == "campus.jobs.tasks.email_deliver"
    (message,) = task.args_kwargs["args"]
    assert message["to"] == ["ada@example.org"]
    task.task.call(*task.args_kwargs["args"])  # what the worker does
    (sent,) = mail.outbox
    assert sent.to == ["ada@example.org"] and "/accounts/reset/" in sent.body


def test_the_worker_delivers_it_as_written(
    mail_through_tasks, client, django_capture_on_commit_callbacks
):
    PersonFactory(email="ada@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("password_reset"), {"email": "ada@example.org"})
    (sent,) = mail.outbox  # the immediate backend delivered it
    assert sent.subject and sent.from_email and sent.to == ["ada@example.org"]
