from django.urls import path

from . import views

app_name = "people"
urlpatterns = [
    path("me/", views.profile, name="profile"),
    path("me/edit/", views.profile_edit, name="profile_edit"),
    path("me/skills/search/", views.skill_search, name="skill_search"),
    path("me/skills/add/", views.skill_add, name="skill_add"),
    path("me/skills/remove/", views.skill_remove, name="skill_remove"),
    path("me/languages/add/", views.language_add, name="language_add"),
    path("me/languages/remove/", views.language_remove, name="language_remove"),
    path("me/tokens/", views.tokens, name="tokens"),
    path("me/notifications/", views.notifications, name="notifications"),
    path("me/tokens/<int:pk>/revoke/", views.token_revoke, name="token_revoke"),
    path("me/affiliations/request/", views.affiliation_request, name="affiliation_request"),
    path("affiliations/", views.affiliation_queue, name="affiliation_queue"),
    path(
        "affiliations/<int:pk>/<slug:decision>/",
        views.affiliation_decide,
        name="affiliation_decide",
    ),
    path("<int:pk>/", views.person_detail, name="person"),
]
