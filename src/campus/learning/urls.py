from django.urls import path

from . import views

app_name = "learning"
urlpatterns = [
    path("learn/", views.my_learning, name="mine"),
    path("learn/runs/<int:run_id>/", views.space, name="space"),
    path("learn/units/<int:unit_id>/", views.unit, name="unit"),
    path("learn/quizzes/<int:quiz_id>/", views.quiz, name="quiz"),
    path("learn/quizzes/<int:quiz_id>/start/", views.attempt_start, name="attempt_start"),
    path("learn/attempts/<int:attempt_id>/", views.attempt, name="attempt"),
]
