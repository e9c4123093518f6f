"""The back office for challenges: read-only, because every change of state goes through the
services (with its audit entry and notifications), not through the admin forms."""

from django.contrib import admin

from campus.backoffice import ReadOnlyAdmin, ReadOnlyInline

from .models import (
    Application,
    Challenge,
    ChallengeEvent,
    ChallengeSkill,
    Deliverable,
    Evaluation,
    FormationRun,
    Milestone,
    Team,
    TeamMember,
)


class ChallengeSkillInline(ReadOnlyInline):
    model = ChallengeSkill
    autocomplete_fields = ["skill"]


class ChallengeEventInline(ReadOnlyInline):
    model = ChallengeEvent
    readonly_fields = ["actor", "from_state", "to_state", "note", "at"]


@admin.register(Challenge)
class ChallengeAdmin(ReadOnlyAdmin):
    list_display = ["title", "organisation", "region", "institution", "state", "starts_on"]
    list_filter = ["state", "institution", "region__country"]
    search_fields = ["title", "problem", "organisation__name"]
    readonly_fields = ["state", "posted_by", "created_at", "updated_at"]
    list_select_related = ["organisation", "region", "institution"]
    raw_id_fields = ["module"]
    inlines = [ChallengeSkillInline, ChallengeEventInline]


@admin.register(Application)
class ApplicationAdmin(ReadOnlyAdmin):
    list_display = ["person", "challenge", "role", "rank", "hours", "status", "created_at"]
    list_filter = ["role", "status"]
    search_fields = ["person__email", "person__display_name", "challenge__title"]
    raw_id_fields = ["person", "challenge"]
    list_select_related = ["person", "challenge"]


class TeamMemberInline(ReadOnlyInline):
    model = TeamMember
    raw_id_fields = ["person"]


class MilestoneInline(ReadOnlyInline):
    model = Milestone


class DeliverableInline(ReadOnlyInline):
    model = Deliverable
    raw_id_fields = ["uploaded_by"]


@admin.register(Team)
class TeamAdmin(ReadOnlyAdmin):
    list_display = ["name", "challenge", "slot", "created_at"]
    search_fields = ["name", "challenge__title"]
    list_select_related = ["challenge"]
    inlines = [TeamMemberInline, MilestoneInline, DeliverableInline]


@admin.register(Evaluation)
class EvaluationAdmin(ReadOnlyAdmin):
    list_display = ["team", "rating", "by", "at"]
    raw_id_fields = ["team", "by"]


@admin.register(FormationRun)
class FormationRunAdmin(ReadOnlyAdmin):
    list_display = ["pk", "institution", "status", "progress", "created_at", "finished_at"]
    list_filter = ["status"]
    readonly_fields = ["instance", "proposal", "error", "progress", "status", "finished_at"]
    raw_id_fields = ["started_by"]
