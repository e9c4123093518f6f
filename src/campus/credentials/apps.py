from django.apps import AppConfig


class CredentialsConfig(AppConfig):
    name = "campus.credentials"
    label = "credentials"

    def ready(self) -> None:
        from . import permissions, receivers

        permissions.register()
        receivers.connect()
