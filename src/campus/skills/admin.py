"""The skills taxonomy in the back office, read-only: it changes only through `load_esco`."""

from django.contrib import admin

from campus.backoffice import ReadOnlyAdmin, ReadOnlyInline

from .models import Skill, SkillLabel


class SkillLabelInline(ReadOnlyInline):
    model = SkillLabel
    fields = ["language", "text", "preferred"]


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
