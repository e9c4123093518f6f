"""Which institutions and languages are within reach of a region: plain data in and out.

A course is within reach of a region when it is taught online, in a language spoken in the
region's country, or at an institution within a set distance (great-circle) of one of the
region's partner institutions (docs/decisions/0013-skills-gap.md).
"""

from __future__ import annotations

import math
from collections.abc import Iterable

EARTH_RADIUS_KM = 6371.0088  # the mean radius (IUGG)

# The official languages of the EU member states (ISO 3166-1 alpha-2 -> ISO 639-1), the
# languages a course may be taught in to count as spoken there. English counts only where it
# is official (IE, MT): counted everywhere, every English course would be within reach of
# every region and the distance and language would say nothing.
COUNTRY_LANGUAGES: dict[str, tuple[str, ...]] = {
    "AT": ("de",),
    "BE": ("nl", "fr", "de"),
    "BG": ("bg",),
    "CY": ("el",),
    "CZ": ("cs",),
    "DE": ("de",),
    "DK": ("da",),
    "EE": ("et",),
    "ES": ("es",),
    "FI": ("fi", "sv"),
    "FR": ("fr",),
    "GR": ("el",),
    "HR": ("hr",),
    "HU": ("hu",),
    "IE": ("en", "ga"),
    "IT": ("it",),
    "LT": ("lt",),
    "LU": ("lb", "fr", "de"),
    "LV": ("lv",),
    "MT": ("mt", "en"),
    "NL": ("nl",),
    "PL": ("pl",),
    "PT": ("pt",),
    "RO": ("ro",),
    "SE": ("sv",),
    "SI": ("sl",),
    "SK": ("sk",),
}


def great_circle_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """The great-circle distance between two points in kilometres (haversine)."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    d_phi = phi2 - phi1
    d_lambda = math.radians(lon2 - lon1)
    a = math.sin(d_phi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(d_lambda / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def languages_spoken(country: str) -> tuple[str, ...]:
    """The languages spoken in a country (its official ones), none for an unknown country."""
    return COUNTRY_LANGUAGES.get(country.upper(), ())


def institutions_within(
    origins: Iterable[tuple[float, float]],
    institutions: Iterable[tuple[int, float, float]],
    distance_km: float,
) -> set[int]:
    """The ids of the institutions (id, lat, lon) within `distance_km` of any origin (lat, lon)."""
    points = list(origins)
    return {
        pk
        for pk, lat, lon in institutions
        if any(great_circle_km(lat, lon, o_lat, o_lon) <= distance_km for o_lat, o_lon in points)
    }
