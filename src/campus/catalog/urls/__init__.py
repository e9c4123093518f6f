"""The catalogue's pages, one module of routes per audience, under one namespace."""

from django.urls import include, path

from . import catalogue, programmes, records, teaching

app_name = "catalog"
urlpatterns = [
    path("courses/", include(catalogue.urlpatterns)),
    path("programmes/", include(programmes.urlpatterns)),
    path("records/", include(records.urlpatterns)),
    path("teaching/", include(teaching.urlpatterns)),
]
