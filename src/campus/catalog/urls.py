"""The catalogue's pages, one module of routes per audience, under one namespace."""

from django.urls import include, path

from . import urls_catalogue, urls_learning, urls_programmes, urls_teaching

app_name = "catalog"
urlpatterns = [
    path("courses/", include(urls_catalogue.urlpatterns)),
    path("programmes/", include(urls_programmes.urlpatterns)),
    path("learning/", include(urls_learning.urlpatterns)),
    path("teaching/", include(urls_teaching.urlpatterns)),
]
