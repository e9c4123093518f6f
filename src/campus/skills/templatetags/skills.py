from django import template

from campus.skills.selectors import collection_title as _collection_title

register = template.Library()


@register.filter
def collection_title(name: str) -> str:
    """'green' -> 'Green skills', in the current language."""
    return _collection_title(name)
