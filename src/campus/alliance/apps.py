from django.apps import AppConfig


class AllianceConfig(AppConfig):
    name = "campus.alliance"
    label = "alliance"
