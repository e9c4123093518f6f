from django.apps import AppConfig


class LearningConfig(AppConfig):
    name = "campus.learning"
    label = "learning"
    verbose_name = "Learning spaces"

    def ready(self) -> None:
        from . import permissions

        permissions.register()
