"""Joint programmes: the list and one programme's page (with the learner's progress)."""

from django.urls import path

from ..views import programmes as views_programmes

urlpatterns = [
    path("", views_programmes.programme_list, name="programmes"),
    path("<str:code>/", views_programmes.programme_detail, name="programme"),
]
