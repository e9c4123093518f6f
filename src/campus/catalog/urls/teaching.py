"""Routes of teaching and coordination, included by catalog/urls/__init__.py under "teaching/"."""

from django.urls import path

from ..views import teaching as views

urlpatterns = [
    path("", views.teaching_home, name="teaching"),
    path("runs/<int:pk>/", views.run_detail, name="run"),
    path("runs/<int:pk>/result/", views.run_result, name="run_result"),
    path("runs/<int:pk>/results/", views.run_results_upload, name="run_results_upload"),
    path("runs/<int:pk>/close/", views.run_close, name="run_close"),
    path("runs/<int:pk>/participants.csv", views.run_participants_csv, name="run_participants_csv"),
    path("runs/<int:pk>/edit/", views.run_edit, name="run_edit"),
    path("courses/add/", views.course_add, name="course_add"),
    path("courses/<int:pk>/edit/", views.course_edit, name="course_edit"),
    path("courses/<int:pk>/runs/add/", views.run_add, name="run_add"),
    path("catalogue.csv", views.catalogue_export, name="catalogue_export"),
    path("import/", views.catalogue_import, name="catalogue_import"),
    path("calendar/<str:token>.ics", views.calendar_feed, name="calendar_feed"),
]
