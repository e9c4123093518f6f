from django.apps import AppConfig


class MobilityConfig(AppConfig):
    name = "campus.mobility"
    label = "mobility"

    def ready(self) -> None:
        from . import permissions

        permissions.register()
