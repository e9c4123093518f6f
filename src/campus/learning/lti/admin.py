"""LTI registrations in the back office, written through the registration services (alliance
administrators). The tool's key shows its id and public half only; resource links (made by
launches and deep linking) and launches are a read-only record."""

from django.contrib import admin

from campus.alliance.admin import ServiceAdmin
from campus.backoffice import ReadOnlyAdmin

from . import registrations
from .models import LtiDeployment, LtiLaunch, LtiPlatform, LtiResourceLink, LtiToolKey


@admin.register(LtiPlatform)
class LtiPlatformAdmin(ServiceAdmin):
    list_display = ["name", "issuer", "client_id", "institution", "match_by_email", "active"]
    list_filter = ["active", "institution"]
    search_fields = ["name", "issuer", "client_id"]
    fields = sorted(registrations.PLATFORM_FIELDS)
    create_service = registrations.platform_create
    update_service = registrations.platform_update
    delete_service = registrations.platform_delete
    instance_kwarg = "platform"


@admin.register(LtiDeployment)
class LtiDeploymentAdmin(ServiceAdmin):
    list_display = ["platform", "deployment_id", "active"]
    list_filter = ["platform", "active"]
    fields = ["platform", "deployment_id", "active"]
    create_service = registrations.deployment_create
    update_service = registrations.deployment_update
    delete_service = registrations.deployment_delete
    instance_kwarg = "deployment"

    def get_readonly_fields(self, request, obj=None):
        return ["platform"] if obj is not None else []


@admin.register(LtiToolKey)
class LtiToolKeyAdmin(ReadOnlyAdmin):
    list_display = ["kid", "created_at", "retired_at"]
    fields = ["kid", "public_jwk", "created_at", "retired_at"]  # never the private key


@admin.register(LtiResourceLink)
class LtiResourceLinkAdmin(ReadOnlyAdmin):
    list_display = ["platform", "resource_link_id", "run", "title"]
    list_select_related = ["platform", "run__course"]
    raw_id_fields = ["run"]


@admin.register(LtiLaunch)
class LtiLaunchAdmin(ReadOnlyAdmin):
    list_display = ["at", "platform", "sub", "person", "run", "message_type"]
    list_filter = ["platform", "message_type"]
    list_select_related = ["platform", "person", "run__course"]
    date_hierarchy = "at"
