"""allauth's sign-in and sign-up forms in the campus's words (ACCOUNT_FORMS), and the
password reset form of Django's views (campus.people.urls_accounts).

Kept apart from ``forms.py`` because allauth's forms module imports the sign-up form class
named in ACCOUNT_SIGNUP_FORM_CLASS from there.
"""

from allauth.account.forms import LoginForm, SignupForm
from django.conf import settings
from django.contrib.auth.forms import PasswordResetForm
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from .tasks import absolute

# Django's own password rules, which its Lithuanian catalogue does not translate (their
# apostrophe changed in Django 5): marked here, so the campus's catalogues carry them.
DJANGO_PASSWORD_HELP = (
    gettext_noop("Your password can’t be too similar to your other personal information."),
    gettext_noop("Your password can’t be a commonly used password."),
    gettext_noop("Your password can’t be entirely numeric."),
)


class CampusLoginForm(LoginForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["login"].label = _("E-mail address")
        self.fields["password"].label = _("Password")
        if "remember" in self.fields:
            self.fields["remember"].label = _("Keep me signed in on this device")


class CampusSignupForm(SignupForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].label = _("E-mail address")
        self.fields["password1"].label = _("Password")
        if "password2" in self.fields:
            self.fields["password2"].label = _("Password again")
        self.order_fields(
            ["email", "display_name", "role", "institution", "organisation", "note", "password1"]
        )


class CampusPasswordResetForm(PasswordResetForm):
    """Django's reset form, its e-mail written in the person's language (``Person.language``,
    as notifications are) with a link that starts from CAMPUS_PUBLIC_URL, as every link the
    campus mails does; not from the Host of the request, which its sender chooses."""

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        person = context["user"]
        with translation.override(person.language or settings.LANGUAGE_CODE):
            path = reverse(
                "password_reset_confirm",
                kwargs={"uidb64": context["uid"], "token": context["token"]},
            )
            context = {
                **context,
                "campus_name": str(_("HEROES Virtual Campus")),
                "name": person.display_name or person.email,
                "reset_url": absolute(path),
                "campus_url": absolute("/"),
            }
            super().send_mail(
                subject_template_name,
                email_template_name,
                context,
                from_email,
                to_email,
                html_email_template_name,
            )
