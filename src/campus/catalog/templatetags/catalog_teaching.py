"""Template tags of teaching: the address of a person's calendar feed.

{% load catalog_teaching %}
{% calendar_feed_url as url %}<a href="{{ url }}">…</a>
"""

from django import template

from campus.catalog.selectors import calendar_feed_url as _feed_url

register = template.Library()


@register.simple_tag(takes_context=True)
def calendar_feed_url(context, person=None) -> str:
    """The signed-in person's (or the given person's) iCalendar address, absolute."""
    request = context.get("request")
    person = person or getattr(request, "user", None)
    if person is None or not person.is_authenticated:
        return ""
    return _feed_url(person, request)
