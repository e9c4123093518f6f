"""The campus's names for allauth's sign-up, sign-in and sign-out (``signup``, ``login``,
``logout``), which the templates and LOGIN_URL use."""

from allauth.account import views as allauth_views
from django.urls import path

urlpatterns = [
    path("signup/", allauth_views.signup, name="signup"),
    path("login/", allauth_views.login, name="login"),
    path("logout/", allauth_views.logout, name="logout"),
]
