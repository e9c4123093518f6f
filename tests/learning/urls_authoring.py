"""The site's routes with the authoring pages, until campus.urls includes them."""

from django.urls import include, path

from campus.urls import urlpatterns as site

urlpatterns = [path("", include("campus.learning.urls_authoring")), *site]
