"""Green travel: distance, Erasmus+ travel support and CO2e of a mobility, and their totals.

Plain Python, no Django: the mobility app passes the home and host institutions'
coordinates and calls ``travel_estimate``; the impact area sums mobilities with
``travel_total``. The amounts and emission factors are data in ``data/`` (sources and years
in its README); the rules that vary by call or national agency are ``Assumptions``.
"""

from .distance import MEAN_EARTH_RADIUS_KM, check_point, great_circle_km
from .errors import TravelDataError, TravelInputError
from .estimate import distance_band, travel_estimate, travel_total
from .model import (
    BLENDED,
    DEFAULT_ASSUMPTIONS,
    FORMATS,
    MODE_KEYS,
    MODES,
    PHYSICAL,
    VIRTUAL,
    Alternative,
    Assumptions,
    BlendedRules,
    ModeEstimate,
    Sources,
    TravelEstimate,
    TravelTotal,
    Trip,
)
from .tables import Band, emission_factors, travel_table, travel_tables

__all__ = [
    "BLENDED",
    "DEFAULT_ASSUMPTIONS",
    "FORMATS",
    "MEAN_EARTH_RADIUS_KM",
    "MODES",
    "MODE_KEYS",
    "PHYSICAL",
    "VIRTUAL",
    "Alternative",
    "Assumptions",
    "Band",
    "BlendedRules",
    "ModeEstimate",
    "Sources",
    "TravelDataError",
    "TravelEstimate",
    "TravelInputError",
    "TravelTotal",
    "Trip",
    "check_point",
    "distance_band",
    "emission_factors",
    "great_circle_km",
    "travel_estimate",
    "travel_table",
    "travel_tables",
    "travel_total",
]
