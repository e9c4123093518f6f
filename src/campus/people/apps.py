from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "campus.people"
    label = "people"
