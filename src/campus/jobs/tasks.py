"""The task that delivers an e-mail enqueued by campus.jobs.mail.TaskEmailBackend."""

from django_tasks import task

from .mail import delivery_connection, message_from_data


@task()
def email_deliver(message: dict) -> None:
    """Send one e-mail through the delivery backend; a failure is the task's failure."""
    delivery_connection().send_messages([message_from_data(dict(message))])
