"""Outgoing e-mail as a task: a notification is mailed by a worker, not by the request.

The e-mail is rendered in the recipient's language (``Person.language``, else the campus's
default), with the notification's link made absolute from CAMPUS_PUBLIC_URL. A failure to
send is the task's failure (recorded by the worker); the notification in the campus stays.
"""

from django.conf import settings
from django.core.mail import send_mail
from django.utils import translation
from django.utils.translation import gettext as _
from django_tasks import task

from campus.jobs.mail import delivery_connection


def absolute(url: str) -> str:
    """A campus link as an address that works from a mail client."""
    if not url or "://" in url:
        return url
    return f"{settings.CAMPUS_PUBLIC_URL}/{url.lstrip('/')}"


@task()
def notification_email_send(notification_id: int) -> None:
    """Mail a notification to its person, in their language."""
    from .models import Notification

    notification = Notification.objects.select_related("person").filter(pk=notification_id).first()
    if notification is None or not notification.person.email:
        return  # deleted with its person since: nobody to tell
    person = notification.person
    with translation.override(person.language or settings.LANGUAGE_CODE):
        text = notification.text  # rendered now, in the recipient's language
        lines = [text]
        if notification.url:
            lines += ["", _("Open it on the campus: %(url)s") % {"url": absolute(notification.url)}]
        lines += [
            "",
            "-- ",
            _("You receive this e-mail because you have an account on the HEROES campus."),
        ]
        send_mail(
            subject=text[:120],
            message="\n".join(lines),
            from_email=settings.DEFAULT_FROM_EMAIL,
            recipient_list=[person.email],
            connection=delivery_connection(),  # this task is the e-mail's task already
        )
