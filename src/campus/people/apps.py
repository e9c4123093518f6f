from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "campus.people"
    label = "people"

    def ready(self) -> None:
        from . import (
            permissions,
            receivers,  # noqa: F401 - connects the signal receivers
        )

        permissions.register()
