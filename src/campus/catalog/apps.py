from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "campus.catalog"
    label = "catalog"
