"""The travel estimate of a mobility and the totals over many.

Per mobility: the one-way great-circle distance, its Erasmus+ band and travel support
(standard and green), the CO2e of the return trip by each mode, the green top-up when a
green mode is chosen, and what a virtual or blended mobility would avoid.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import replace

from .distance import great_circle_km
from .errors import TravelDataError, TravelInputError
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
    Mode,
    ModeEstimate,
    Sources,
    TravelEstimate,
    TravelTotal,
    Trip,
    unknown_mode,
    whole_number,
)
from .tables import (
    Band,
    EmissionFactors,
    TravelTable,
    emission_factors,
    travel_table,
)


def _check_mode(mode: object) -> str | None:
    if mode is None:
        return None
    if not isinstance(mode, str) or mode not in MODE_KEYS:
        raise TravelInputError(unknown_mode(mode), field="mode")
    return mode


def _factors() -> EmissionFactors:
    """The shipped factors, refused whole if one that a travel mode uses is missing."""
    factors = emission_factors()
    names = {name for mode in MODES for name in (mode.factor, mode.long_haul_factor) if name}
    missing = sorted(names - factors.factors.keys())
    if missing:
        raise TravelDataError(
            f"emission-factors.json: no factor {', '.join(map(repr, missing))}, "
            "which the travel modes use"
        )
    return factors


def _kg_per_passenger_km(
    mode: Mode, distance_km: float, factors: EmissionFactors, assumptions: Assumptions
) -> tuple[str, float]:
    name = mode.factor
    if mode.long_haul_factor and distance_km > assumptions.short_haul_max_km:
        name = mode.long_haul_factor
    kg = factors.factors[name]
    if mode.per_vehicle:
        kg /= assumptions.car_share_occupancy if mode.shared else 1
    return name, kg


def distance_band(distance_km: float, *, call_year: int | None = None) -> Band | None:
    """The Erasmus+ band of a one-way distance in km; None under the first band."""
    if isinstance(distance_km, bool) or not isinstance(distance_km, int | float):
        raise TravelInputError(
            f"distance must be a number of km, got {distance_km!r}", field="distance_km"
        )
    if not math.isfinite(distance_km) or distance_km < 0:
        raise TravelInputError(
            f"distance must be a finite number of km, at least 0, got {distance_km!r}",
            field="distance_km",
        )
    return travel_table(call_year).band_for(distance_km)


def _reference_mode(distance_km: float, assumptions: Assumptions) -> str:
    return "plane" if distance_km >= assumptions.assumed_flight_from_km else "car"


def _mode_estimate(
    mode: Mode,
    distance_km: float,
    table: TravelTable,
    factors: EmissionFactors,
    *,
    long_term: bool,
    assumptions: Assumptions,
) -> ModeEstimate:
    """One mode's return trip; its avoided_kg is filled in against the reference afterwards."""
    name, kg = _kg_per_passenger_km(mode, distance_km, factors, assumptions)
    detour = float(assumptions.detour[mode.key])
    travelled = 2 * distance_km * detour
    band = table.band_for(distance_km)
    top_up = mode.green and long_term
    days = table.green_travel_days if mode.green else table.standard_travel_days
    if top_up:
        # The top-up's extra days count from the standard days; in Call 2025 they are the
        # same four days the green travel days already grant, never paid twice.
        days = max(days, table.standard_travel_days + assumptions.green_extra_days)
    return ModeEstimate(
        mode=mode.key,
        green=mode.green,
        factor=name,
        kg_per_passenger_km=kg,
        detour=detour,
        travelled_km=travelled,
        co2e_kg=kg * travelled,
        avoided_kg=0.0,
        travel_support_eur=(band.green_eur if mode.green else band.standard_eur) if band else 0,
        travel_days=days,
        green_top_up_eur=assumptions.green_top_up_eur if top_up else 0,
    )


def travel_estimate(
    from_lat: float,
    from_lon: float,
    to_lat: float,
    to_lon: float,
    *,
    call_year: int | None = None,
    long_term: bool = False,
    mode: str | None = None,
    round_trips: int = 1,
    assumptions: Assumptions = DEFAULT_ASSUMPTIONS,
) -> TravelEstimate:
    """The travel of one traveller from one place (degrees, WGS84) to another and back.

    call_year: whose Erasmus+ amounts (None: the latest the campus ships); long_term: a
    long-term mobility (a semester or more), where a green traveller gets the top-up;
    mode: the travel mode chosen (one of MODE_KEYS), if any; round_trips: how many return
    trips the physical mobility makes. Bad input raises TravelInputError (a ValueError) with a message
    to show and the argument it is about.
    """
    if not isinstance(long_term, bool):
        raise TravelInputError(
            f"long_term must be true or false, got {long_term!r}", field="long_term"
        )
    mode = _check_mode(mode)
    round_trips = whole_number(round_trips, "round_trips", minimum=1)
    if not isinstance(assumptions, Assumptions):
        raise TypeError("assumptions must be an Assumptions")
    distance = great_circle_km(from_lat, from_lon, to_lat, to_lon)
    table = travel_table(call_year)
    factors = _factors()
    band = table.band_for(distance)
    reference = _reference_mode(distance, assumptions)
    modes = [
        _mode_estimate(m, distance, table, factors, long_term=long_term, assumptions=assumptions)
        for m in MODES
    ]
    reference_kg = next(m.co2e_kg for m in modes if m.mode == reference)
    modes = [replace(m, avoided_kg=reference_kg - m.co2e_kg) for m in modes]
    by_key = {estimate.mode: estimate for estimate in modes}
    baseline = mode or reference
    trip_kg = by_key[baseline].co2e_kg
    alternatives = (
        Alternative(VIRTUAL, round_trips=0, co2e_kg=0.0, avoided_kg=round_trips * trip_kg),
        Alternative(
            BLENDED,
            round_trips=1,
            co2e_kg=trip_kg,
            avoided_kg=(round_trips - 1) * trip_kg,
            rules=BlendedRules(min_participants=assumptions.bip_min_participants),
        ),
    )
    chosen = by_key[mode] if mode else None
    extra_days = assumptions.green_extra_days if chosen and chosen.green and long_term else 0
    standard = band.standard_eur if band else 0
    return TravelEstimate(
        distance_km=distance,
        call_year=table.call_year,
        currency=table.currency,
        band=band,
        standard_support_eur=standard,
        green_support_eur=band.green_eur if band else 0,
        modes=tuple(modes),
        mode=mode,
        long_term=long_term,
        travel_support_eur=chosen.travel_support_eur if chosen else standard,
        green_top_up_eur=chosen.green_top_up_eur if chosen else 0,
        green_extra_days=extra_days,
        reference_mode=reference,
        baseline_mode=baseline,
        round_trips=round_trips,
        alternatives=alternatives,
        sources=Sources(
            travel_support=table.source,
            distance_rule=table.distance_rule,
            emission_factors=factors.source,
            factors_unit=factors.unit,
        ),
    )


def travel_total(
    trips: Iterable[Trip], *, assumptions: Assumptions = DEFAULT_ASSUMPTIONS
) -> TravelTotal:
    """CO2e emitted and avoided over several mobilities.

    Emitted: a physical mobility's round trips by its mode, a blended one's single trip for
    its physical phase, nothing for a virtual one; times its travellers. Avoided: what the
    same round trips would emit the usual way (plane or car by distance, see Assumptions),
    less what was emitted, never below zero for a mobility.
    """
    emitted_by_mode: dict[str, float] = defaultdict(float)
    by_format: Counter[str] = Counter()
    emitted = avoided = 0.0
    mobilities = travellers = 0
    for i, trip in enumerate(trips):
        if not isinstance(trip, Trip):
            raise TravelInputError(
                f"trip {i + 1}: expected a Trip, got {type(trip).__name__}", field="trip", trip=i
            )
        if trip.format not in FORMATS:
            raise TravelInputError(
                f"trip {i + 1}: unknown mobility format {trip.format!r}; "
                f"the formats are: {', '.join(FORMATS)}",
                field="format",
                trip=i,
            )
        try:
            people = whole_number(trip.travellers, "travellers", minimum=1)
            estimate = travel_estimate(
                trip.from_lat,
                trip.from_lon,
                trip.to_lat,
                trip.to_lon,
                mode=trip.mode,
                round_trips=trip.round_trips,
                assumptions=assumptions,
            )
        except TravelInputError as exc:
            raise TravelInputError(f"trip {i + 1}: {exc}", field=exc.field, trip=i) from exc
        trip_kg = estimate.by_mode(estimate.baseline_mode).co2e_kg
        made = {PHYSICAL: estimate.round_trips, BLENDED: 1, VIRTUAL: 0}[trip.format]
        kg = made * trip_kg * people
        usual = estimate.round_trips * estimate.by_mode(estimate.reference_mode).co2e_kg * people
        if kg:
            emitted_by_mode[estimate.baseline_mode] += kg
        emitted += kg
        avoided += max(0.0, usual - kg)
        mobilities += 1
        travellers += people
        by_format[trip.format] += 1
    return TravelTotal(
        mobilities=mobilities,
        travellers=travellers,
        co2e_emitted_kg=emitted,
        co2e_avoided_kg=avoided,
        emitted_by_mode=dict(emitted_by_mode),
        mobilities_by_format={f: by_format[f] for f in FORMATS},
    )
