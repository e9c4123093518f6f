from django.urls import path

from . import views

app_name = "matchmaking"

# Mounted at the site's root: each page sits under the page it is for.
urlpatterns = [
    path("challenges/<int:pk>/experts/", views.challenge_experts, name="challenge_experts"),
    path("research/agendas/<int:pk>/experts/", views.agenda_experts, name="agenda_experts"),
]
