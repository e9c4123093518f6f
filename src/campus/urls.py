from django.contrib import admin
from django.urls import include, path

from campus.api import api

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    # Before allauth's: the campus's sign-in names, and password change and reset.
    path("accounts/", include("campus.people.urls_accounts")),
    path("accounts/", include("allauth.urls")),
    path("people/", include("campus.people.urls")),
    path("skills/", include("campus.skills.urls")),
    path("challenges/", include("campus.challenges.urls")),
    path("research/", include("campus.research.urls")),
    path("mobility/", include("campus.mobility.urls")),
    # Experts for a challenge or an agenda: /challenges/<id>/experts/, /research/agendas/<id>/….
    path("", include("campus.matchmaking.urls")),
    path("", include("campus.credentials.urls")),
    path("", include("campus.impact.urls")),
    path("", include("campus.learning.urls")),
    path("", include("campus.learning.urls_authoring")),
    path("", include("campus.learning.urls_assignments")),
    path("", include("campus.learning.lti.urls")),
    path("", include("campus.catalog.urls")),
    path("", include("campus.alliance.urls")),
    path("", include("campus.web.urls")),
]
