from django.urls import path

from . import views

app_name = "alliance"
urlpatterns = [
    path("institutions/", views.institution_list, name="institutions"),
    path("institutions/<slug:slug>/", views.institution_detail, name="institution"),
    path("organisations/", views.organisation_list, name="organisations"),
    path("organisations/<slug:slug>/", views.organisation_detail, name="organisation"),
    path("governance/", views.governance, name="governance"),
]
