"""The Django admin's shared rule for models whose services keep an audit.

A change of state on such a model (a challenge's review, a team's membership, a person's
roles, a taxonomy entry) goes through its service, which checks permissions, validates and
records who did what. The admin would bypass all of that, so it only shows these models.
"""

from django.contrib import admin


class ReadOnly:
    """Refuses adding, changing and deleting; viewing follows the admin's usual permissions."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyAdmin(ReadOnly, admin.ModelAdmin):
    pass


class ReadOnlyInline(ReadOnly, admin.TabularInline):
    extra = 0
