"""Reads of the skills taxonomy."""

from .models import Skill


def skill_count() -> int:
    return Skill.objects.count()


def skills_search(query: str, *, limit: int = 20, languages=None):
    """Placeholder until ranking lands: labels containing the query."""
    return list(Skill.objects.filter(labels__search_text__contains=query.lower()).distinct()[:limit])
