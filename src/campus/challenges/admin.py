"""The back office for challenges: read-mostly, because every change of state goes through the
services (with its audit entry and notifications), not through the admin forms."""

from django.contrib import admin

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


class ChallengeSkillInline(admin.TabularInline):
    model = ChallengeSkill
    extra = 0
    autocomplete_fields = ["skill"]


class ChallengeEventInline(admin.TabularInline):
    model = ChallengeEvent
    extra = 0
    can_delete = False
    readonly_fields = ["actor", "from_state", "to_state", "note", "at"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Challenge)
class ChallengeAdmin(admin.ModelAdmin):
    list_display = ["title", "organisation", "region", "institution", "state", "starts_on"]
    list_filter = ["state", "institution", "region__country"]
    search_fields = ["title", "problem", "organisation__name"]
    readonly_fields = ["state", "posted_by", "created_at", "updated_at"]
    list_select_related = ["organisation", "region", "institution"]
    raw_id_fields = ["module"]
    inlines = [ChallengeSkillInline, ChallengeEventInline]


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    list_display = ["person", "challenge", "role", "rank", "hours", "status", "created_at"]
    list_filter = ["role", "status"]
    search_fields = ["person__email", "person__display_name", "challenge__title"]
    raw_id_fields = ["person", "challenge"]
    list_select_related = ["person", "challenge"]


class TeamMemberInline(admin.TabularInline):
    model = TeamMember
    extra = 0
    raw_id_fields = ["person"]


class MilestoneInline(admin.TabularInline):
    model = Milestone
    extra = 0


class DeliverableInline(admin.TabularInline):
    model = Deliverable
    extra = 0
    raw_id_fields = ["uploaded_by"]


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ["name", "challenge", "slot", "created_at"]
    search_fields = ["name", "challenge__title"]
    list_select_related = ["challenge"]
    inlines = [TeamMemberInline, MilestoneInline, DeliverableInline]


@admin.register(Evaluation)
class EvaluationAdmin(admin.ModelAdmin):
    list_display = ["team", "rating", "by", "at"]
    raw_id_fields = ["team", "by"]


@admin.register(FormationRun)
class FormationRunAdmin(admin.ModelAdmin):
    list_display = ["pk", "institution", "status", "progress", "created_at", "finished_at"]
    list_filter = ["status"]
    readonly_fields = ["instance", "proposal", "error", "progress", "status", "finished_at"]
    raw_id_fields = ["started_by"]
