"""Routes of the learner's records, included by catalog/urls/__init__.py under "records/"."""

from django.urls import path

from ..views import records as views_records

urlpatterns = [
    path("", views_records.my_records, name="my_records"),
    path("enrol/<int:run_id>/", views_records.enrol, name="enrol"),
    path("withdraw/<int:enrolment_id>/", views_records.withdraw, name="withdraw"),
    path("transcript/", views_records.transcript_page, name="transcript"),
    path("transcript.pdf", views_records.transcript_pdf, name="transcript_pdf"),
    path("transcript.json", views_records.transcript_json, name="transcript_json"),
]
