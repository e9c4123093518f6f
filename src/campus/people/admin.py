from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from .models import ApiToken, Person, PersonLanguage, PersonSkill, RoleGrant


class RoleGrantInline(admin.TabularInline):
    model = RoleGrant
    extra = 0


class PersonLanguageInline(admin.TabularInline):
    model = PersonLanguage
    extra = 0


class PersonSkillInline(admin.TabularInline):
    model = PersonSkill
    extra = 0
    raw_id_fields = ["skill"]


@admin.register(Person)
class PersonAdmin(UserAdmin):
    ordering = ["email"]
    list_display = ["email", "display_name", "institution", "organisation", "is_active"]
    list_filter = ["institution", "is_active", "role_grants__role"]
    search_fields = ["email", "display_name"]
    inlines = [RoleGrantInline, PersonLanguageInline, PersonSkillInline]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (
            "Profile",
            {
                "fields": [
                    "display_name",
                    "institution",
                    "organisation",
                    "themes",
                    "hours_per_week",
                    "bio",
                    "visibility",
                ]
            },
        ),
        ("Access", {"fields": ["is_active", "is_staff", "is_superuser"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["email", "display_name", "password1", "password2"]})
    ]
    filter_horizontal = []


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["name", "person", "prefix", "created_at", "last_used_at", "revoked_at"]
    readonly_fields = ["prefix", "digest", "created_at", "last_used_at"]
    search_fields = ["person__email", "name"]
