from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "campus.web"
    label = "web"
