"""LTI registrations in the back office. The tool's key shows its id and public half only;
launches are a read-only log."""

from django.contrib import admin

from campus.backoffice import ReadOnlyAdmin

from .models import LtiDeployment, LtiLaunch, LtiPlatform, LtiResourceLink, LtiToolKey


class DeploymentInline(admin.TabularInline):
    model = LtiDeployment
    extra = 1


@admin.register(LtiPlatform)
class LtiPlatformAdmin(admin.ModelAdmin):
    list_display = ["name", "issuer", "client_id", "institution", "match_by_email", "active"]
    list_filter = ["active", "institution"]
    search_fields = ["name", "issuer", "client_id"]
    inlines = [DeploymentInline]


@admin.register(LtiToolKey)
class LtiToolKeyAdmin(ReadOnlyAdmin):
    list_display = ["kid", "created_at", "retired_at"]
    fields = ["kid", "public_jwk", "created_at", "retired_at"]  # never the private key


@admin.register(LtiResourceLink)
class LtiResourceLinkAdmin(admin.ModelAdmin):
    list_display = ["platform", "resource_link_id", "run", "title"]
    list_select_related = ["platform", "run__course"]
    raw_id_fields = ["run"]


@admin.register(LtiLaunch)
class LtiLaunchAdmin(ReadOnlyAdmin):
    list_display = ["at", "platform", "sub", "person", "run", "message_type"]
    list_filter = ["platform", "message_type"]
    list_select_related = ["platform", "person", "run__course"]
    date_hierarchy = "at"
