from django.apps import AppConfig


class SkillsConfig(AppConfig):
    name = "campus.skills"
    label = "skills"
