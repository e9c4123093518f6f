from django.apps import AppConfig


class CampusDemoConfig(AppConfig):
    name = "campus_demo"
    verbose_name = "Demo alliance (development only)"
