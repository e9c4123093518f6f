from django.urls import path

from . import dashboard_views, views

app_name = "impact"
urlpatterns = [
    path("skills-gap/", views.gap, name="gap"),
    path("skills-gap/planner/", views.planner, name="planner"),
    path("skills-gap/surveys/", views.surveys, name="surveys"),
    path("skills-gap/surveys/need/", views.survey_need_add, name="survey_need_add"),
    path("skills-gap/exposure/", views.exposure, name="exposure"),
    path("impact/", dashboard_views.public, name="public"),
    path("impact/dashboard/", dashboard_views.dashboard, name="dashboard"),
    path("impact/regions/", dashboard_views.regions, name="regions"),
    path("impact/export/", dashboard_views.export, name="export"),
]
