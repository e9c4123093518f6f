from django.urls import path

from . import views

app_name = "lti"
urlpatterns = [
    path("lti/login", views.oidc_login, name="login"),
    path("lti/launch", views.launch, name="launch"),
    path("lti/deep-link", views.deep_link, name="deep_link"),
    path("lti/jwks", views.jwks, name="jwks"),
    path("lti/runs/<int:run_id>/", views.run_links, name="run_links"),
    path("lti/links/<int:link_id>/roster/", views.roster, name="roster"),
]
