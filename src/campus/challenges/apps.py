from django.apps import AppConfig


class ChallengesConfig(AppConfig):
    name = "campus.challenges"
    label = "challenges"
