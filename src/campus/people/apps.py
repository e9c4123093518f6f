from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "campus.people"
    label = "people"

    def ready(self) -> None:
        from . import permissions

        permissions.register()
