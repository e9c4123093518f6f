"""Figures of the impact pages in the reader's number format."""

from decimal import Decimal

from django import template
from django.utils.formats import number_format

register = template.Library()


@register.simple_tag
def figure(value) -> str:
    """A count or a sum as the reader writes numbers; "—" where a figure does not apply."""
    if value is None:
        return "—"
    if isinstance(value, (Decimal, float)) and value != int(value):
        return number_format(value, decimal_pos=1, use_l10n=True, force_grouping=True)
    return number_format(int(value), use_l10n=True, force_grouping=True)


@register.simple_tag
def column_label(table, index: int) -> str:
    """The label of a table's column (with its unit), for the stacked layout on phones."""
    column = table.columns[index]
    return f"{column.label} ({column.unit})" if column.unit else column.label
