from django.apps import AppConfig


class MatchmakingConfig(AppConfig):
    name = "campus.matchmaking"
    label = "matchmaking"
