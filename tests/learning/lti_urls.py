"""The campus's routes plus the LTI tool's, until they are wired into campus.urls."""

from django.urls import include, path

from campus.urls import urlpatterns as campus_urlpatterns

urlpatterns = [path("", include("campus.learning.lti.urls")), *campus_urlpatterns]
