"""The pages of challenge-based learning, under /challenges/."""

from django.urls import path

from . import views

app_name = "challenges"
urlpatterns = [
    path("", views.board, name="board"),
    path("post/", views.post, name="post"),
    path("post/skills/", views.skill_suggest, name="skill_suggest"),
    path("review/", views.review, name="review"),
    path("mine/", views.mine, name="mine"),
    path("applications/", views.my_applications, name="my_applications"),
    path("applications/<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("<int:pk>/", views.challenge_detail, name="challenge"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/decide/", views.decide, name="decide"),
    path("<int:pk>/apply/", views.apply, name="apply"),
    path("formation/new/", views.formation_new, name="formation_new"),
    path("formation/<int:pk>/", views.formation_detail, name="formation"),
    path("formation/<int:pk>/progress/", views.formation_progress, name="formation_progress"),
    path("formation/<int:pk>/retry/", views.formation_retry, name="formation_retry"),
    path("formation/<int:pk>/move/", views.formation_move, name="formation_move"),
    path("formation/<int:pk>/confirm/", views.formation_confirm, name="formation_confirm"),
    path("teams/<int:pk>/", views.team, name="team"),
    path(
        "teams/<int:pk>/deliverables/<int:deliverable_pk>/",
        views.deliverable_download,
        name="deliverable",
    ),
]
