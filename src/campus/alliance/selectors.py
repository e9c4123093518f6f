"""Reads of the alliance: institutions, organisations, governance."""

from .models import Institution, Organisation


def alliance_summary() -> dict[str, int]:
    """Counts for the front page."""
    return {
        "institutions": Institution.objects.count(),
        "countries": Institution.objects.values("country").distinct().count(),
        "organisations": Organisation.objects.count(),
    }
