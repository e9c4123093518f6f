"""Verifications in the back office, read-only: they are recorded by the verify page, the
verify API and shared credentials' pages, and counted by the impact dashboard. The verified
credential is shown by its achievement, not its holder: counting needs no one's name."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from campus.backoffice import ReadOnlyAdmin

from .models import Verification


@admin.register(Verification)
class VerificationAdmin(ReadOnlyAdmin):
    list_display = ["at", "outcome", "channel", "issuer", "achievement"]
    list_filter = ["outcome", "channel", "issuer"]
    list_select_related = ["issuer", "credential__achievement"]
    date_hierarchy = "at"
    fields = ["at", "outcome", "channel", "issuer", "achievement"]
    readonly_fields = ["achievement"]

    @admin.display(description=_("achievement"))
    def achievement(self, verification: Verification) -> str:
        credential = verification.credential
        return credential.achievement.title if credential else "—"
