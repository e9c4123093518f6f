"""Template filters for alliance pages."""

from django import template
from django.utils.translation import get_language_info

register = template.Library()


@register.filter
def language_name(code: str) -> str:
    """The name of an ISO 639-1 language in the current language, or the code itself."""
    try:
        return get_language_info(code)["name_translated"]
    except KeyError:
        return code
