"""The published tables the travel engine reads: Erasmus+ travel support and emission factors.

The JSON files ship in ``data/`` beside this module (sources and years in its README). Each is
read once per process and its shape checked on load, so a wrong edit of a file stops with a
message naming the file and the field instead of a wrong amount later.
"""

from __future__ import annotations

import functools
import json
import math
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any

from .errors import TravelDataError, TravelInputError

DATA_DIR = Path(__file__).resolve().parent / "data"
# One file per call year; a new call's amounts go into a new file named here.
TRAVEL_FILES = ("erasmus-travel.json",)
FACTORS_FILE = "emission-factors.json"


@dataclass(frozen=True)
class Band:
    """An Erasmus+ distance band: whole kilometres ``min_km``..``max_km`` (None: no upper end)."""

    min_km: int
    max_km: int | None
    standard_eur: int
    green_eur: int

    def holds(self, distance_km: float) -> bool:
        """Whether a one-way distance falls in this band.

        Bands are published in whole kilometres (10–99, 100–499…), so a distance belongs to
        the band of its whole kilometres: 99.9 km is in 10–99, 100.0 km in 100–499.
        """
        whole = math.floor(distance_km)
        return self.min_km <= whole and (self.max_km is None or whole <= self.max_km)

    @property
    def label(self) -> str:
        return f"{self.min_km}+ km" if self.max_km is None else f"{self.min_km}–{self.max_km} km"


@dataclass(frozen=True)
class TravelTable:
    """One call year's travel support: bands, currency, travel days, and where it comes from."""

    call_year: int
    source: str
    distance_rule: str
    green_rule: str
    currency: str
    bands: tuple[Band, ...]
    standard_travel_days: int
    green_travel_days: int

    def band_for(self, distance_km: float) -> Band | None:
        """The band of a one-way distance; None below the first band (no travel support)."""
        return next((band for band in self.bands if band.holds(distance_km)), None)


@dataclass(frozen=True)
class EmissionFactors:
    """kg CO2e per passenger-km by factor name, with the source the numbers come from."""

    source: str
    unit: str
    factors: MappingProxyType[str, float]
    notes: str


def _field(obj: Any, key: str, kind: type | tuple[type, ...], where: str) -> Any:
    if not isinstance(obj, dict):
        raise TravelDataError(f"{where}: expected an object, got {type(obj).__name__}")
    if key not in obj:
        raise TravelDataError(f"{where}: missing field {key!r}")
    value = obj[key]
    if not isinstance(value, kind) or isinstance(value, bool):
        names = kind.__name__ if isinstance(kind, type) else " or ".join(k.__name__ for k in kind)
        raise TravelDataError(f"{where}.{key}: expected {names}, got {value!r}")
    return value


def _amount(obj: Any, key: str, where: str) -> int:
    value = _field(obj, key, int, where)
    if value < 0:
        raise TravelDataError(f"{where}.{key}: an amount cannot be negative, got {value}")
    return value


def parse_travel_table(doc: Any, name: str) -> TravelTable:
    """Check an erasmus-travel document's shape and read it; TravelDataError says what is wrong.

    The bands must run upwards without gap or overlap (each starts one kilometre after the
    previous one ends) and only the last may be open-ended.
    """
    year = _field(doc, "call_year", int, name)
    if not 2014 <= year <= 2100:
        raise TravelDataError(f"{name}.call_year: not an Erasmus+ call year: {year}")
    rows = _field(doc, "bands", list, name)
    if not rows:
        raise TravelDataError(f"{name}.bands: no distance band")
    bands = []
    for i, row in enumerate(rows):
        where = f"{name}.bands[{i}]"
        min_km = _field(row, "min_km", int, where)
        max_km = row.get("max_km") if isinstance(row, dict) else None
        if max_km is not None and (not isinstance(max_km, int) or isinstance(max_km, bool)):
            raise TravelDataError(f"{where}.max_km: expected int or null, got {max_km!r}")
        band = Band(min_km, max_km, _amount(row, "standard", where), _amount(row, "green", where))
        if band.max_km is not None and band.max_km < band.min_km:
            raise TravelDataError(f"{where}: max_km {band.max_km} is below min_km {band.min_km}")
        if bands:
            previous = bands[-1]
            if previous.max_km is None:
                raise TravelDataError(f"{where}: follows an open-ended band")
            if band.min_km != previous.max_km + 1:
                raise TravelDataError(
                    f"{where}: starts at {band.min_km} km, but the band before ends at "
                    f"{previous.max_km} km (bands must follow each other without gap or overlap)"
                )
        bands.append(band)
    days = _field(doc, "travel_days", dict, name)
    return TravelTable(
        call_year=year,
        source=_field(doc, "source", str, name),
        distance_rule=_field(doc, "distance", str, name),
        green_rule=_field(doc, "green_travel", str, name),
        currency=_field(doc, "currency", str, name),
        bands=tuple(bands),
        standard_travel_days=_amount(days, "standard_max", f"{name}.travel_days"),
        green_travel_days=_amount(days, "green_max", f"{name}.travel_days"),
    )


def parse_emission_factors(doc: Any, name: str) -> EmissionFactors:
    """Check an emission-factors document's shape and read it."""
    modes = _field(doc, "modes", dict, name)
    factors = {}
    for key, value in modes.items():
        if not isinstance(value, int | float) or isinstance(value, bool) or not value >= 0:
            raise TravelDataError(
                f"{name}.modes.{key}: expected a non-negative number, got {value!r}"
            )
        factors[key] = float(value)
    if not factors:
        raise TravelDataError(f"{name}.modes: no emission factor")
    return EmissionFactors(
        source=_field(doc, "source", str, name),
        unit=_field(doc, "unit", str, name),
        factors=MappingProxyType(factors),
        notes=_field(doc, "notes", str, name) if "notes" in doc else "",
    )


def _read(name: str) -> Any:
    try:
        return json.loads((DATA_DIR / name).read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise TravelDataError(f"{name}: cannot be read as JSON: {exc}") from exc


@functools.cache
def travel_tables() -> MappingProxyType[int, TravelTable]:
    """Every shipped call year's travel support, by call year."""
    tables: dict[int, TravelTable] = {}
    for name in TRAVEL_FILES:
        table = parse_travel_table(_read(name), name)
        if table.call_year in tables:
            raise TravelDataError(f"{name}: a second table for call year {table.call_year}")
        tables[table.call_year] = table
    return MappingProxyType(tables)


def travel_table(call_year: int | None = None) -> TravelTable:
    """The travel support of ``call_year``, the latest shipped call when None."""
    tables = travel_tables()
    if call_year is None:
        return tables[max(tables)]
    if isinstance(call_year, bool) or not isinstance(call_year, int):
        raise TravelInputError(
            f"call year must be a whole year such as 2025, got {call_year!r}", field="call_year"
        )
    if call_year not in tables:
        known = ", ".join(str(year) for year in sorted(tables))
        raise TravelInputError(
            f"no Erasmus+ travel amounts for call year {call_year}; the campus has: {known}",
            field="call_year",
        )
    return tables[call_year]


@functools.cache
def emission_factors() -> EmissionFactors:
    """The shipped emission factors."""
    return parse_emission_factors(_read(FACTORS_FILE), FACTORS_FILE)
