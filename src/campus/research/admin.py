"""The back office for the research hub: read-only, because every change goes through the
services (with their permission checks, audit rows and notifications)."""

from django.contrib import admin

from campus.backoffice import ReadOnlyAdmin, ReadOnlyInline

from .models import (
    AgendaJoinRequest,
    AgendaMember,
    ExpertProfile,
    ResearchAgenda,
    ResearchEvent,
    ResearchOutput,
    Topic,
)


@admin.register(Topic)
class TopicAdmin(ReadOnlyAdmin):
    list_display = ["slug", "description"]
    search_fields = ["slug", "description"]


class ResearchOutputInline(ReadOnlyInline):
    model = ResearchOutput


@admin.register(ExpertProfile)
class ExpertProfileAdmin(ReadOnlyAdmin):
    list_display = ["person", "headline", "orcid", "updated_at"]
    search_fields = ["person__email", "person__display_name", "headline"]
    list_select_related = ["person"]
    raw_id_fields = ["person"]
    inlines = [ResearchOutputInline]


class AgendaMemberInline(ReadOnlyInline):
    model = AgendaMember
    raw_id_fields = ["person"]


@admin.register(ResearchAgenda)
class ResearchAgendaAdmin(ReadOnlyAdmin):
    list_display = ["title", "created_by", "created_at"]
    search_fields = ["title", "aims"]
    raw_id_fields = ["created_by"]
    inlines = [AgendaMemberInline]


@admin.register(AgendaJoinRequest)
class AgendaJoinRequestAdmin(ReadOnlyAdmin):
    list_display = ["person", "agenda", "state", "created_at", "decided_by"]
    list_filter = ["state"]
    raw_id_fields = ["person", "agenda", "decided_by"]
    list_select_related = ["person", "agenda"]


@admin.register(ResearchEvent)
class ResearchEventAdmin(ReadOnlyAdmin):
    list_display = ["at", "action", "actor", "profile", "agenda", "note"]
    list_filter = ["action"]
    raw_id_fields = ["actor", "profile", "agenda"]
