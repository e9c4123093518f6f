from django.urls import path

from . import views

app_name = "matchmaking"

urlpatterns = [
    path("<int:pk>/experts/", views.challenge_experts, name="challenge_experts"),
]
