"""GET /api/v1/mobility/travel: the travel between two partner institutions (green travel).

The distance, the Erasmus+ distance band and its travel support, the CO2e of each travel mode
and the virtual and blended alternatives, from the institutions' coordinates through the
plain-Python engine ``campus.mobility.travel`` (its data and their sources in its ``data/``).
"""

from typing import Literal

from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from campus.alliance.models import Institution
from campus.alliance.selectors import institution_by_code
from campus.people.schemas import ErrorOut

from . import selectors, travel

router = Router(tags=["mobility"])


class PlaceOut(Schema):
    code: str = Field(description="Erasmus code")
    name: str
    city: str
    country: str


class BandOut(Schema):
    min_km: int
    max_km: int | None
    standard_eur: int = Field(description="Travel support for the return trip")
    green_eur: int = Field(description="The same when travelling green")


class ModeOut(Schema):
    mode: str
    label: str = Field(description="In the caller's language")
    green: bool = Field(description="Counts as green travel for Erasmus+")
    travelled_km: float = Field(description="There and back, along the route")
    co2e_kg: float = Field(description="There and back, per traveller")
    avoided_kg: float = Field(description="Against the usual way (reference_mode); may be < 0")
    travel_support_eur: int
    travel_days: int
    green_top_up_eur: int = Field(description="Only in long-term mobility")


class AlternativeOut(Schema):
    kind: str
    label: str
    round_trips: int
    co2e_kg: float
    avoided_kg: float


class SourcesOut(Schema):
    travel_support: str
    distance_rule: str
    emission_factors: str
    factors_unit: str
    aviation: str


class TravelOut(Schema):
    origin: PlaceOut = Field(alias="from")
    destination: PlaceOut = Field(alias="to")
    distance_km: float = Field(description="One way, great circle: what the band is chosen by")
    call_year: int
    currency: str
    band: BandOut | None = Field(description="None under the first band: no travel support")
    standard_support_eur: int
    green_support_eur: int
    travel_support_eur: int = Field(description="For the chosen mode, else the standard amount")
    mode: str | None
    long_term: bool
    green_top_up_eur: int
    green_extra_days: int
    reference_mode: str = Field(description="The usual way to make this trip")
    modes: list[ModeOut]
    alternatives: list[AlternativeOut]
    sources: SourcesOut


class TravelQuery(Schema):
    origin: str = Field(alias="from", max_length=40, description="Erasmus code of the home")
    destination: str = Field(alias="to", max_length=40, description="Erasmus code of the host")
    mode: Literal["plane", "train", "bus", "car_share", "car"] | None = Field(
        None, description="The travel mode chosen, if any"
    )
    long_term: bool = Field(False, description="A long-term mobility (the green top-up)")
    call_year: int | None = Field(None, description="The Erasmus+ call; the latest by default")


def _place(code: str) -> Institution:
    try:
        return institution_by_code(code)
    except Institution.DoesNotExist:
        raise HttpError(
            404, _("No partner institution has the Erasmus code “%(code)s”.") % {"code": code}
        ) from None


@router.get(
    "/mobility/travel",
    response={200: TravelOut, 404: ErrorOut, 422: ErrorOut},
    auth=None,
    by_alias=True,
    summary="Travel between two partner institutions: distance band, support and CO2e",
    description=(
        "From the institutions' coordinates: the one-way great-circle distance, the Erasmus+ "
        "distance band and its travel support (standard and green), each travel mode's CO2e "
        "for the return trip and what it avoids against the usual way, the green top-up of a "
        "long-term mobility, and virtual and blended alternatives. Amounts and emission factors "
        "are data with their source and year (`sources`)."
    ),
)
def travel_estimate(request, query: Query[TravelQuery]):
    home, host = _place(query.origin), _place(query.destination)
    try:
        return selectors.travel_between(
            home, host, mode=query.mode, long_term=query.long_term, call_year=query.call_year
        )
    except travel.TravelInputError as error:
        if error.field == "call_year":
            years = ", ".join(str(y) for y in sorted(travel.travel_tables()))
            raise HttpError(
                422,
                _("The campus has the travel support of the Erasmus+ calls %(years)s.")
                % {"years": years},
            ) from None
        raise HttpError(422, str(error)) from None
