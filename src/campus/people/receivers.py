"""A person's campus language is the one they use the site in, until they choose one."""

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver


@receiver(user_logged_in, dispatch_uid="people-remember-language")
def remember_language(sender, request, user, **kwargs):
    from .services import person_language_remember

    language = getattr(request, "LANGUAGE_CODE", "")
    if language and not getattr(user, "language", "x"):
        person_language_remember(person=user, language=language, by=user)
