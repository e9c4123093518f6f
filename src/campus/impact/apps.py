from django.apps import AppConfig


class ImpactConfig(AppConfig):
    name = "campus.impact"
    label = "impact"

    def ready(self) -> None:
        from . import permissions

        permissions.register()
