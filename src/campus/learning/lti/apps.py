from django.apps import AppConfig


class LtiConfig(AppConfig):
    name = "campus.learning.lti"
    label = "lti"
    verbose_name = "LTI 1.3 tool"

    def ready(self) -> None:
        from . import receivers

        receivers.connect()
