"""Routes of the authoring pages and the gradebook (include at the site's root: paths begin
with ``learn/`` like campus.learning.urls)."""

from django.urls import path

from . import views_authoring as views

app_name = "learning_authoring"
urlpatterns = [
    path("learn/runs/<int:run_id>/edit/", views.outline, name="outline"),
    path("learn/runs/<int:run_id>/edit/sections/", views.section_add, name="section_add"),
    path("learn/runs/<int:run_id>/edit/banks/", views.bank_add, name="bank_add"),
    path("learn/runs/<int:run_id>/edit/completion/", views.completion_rule, name="completion_rule"),
    path("learn/runs/<int:run_id>/edit/copy/", views.content_copy, name="content_copy"),
    path("learn/runs/<int:run_id>/gradebook/", views.gradebook, name="gradebook"),
    path("learn/runs/<int:run_id>/gradebook.csv", views.gradebook_csv, name="gradebook_csv"),
    path(
        "learn/runs/<int:run_id>/gradebook/<int:person_id>/extra-time/",
        views.extra_time,
        name="extra_time",
    ),
    path("learn/edit/sections/<int:pk>/", views.section_edit, name="section_edit"),
    path("learn/edit/sections/<int:pk>/move/", views.section_move, name="section_move"),
    path("learn/edit/sections/<int:pk>/delete/", views.section_delete, name="section_delete"),
    path("learn/edit/sections/<int:pk>/units/", views.unit_add, name="unit_add"),
    path("learn/edit/units/<int:pk>/", views.unit_edit, name="unit"),
    path("learn/edit/units/<int:pk>/move/", views.unit_move, name="unit_move"),
    path("learn/edit/units/<int:pk>/delete/", views.unit_delete, name="unit_delete"),
    path("learn/edit/units/<int:pk>/media/", views.media_add, name="media_add"),
    path("learn/edit/units/<int:pk>/quizzes/", views.quiz_add, name="quiz_add"),
    path("learn/edit/media/<int:pk>/remove/", views.media_remove, name="media_remove"),
    path("learn/edit/banks/<int:pk>/", views.bank, name="bank"),
    path("learn/edit/banks/<int:pk>/questions/", views.question_add, name="question_add"),
    path("learn/edit/questions/<int:pk>/", views.question_edit, name="question"),
    path("learn/edit/questions/<int:pk>/delete/", views.question_delete, name="question_delete"),
    path("learn/edit/quizzes/<int:pk>/", views.quiz_edit, name="quiz"),
    path("learn/edit/quizzes/<int:pk>/delete/", views.quiz_delete, name="quiz_delete"),
]
