from django.urls import path

from . import views

app_name = "credentials"
urlpatterns = [
    path("credentials/mine/", views.mine, name="mine"),
    path("credentials/mine/export.zip", views.export_all, name="export"),
    path("credentials/verify/", views.verify_page, name="verify"),
    path("credentials/issued/", views.issued, name="issued"),
    path("credentials/jobs/<int:pk>/", views.job, name="job"),
    path("credentials/jobs/<int:pk>/resume/", views.job_resume, name="job_resume"),
    path("credentials/runs/<int:run_id>/issue/", views.bulk_issue, name="bulk_issue"),
    path("credentials/<uuid:uid>/", views.public, name="public"),
    path("credentials/<uuid:uid>.json", views.download_json, name="json"),
    path("credentials/<uuid:uid>/badge.svg", views.download_svg, name="svg"),
    path("credentials/<uuid:uid>/share/", views.share, name="share"),
    path("credentials/<uuid:uid>/status/", views.change_status, name="status"),
    path("achievements/<uuid:uid>/", views.achievement, name="achievement"),
    path("achievements/<uuid:uid>/edit/", views.achievement_edit, name="achievement_edit"),
    path("achievements/<uuid:uid>/image.svg", views.achievement_image, name="achievement_image"),
    path("issuers/<slug:slug>/did.json", views.did_json, name="did"),
    path("issuers/<slug:slug>/rotate/", views.rotate_key, name="rotate"),
    path(
        "issuers/<slug:slug>/status/<str:purpose>/<int:number>",
        views.status_list,
        name="status_list",
    ),
    path("contexts/microcredential/v1", views.context_document, name="context"),
]
