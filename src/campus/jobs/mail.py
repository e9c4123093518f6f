"""Every e-mail leaves through a task: the campus's EMAIL_BACKEND enqueues each message, and
a worker delivers it through CAMPUS_EMAIL_DELIVERY_BACKEND (SMTP in production). So no
request (a password reset, a sign-up, a notification) waits on a mail server or fails with
it; a message is enqueued with the request's transaction, never for rolled-back work.
"""

from django.conf import settings
from django.core.mail import get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.message import EmailMessage, EmailMultiAlternatives

TASK_BACKEND = "campus.jobs.mail.TaskEmailBackend"


def delivery_connection():
    """The connection that really sends (tests replace EMAIL_BACKEND with their outbox)."""
    if settings.EMAIL_BACKEND == TASK_BACKEND:
        return get_connection(settings.CAMPUS_EMAIL_DELIVERY_BACKEND)
    return get_connection()


def message_as_data(message: EmailMessage) -> dict:
    """A message as JSON for the task queue."""
    return {
        "subject": str(message.subject),
        "body": str(message.body),
        "from_email": message.from_email,
        "to": list(message.to),
        "cc": list(message.cc),
        "bcc": list(message.bcc),
        "reply_to": list(message.reply_to),
        "headers": dict(message.extra_headers),
        "alternatives": [
            [str(content), mimetype] for content, mimetype in getattr(message, "alternatives", ())
        ],
    }


def message_from_data(data: dict) -> EmailMultiAlternatives:
    alternatives = data.pop("alternatives", [])
    message = EmailMultiAlternatives(**data)
    for content, mimetype in alternatives:
        message.attach_alternative(content, mimetype)
    return message


class TaskEmailBackend(BaseEmailBackend):
    """Enqueue each message for a worker (a message with attachments is sent at once)."""

    def send_messages(self, email_messages) -> int:
        from .services import task_enqueue
        from .tasks import email_deliver

        for message in email_messages:
            if message.attachments:
                delivery_connection().send_messages([message])
            else:
                task_enqueue(email_deliver, message_as_data(message))
        return len(email_messages)
