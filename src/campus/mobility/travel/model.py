"""What the travel engine takes and gives: travel modes, the rules that vary, and the results."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from .errors import TravelInputError
from .tables import Band

PHYSICAL, BLENDED, VIRTUAL = "physical", "blended", "virtual"
FORMATS = (PHYSICAL, BLENDED, VIRTUAL)


@dataclass(frozen=True)
class Mode:
    """A way to travel: which emission factor it uses and whether Erasmus+ counts it as green.

    Green travel is what erasmus-travel.json's ``green_travel`` says: bike, bus, train,
    car-pooling or other sustainable transport for the main part of the trip; a plane never.
    """

    key: str
    green: bool
    factor: str
    # Above Assumptions.short_haul_max_km the plane takes this factor instead.
    long_haul_factor: str | None = None
    # A car's factor is per vehicle-km: divided by its occupancy (car share) or by one.
    per_vehicle: bool = False
    shared: bool = False


# Aviation is counted with radiative forcing (the non-CO2 effects at altitude), the policy
# DESNZ recommends for the full climate effect. Rail uses the national-rail factor: the
# international one is Eurostar's (mostly nuclear-powered, 0.0045) and would understate
# continental rail between the partners.
MODES: tuple[Mode, ...] = (
    Mode(
        "plane",
        green=False,
        factor="plane_short_haul_with_rf",
        long_haul_factor="plane_international_with_rf",
    ),
    Mode("train", green=True, factor="train_national"),
    Mode("bus", green=True, factor="coach"),
    Mode(
        "car_share", green=True, factor="car_average_per_vehicle_km", per_vehicle=True, shared=True
    ),
    Mode("car", green=False, factor="car_average_per_vehicle_km", per_vehicle=True),
)
MODE_KEYS = tuple(mode.key for mode in MODES)
AVIATION_POLICY = "with radiative forcing"

# Real trips are longer than the straight line. The plane's 8 % is DESNZ's uplift for
# indirect flight paths and circling; 20 % for rail and road is the campus's estimate of how
# much longer the routes between European cities run than the great circle.
DEFAULT_DETOUR: Mapping[str, float] = MappingProxyType(
    {"plane": 1.08, "train": 1.2, "bus": 1.2, "car_share": 1.2, "car": 1.2}
)


@dataclass(frozen=True)
class Assumptions:
    """The rules that differ by call or national agency, and the campus's own estimates.

    green_top_up_eur, green_extra_days: the one-off top-up for a student in long-term
        mobility who travels green (50 EUR and up to 4 extra days of individual support under
        the 2021–2023 calls; set 0 where the national agency no longer grants it).
    bip_min_participants: the least number of mobile participants of a blended intensive
        programme (10 in some calls, 15 in others).
    car_share_occupancy: people in a shared car, dividing the car's per-vehicle factor.
    detour: per mode, real route length / great-circle distance (the modes named override
        DEFAULT_DETOUR).
    short_haul_max_km: flights up to this one-way distance take the short-haul factor
        (DESNZ's short-haul flights reach about 3,700 km), longer ones the international.
    assumed_flight_from_km: the usual way to travel, against which CO2 avoided is counted
        when no mode is chosen: by plane from this one-way distance, alone by car below it.
    """

    green_top_up_eur: int = 50
    green_extra_days: int = 4
    bip_min_participants: int = 10
    car_share_occupancy: int = 3
    detour: Mapping[str, float] = field(default_factory=lambda: DEFAULT_DETOUR)
    short_haul_max_km: float = 3700.0
    assumed_flight_from_km: float = 700.0

    def __post_init__(self) -> None:
        for name in ("green_top_up_eur", "green_extra_days"):
            whole_number(getattr(self, name), name, minimum=0)
        whole_number(self.bip_min_participants, "bip_min_participants", minimum=1)
        whole_number(self.car_share_occupancy, "car_share_occupancy", minimum=2)
        if not isinstance(self.detour, Mapping):
            raise ValueError(f"detour must map travel modes to factors, got {self.detour!r}")
        for key, value in self.detour.items():
            if key not in MODE_KEYS:
                raise ValueError(f"detour: unknown travel mode {key!r}")
            if isinstance(value, bool) or not isinstance(value, int | float) or not value >= 1:
                raise ValueError(f"detour of {key} must be a number of at least 1, got {value!r}")
        # A partial mapping overrides the defaults of the modes it names.
        object.__setattr__(self, "detour", MappingProxyType({**DEFAULT_DETOUR, **self.detour}))
        for name in ("short_haul_max_km", "assumed_flight_from_km"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int | float) or not value >= 0:
                raise ValueError(f"{name} must be a non-negative number, got {value!r}")


def whole_number(value: object, name: str, *, minimum: int) -> int:
    """``value`` if it is a whole number of at least ``minimum``, else TravelInputError."""
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise TravelInputError(
            f"{name} must be a whole number of at least {minimum}, got {value!r}", field=name
        )
    return value


DEFAULT_ASSUMPTIONS = Assumptions()


@dataclass(frozen=True)
class BlendedRules:
    """What a blended intensive programme needs (Erasmus+ documents, as the README states)."""

    min_participants: int
    min_institutions: int = 3
    min_countries: int = 3
    physical_days: tuple[int, int] = (5, 30)
    min_ects: int = 3  # for students
    virtual_component: bool = True  # compulsory


@dataclass(frozen=True)
class ModeEstimate:
    """One travel mode for the return trip: its CO2e and the support if it is the one chosen."""

    mode: str
    green: bool
    factor: str  # the name of the emission factor in emission-factors.json
    kg_per_passenger_km: float  # after dividing a car's factor by its occupancy
    detour: float
    travelled_km: float  # there and back, along the route (great circle x detour)
    co2e_kg: float  # there and back, per traveller
    avoided_kg: float  # against the usual way (TravelEstimate.reference_mode); may be < 0
    travel_support_eur: int
    travel_days: int
    green_top_up_eur: int  # only in long-term mobility


@dataclass(frozen=True)
class Alternative:
    """Doing the mobility virtually or blended instead, and the CO2e it avoids.

    A blended programme still travels once for its physical phase (by the baseline mode), so
    it avoids only the round trips beyond the first; a virtual one avoids them all.
    """

    kind: str  # VIRTUAL or BLENDED
    round_trips: int
    co2e_kg: float
    avoided_kg: float  # against TravelEstimate.baseline_mode x round_trips
    rules: BlendedRules | None = None


@dataclass(frozen=True)
class Sources:
    travel_support: str
    distance_rule: str
    emission_factors: str
    factors_unit: str
    aviation: str = AVIATION_POLICY


@dataclass(frozen=True)
class TravelEstimate:
    """The travel of one mobility between two places, for one traveller."""

    distance_km: float  # one way, great circle: what the band is chosen by
    call_year: int
    currency: str
    band: Band | None  # None under the first band's distance: no travel support
    standard_support_eur: int  # for the return trip
    green_support_eur: int
    # what the traveller receives for travel: the chosen mode's amount, standard if none
    travel_support_eur: int
    modes: tuple[ModeEstimate, ...]
    mode: str | None  # the mode chosen, if any
    long_term: bool
    green_top_up_eur: int  # the chosen mode's top-up (0 when none chosen)
    green_extra_days: int
    reference_mode: str  # the usual way, for CO2 avoided: plane or car by distance
    baseline_mode: str  # the chosen mode, else reference_mode: what alternatives replace
    round_trips: int
    alternatives: tuple[Alternative, ...]
    sources: Sources

    def by_mode(self, key: str) -> ModeEstimate:
        """The estimate of one mode; ValueError for an unknown one."""
        for estimate in self.modes:
            if estimate.mode == key:
                return estimate
        raise TravelInputError(unknown_mode(key), field="mode")

    @property
    def chosen(self) -> ModeEstimate | None:
        return self.by_mode(self.mode) if self.mode else None


def unknown_mode(key: object) -> str:
    return f"unknown travel mode {key!r}; the modes are: {', '.join(MODE_KEYS)}"


@dataclass(frozen=True)
class Trip:
    """One mobility, for the totals: where from and to, its format, and how it travels.

    mode: how the physical part travels (None: the usual way, see Assumptions);
    round_trips: the return trips a physical mobility makes (a blended one makes one, a
    virtual one none); travellers: people making the same trip.
    """

    from_lat: float
    from_lon: float
    to_lat: float
    to_lon: float
    format: str = PHYSICAL
    mode: str | None = None
    travellers: int = 1
    round_trips: int = 1


@dataclass(frozen=True)
class TravelTotal:
    """CO2e emitted and avoided over several mobilities (the impact area's figures)."""

    mobilities: int
    travellers: int
    co2e_emitted_kg: float
    co2e_avoided_kg: float  # against everyone travelling the usual way (reference mode)
    emitted_by_mode: dict[str, float]
    mobilities_by_format: dict[str, int]
