"""Great-circle distance between two places, as the Erasmus+ distance calculator measures it.

The European Commission's calculator gives the one-way straight-line distance on a spherical
Earth; the band of travel support is chosen by that distance. The haversine formula on the
mean Earth radius gives it (and stays accurate for short distances, unlike the law of
cosines).
"""

from __future__ import annotations

import math

from .errors import TravelInputError

# The IUGG mean Earth radius R1 = (2a + b) / 3 of WGS84, in km.
MEAN_EARTH_RADIUS_KM = 6371.0088


def _coordinate(value: object, name: str, limit: float, field: str) -> float:
    problem = None
    if isinstance(value, bool) or not isinstance(value, int | float):
        problem = "must be a number of degrees"
    elif not math.isfinite(value):
        problem = "must be a finite number of degrees"
    elif not -limit <= value <= limit:
        problem = f"must lie between -{limit:g} and {limit:g} degrees"
    if problem:
        raise TravelInputError(f"{name} {problem}, got {value!r}", field=field)
    return float(value)


def check_point(lat: object, lon: object, *, end: str = "from") -> tuple[float, float]:
    """A (latitude, longitude) pair in degrees, or TravelInputError saying which value is wrong.

    ``end`` is "from" (the origin) or "to" (the destination): it names the fields.
    """
    names = {"from": "origin", "to": "destination"}
    if end not in names:
        raise ValueError(f"end must be 'from' or 'to', got {end!r}")
    name = names[end]
    return (
        _coordinate(lat, f"{name} latitude", 90, f"{end}_lat"),
        _coordinate(lon, f"{name} longitude", 180, f"{end}_lon"),
    )


def great_circle_km(from_lat: float, from_lon: float, to_lat: float, to_lon: float) -> float:
    """The one-way great-circle distance in km between two WGS84 points (degrees)."""
    lat1, lon1 = check_point(from_lat, from_lon, end="from")
    lat2, lon2 = check_point(to_lat, to_lon, end="to")
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi = phi2 - phi1
    dlambda = math.radians(lon2 - lon1)
    h = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * MEAN_EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))
