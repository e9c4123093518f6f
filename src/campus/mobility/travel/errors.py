"""The two ways the travel engine refuses: bad input from its caller, bad data in its files."""

from __future__ import annotations


class TravelInputError(ValueError):
    """An argument the engine cannot use; the message says which and why, for a person.

    ``field`` names the argument (``from_lat``, ``to_lon``, ``mode``, ``call_year``…) so a
    caller can point at it or say it in the reader's language; ``trip`` is the 0-based
    position of the trip in a total, when the error comes from one.
    """

    def __init__(self, message: str, *, field: str, trip: int | None = None):
        super().__init__(message)
        self.field = field
        self.trip = trip


class TravelDataError(ValueError):
    """A shipped reference file does not have the shape the engine reads."""
