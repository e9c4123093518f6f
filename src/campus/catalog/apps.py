from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "campus.catalog"
    label = "catalog"

    def ready(self) -> None:
        from . import permissions

        permissions.register()
