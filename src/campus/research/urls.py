from django.urls import path

from . import views, views_experts

app_name = "research"

urlpatterns = [
    path("", views.topics, name="topics"),
    path("topics/<slug:slug>/", views.topic, name="topic"),
    path("experts/", views_experts.experts_find, name="experts"),
    path("experts/<int:pk>/", views.expert, name="expert"),
    path("me/", views.profile_edit, name="profile_edit"),
    path("me/outputs/", views.output_add, name="output_add"),
    path("me/outputs/<int:pk>/remove/", views.output_remove, name="output_remove"),
    path("agendas/", views.agendas, name="agendas"),
    path("agendas/new/", views.agenda_new, name="agenda_new"),
    path("agendas/<int:pk>/", views.agenda, name="agenda"),
    path("agendas/<int:pk>/join/", views.agenda_join, name="agenda_join"),
    path("agendas/<int:pk>/leave/", views.agenda_leave, name="agenda_leave"),
    path(
        "agendas/<int:pk>/requests/<int:request_id>/<str:decision>/",
        views.join_decide,
        name="join_decide",
    ),
]
