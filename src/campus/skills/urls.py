from django.urls import path

from . import views

app_name = "skills"
urlpatterns = [
    path("", views.skill_list, name="list"),
    path("detail/", views.skill_detail, name="detail"),
]
