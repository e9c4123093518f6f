from django.apps import AppConfig


class ResearchConfig(AppConfig):
    name = "campus.research"
    label = "research"

    def ready(self) -> None:
        from . import permissions

        permissions.register()
