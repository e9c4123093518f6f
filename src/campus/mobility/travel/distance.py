"""Great-circle distance between two places, as the Erasmus+ distance calculator measures it.

The European Commission's calculator gives the one-way straight-line distance on a spherical
Earth; the band of travel support is chosen by that distance. The haversine formula on the
mean Earth radius gives it (and stays accurate for short distances, unlike the law of
cosines).
"""

from __future__ import annotations

import math

# The IUGG mean Earth radius R1 = (2a + b) / 3 of WGS84, in km.
MEAN_EARTH_RADIUS_KM = 6371.0088


def _coordinate(value: object, name: str, limit: float) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"{name} must be a number of degrees, got {value!r}")
    if not math.isfinite(value):
        raise ValueError(f"{name} must be a finite number of degrees, got {value!r}")
    if not -limit <= value <= limit:
        raise ValueError(f"{name} must lie between -{limit:g} and {limit:g} degrees, got {value!r}")
    return float(value)


def check_point(lat: object, lon: object, *, name: str = "point") -> tuple[float, float]:
    """A (latitude, longitude) pair in degrees, or ValueError saying which value is wrong."""
    return _coordinate(lat, f"{name} latitude", 90), _coordinate(lon, f"{name} longitude", 180)


def great_circle_km(from_lat: float, from_lon: float, to_lat: float, to_lon: float) -> float:
    """The one-way great-circle distance in km between two WGS84 points (degrees)."""
    lat1, lon1 = check_point(from_lat, from_lon, name="origin")
    lat2, lon2 = check_point(to_lat, to_lon, name="destination")
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi = phi2 - phi1
    dlambda = math.radians(lon2 - lon1)
    h = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * MEAN_EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))
