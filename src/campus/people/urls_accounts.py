"""The campus's names for allauth's sign-up, sign-in and sign-out (``signup``, ``login``,
``logout``), which the templates and LOGIN_URL use; and password change and reset with
Django's views, the campus's pages and its e-mail in the person's language.

The password pages name their templates here (under ``people/password/``) rather than relying
on ``registration/*.html``: those names are also the Django admin's, whose pages would win
by the order of INSTALLED_APPS. allauth's own password pages lead to these, so that there is
one way to change or reset a password.
"""

from allauth.account import views as allauth_views
from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy
from django.views.generic import RedirectView

from .forms_accounts import CampusPasswordResetForm

PAGES = "people/password/"

urlpatterns = [
    path("signup/", allauth_views.signup, name="signup"),
    path("login/", allauth_views.login, name="login"),
    path("logout/", allauth_views.logout, name="logout"),
    path(
        "password_change/",
        auth_views.PasswordChangeView.as_view(template_name=f"{PAGES}change_form.html"),
        name="password_change",
    ),
    path(
        "password_change/done/",
        auth_views.PasswordChangeDoneView.as_view(template_name=f"{PAGES}change_done.html"),
        name="password_change_done",
    ),
    path(
        "password_reset/",
        auth_views.PasswordResetView.as_view(
            form_class=CampusPasswordResetForm,
            template_name=f"{PAGES}reset_form.html",
            email_template_name=f"{PAGES}reset_email.txt",
            subject_template_name=f"{PAGES}reset_subject.txt",
        ),
        name="password_reset",
    ),
    path(
        "password_reset/done/",
        auth_views.PasswordResetDoneView.as_view(template_name=f"{PAGES}reset_done.html"),
        name="password_reset_done",
    ),
    path(
        "reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(template_name=f"{PAGES}reset_confirm.html"),
        name="password_reset_confirm",
    ),
    path(
        "reset/done/",
        auth_views.PasswordResetCompleteView.as_view(template_name=f"{PAGES}reset_complete.html"),
        name="password_reset_complete",
    ),
    # allauth's own pages for the same (its URLs stay reversible): one way only.
    path("password/change/", RedirectView.as_view(url=reverse_lazy("password_change"))),
    path("password/reset/", RedirectView.as_view(url=reverse_lazy("password_reset"))),
]
