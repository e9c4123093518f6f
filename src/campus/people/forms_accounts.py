"""allauth's sign-in and sign-up forms in the campus's words (ACCOUNT_FORMS).

Kept apart from ``forms.py`` because allauth's forms module imports the sign-up form class
named in ACCOUNT_SIGNUP_FORM_CLASS from there.
"""

from allauth.account.forms import LoginForm, SignupForm
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

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
