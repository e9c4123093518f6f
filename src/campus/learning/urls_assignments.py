from django.urls import path

from . import views_assignments as views

app_name = "learning_assignments"
urlpatterns = [
    path("learn/assignments/<int:assignment_id>/", views.assignment, name="assignment"),
    path("learn/assignments/<int:assignment_id>/grading/", views.grading_queue, name="queue"),
    path("learn/peer-reviews/", views.my_reviews, name="my_reviews"),
    path("learn/peer-reviews/<int:review_id>/", views.review, name="review"),
    path("learn/submissions/<int:submission_id>/grade/", views.grade, name="grade"),
    path("learn/submissions/<int:submission_id>/file/", views.submission_file, name="file"),
]
