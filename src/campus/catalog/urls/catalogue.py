"""Routes of the public catalogue, included by catalog/urls/__init__.py under "courses/"."""

from django.urls import path

from ..views import catalogue as views_catalogue

urlpatterns = [
    path("", views_catalogue.catalogue, name="catalogue"),
    path("<int:pk>/", views_catalogue.course_detail, name="course"),
]
