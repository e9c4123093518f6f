"""Routes of the learner's pages, included by catalog/urls.py under "learning/"."""

from django.urls import path

from . import views_learning

urlpatterns = [
    path("", views_learning.my_learning, name="my_learning"),
    path("enrol/<int:run_id>/", views_learning.enrol, name="enrol"),
    path("withdraw/<int:enrolment_id>/", views_learning.withdraw, name="withdraw"),
    path("transcript/", views_learning.transcript_page, name="transcript"),
    path("transcript.pdf", views_learning.transcript_pdf, name="transcript_pdf"),
    path("transcript.json", views_learning.transcript_json, name="transcript_json"),
]
