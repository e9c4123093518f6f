"""The back office for knowledge transfer: read-only like the rest of the research hub; every
step goes through the services in campus.research.transfer."""

from django.contrib import admin

from campus.backoffice import ReadOnlyAdmin, ReadOnlyInline

from .transfer_models import TransferInvitation, TransferRequest


class TransferInvitationInline(ReadOnlyInline):
    model = TransferInvitation
    raw_id_fields = ["profile"]


@admin.register(TransferRequest)
class TransferRequestAdmin(ReadOnlyAdmin):
    list_display = ["title", "stakeholder", "organisation", "state", "rating", "created_at"]
    list_filter = ["state", "chosen"]
    search_fields = ["title", "stakeholder__email", "organisation__name"]
    list_select_related = ["stakeholder", "organisation"]
    raw_id_fields = ["stakeholder", "organisation", "expert"]
    inlines = [TransferInvitationInline]
