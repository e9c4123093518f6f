"""The skills taxonomy in the back office, read-only: it changes only through `load_esco`."""

from django.contrib import admin

from .models import Skill, SkillLabel


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class SkillLabelInline(admin.TabularInline):
    model = SkillLabel
    fields = ["language", "text", "preferred"]
    extra = 0

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Skill)
class SkillAdmin(ReadOnlyAdmin):
    list_display = ["label", "kind", "reuse_level", "uri"]
    list_filter = ["kind", "reuse_level"]
    search_fields = ["label", "uri", "labels__text"]
    raw_id_fields = ["broader"]
    inlines = [SkillLabelInline]


@admin.register(SkillLabel)
class SkillLabelAdmin(ReadOnlyAdmin):
    list_display = ["text", "language", "preferred", "skill"]
    list_filter = ["language", "preferred"]
    search_fields = ["text", "skill__uri"]
    list_select_related = ["skill"]
