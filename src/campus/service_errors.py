"""Showing a service's ValidationError where the person will see it: on the form that caused it.

Every app's views use this one function, so field errors land on their fields and the rest
above the form the same way everywhere.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _


def apply_service_errors(form, error: ValidationError) -> None:
    """Put each field's messages on that field of the form, everything else on the form itself."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def error_messages(error: ValidationError | PermissionDenied) -> list[str]:
    """A service's error as short sentences, each field's message once."""
    if isinstance(error, PermissionDenied):
        return [str(error) or _("You may not do this.")]
    if hasattr(error, "error_dict"):
        return [m for messages in error.message_dict.values() for m in messages]
    return list(error.messages)
