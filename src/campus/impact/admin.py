"""The back office for the skills gap: read-only, because surveys and exposure data sets are
kept as uploaded, through the services (with their permission checks)."""

from django.contrib import admin

from campus.backoffice import ReadOnlyAdmin

from .models import Exposure, ExposureUpload, SurveyNeed, SurveyUpload


@admin.register(SurveyUpload)
class SurveyUploadAdmin(ReadOnlyAdmin):
    list_display = ["source", "file_name", "uploaded_by", "uploaded_at"]


@admin.register(SurveyNeed)
class SurveyNeedAdmin(ReadOnlyAdmin):
    list_display = ["region", "skill", "weight", "source"]
    list_filter = ["region"]


@admin.register(ExposureUpload)
class ExposureUploadAdmin(ReadOnlyAdmin):
    list_display = ["source", "file_name", "uploaded_by", "uploaded_at"]


@admin.register(Exposure)
class ExposureAdmin(ReadOnlyAdmin):
    list_display = ["skill", "isco_code", "score", "source", "year"]
