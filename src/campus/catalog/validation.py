"""Checks of input values shared by the catalogue's forms, CSV files, services and API."""

from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


def parse_decimal(
    value: Any, field: str, *, minimum: Decimal = Decimal("0"), maximum: Decimal | None = None
) -> Decimal:
    """A number from a form, CSV cell or API, or a ValidationError naming the field."""
    try:
        number = (
            Decimal(str(value).strip().replace(",", "."))
            if not isinstance(value, Decimal)
            else value
        )
    except (InvalidOperation, ValueError):
        raise ValidationError(
            {field: _("“%(value)s” is not a number.") % {"value": value}}
        ) from None
    if not number.is_finite():
        raise ValidationError({field: _("“%(value)s” is not a number.") % {"value": value}})
    if number < minimum:
        raise ValidationError(
            {
                field: _("The value must be at least %(min)s; got %(value)s.")
                % {"min": minimum, "value": number}
            }
        )
    if maximum is not None and number > maximum:
        raise ValidationError(
            {
                field: _("The value must be at most %(max)s; got %(value)s.")
                % {"max": maximum, "value": number}
            }
        )
    return number
