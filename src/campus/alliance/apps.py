from django.apps import AppConfig


class AllianceConfig(AppConfig):
    name = "campus.alliance"
    label = "alliance"

    def ready(self) -> None:
        from . import permissions

        permissions.register()
