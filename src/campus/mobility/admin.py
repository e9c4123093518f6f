"""The back office for mobility: read-only, because every change goes through the services
(with their permission checks, row locks, audit rows and notifications)."""

from django.contrib import admin

from campus.backoffice import ReadOnlyAdmin, ReadOnlyInline

from .models import (
    Application,
    Component,
    LearningAgreement,
    LearningAgreementVersion,
    MobilityEvent,
    Opportunity,
    Recognition,
    RecognitionLine,
    Signature,
)


@admin.register(Opportunity)
class OpportunityAdmin(ReadOnlyAdmin):
    list_display = ["title", "kind", "host", "starts_on", "application_deadline", "published"]
    list_filter = ["kind", "published"]
    search_fields = ["title"]
    list_select_related = ["host"]


@admin.register(Application)
class ApplicationAdmin(ReadOnlyAdmin):
    list_display = ["person", "opportunity", "home", "state", "created_at"]
    list_filter = ["state"]
    search_fields = ["person__email", "person__display_name", "opportunity__title"]
    list_select_related = ["person", "opportunity", "home"]
    raw_id_fields = ["person"]


class VersionInline(ReadOnlyInline):
    model = LearningAgreementVersion


@admin.register(LearningAgreement)
class LearningAgreementAdmin(ReadOnlyAdmin):
    list_display = ["student", "sending", "receiving", "starts_on", "ends_on"]
    search_fields = ["student__email", "student__display_name"]
    list_select_related = ["student", "sending", "receiving"]
    raw_id_fields = ["student", "sending_contact", "receiving_contact"]
    inlines = [VersionInline]


class ComponentInline(ReadOnlyInline):
    model = Component


class SignatureInline(ReadOnlyInline):
    model = Signature


@admin.register(LearningAgreementVersion)
class VersionAdmin(ReadOnlyAdmin):
    list_display = ["agreement", "number", "kind", "status", "created_at"]
    list_filter = ["kind", "status"]
    inlines = [ComponentInline, SignatureInline]


class RecognitionLineInline(ReadOnlyInline):
    model = RecognitionLine


@admin.register(Recognition)
class RecognitionAdmin(ReadOnlyAdmin):
    list_display = ["agreement", "recognised_by", "recognised_at"]
    inlines = [RecognitionLineInline]


@admin.register(MobilityEvent)
class MobilityEventAdmin(ReadOnlyAdmin):
    list_display = ["at", "actor", "action", "application", "agreement"]
    list_filter = ["action"]
