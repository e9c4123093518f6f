"""allauth's sign-in and sign-up forms in the campus's words (ACCOUNT_FORMS).

Kept apart from ``forms.py`` because allauth's forms module imports the sign-up form class
named in ACCOUNT_SIGNUP_FORM_CLASS from there.
"""

from allauth.account.forms import LoginForm, SignupForm
from django.utils.translation import gettext_lazy as _


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
