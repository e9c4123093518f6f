from django.apps import AppConfig


class ChallengesConfig(AppConfig):
    name = "campus.challenges"
    label = "challenges"

    def ready(self) -> None:
        from . import permissions

        permissions.register()
