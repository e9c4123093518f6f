from django.urls import path

from . import transfer_views, views, views_experts

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
    path("agendas/<int:pk>/edit/", views.agenda_edit, name="agenda_edit"),
    path("agendas/<int:pk>/join/", views.agenda_join, name="agenda_join"),
    path("agendas/<int:pk>/leave/", views.agenda_leave, name="agenda_leave"),
    path("agendas/<int:pk>/step-down/", views.agenda_step_down, name="agenda_step_down"),
    path(
        "agendas/<int:pk>/members/<int:member_id>/promote/",
        views.agenda_promote,
        name="agenda_promote",
    ),
    path(
        "agendas/<int:pk>/requests/<int:request_id>/<str:decision>/",
        views.join_decide,
        name="join_decide",
    ),
    path("requests/", transfer_views.transfers_mine, name="transfers_mine"),
    path("requests/to-me/", transfer_views.transfers_to_me, name="transfers_to_me"),
    path("requests/new/", transfer_views.transfer_new, name="transfer_new"),
    path("requests/<int:pk>/", transfer_views.transfer_detail, name="transfer"),
    path("requests/<int:pk>/accept/", transfer_views.transfer_accept, name="transfer_accept"),
    path("requests/<int:pk>/decline/", transfer_views.transfer_decline, name="transfer_decline"),
    path("requests/<int:pk>/answer/", transfer_views.transfer_answer, name="transfer_answer"),
    path("requests/<int:pk>/rate/", transfer_views.transfer_rate, name="transfer_rate"),
    path("requests/<int:pk>/withdraw/", transfer_views.transfer_withdraw, name="transfer_withdraw"),
]
