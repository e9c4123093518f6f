from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _

from campus.backoffice import ReadOnly, ReadOnlyAdmin, ReadOnlyInline
from campus.permissions import Action, can, is_alliance_admin

from .models import Affiliation, ApiToken, Person, PersonLanguage, PersonSkill


class AffiliationInline(ReadOnlyInline):
    """Read-only: affiliations change through the request and decision services (audited)."""

    model = Affiliation
    fk_name = "person"
    fields = ["role", "institution", "organisation", "state", "decided_by", "decided_at", "reason"]
    readonly_fields = fields


class PersonLanguageInline(ReadOnlyInline):
    model = PersonLanguage


class PersonSkillInline(ReadOnlyInline):
    model = PersonSkill
    raw_id_fields = ["skill"]


@admin.register(Person)
class PersonAdmin(ReadOnly, UserAdmin):
    """People in the back office.

    Coordinators and administrators look people up here; changes are made on the campus's
    own pages and API, through the services that check and record them (superusers too).
    """

    ordering = ["email"]
    list_display = ["email", "display_name", "institution", "organisation", "is_active"]
    list_filter = ["institution", "is_active", "affiliations__role"]
    search_fields = ["email", "display_name"]
    inlines = [AffiliationInline, PersonLanguageInline, PersonSkillInline]
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
        (_("Access"), {"fields": ["is_active", "is_staff", "is_superuser"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["email", "display_name", "password1", "password2"]})
    ]
    filter_horizontal = []
    # The home institution and organisation follow the granted affiliations only.
    readonly_fields = ["institution", "organisation"]

    def get_queryset(self, request):
        people = super().get_queryset(request).select_related("institution", "organisation")
        if is_alliance_admin(request.user):
            return people
        return people.filter(institution_id=request.user.institution_id or -1)

    def has_module_permission(self, request):
        return request.user.is_staff and (
            is_alliance_admin(request.user) or can(request.user, Action.VIEW, request.user)
        )

    def has_view_permission(self, request, obj=None):
        if obj is None:
            return self.has_module_permission(request)
        return can(request.user, Action.VIEW, obj)


@admin.register(ApiToken)
class ApiTokenAdmin(ReadOnlyAdmin):
    # Tokens are made and revoked by their holders (people.tokens), never typed in here.
    list_display = ["name", "person", "prefix", "created_at", "last_used_at", "revoked_at"]
    readonly_fields = ["prefix", "digest", "created_at", "last_used_at"]
    search_fields = ["person__email", "name"]
