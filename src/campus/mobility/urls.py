from django.urls import path

from . import views

app_name = "mobility"

urlpatterns = [
    path("", views.opportunity_list, name="opportunities"),
    path("opportunities/<int:pk>/", views.opportunity_page, name="opportunity"),
    path("opportunities/<int:pk>/apply/", views.apply, name="apply"),
    path("applications/<int:pk>/", views.application_page, name="application"),
    path("agreements/<int:pk>/", views.agreement_page, name="agreement"),
    path("agreements/<int:pk>/agreement.pdf", views.agreement_pdf, name="agreement_pdf"),
    path("queue/", views.queue_page, name="queue"),
    path("mine/", views.overview_page, name="mine"),
]
