"""iCalendar (RFC 5545) text for course runs: whole-day events, written by hand.

A pure module (no Django): plain data in, text out. The few rules of the format that
calendar apps are strict about are kept here:

* lines end with CRLF;
* content lines longer than 75 octets are folded: CRLF followed by one space, never
  splitting a UTF-8 character;
* TEXT values escape backslash, semicolon, comma and newlines (``\\\\ \\; \\, \\n``);
* whole-day events use ``DTSTART;VALUE=DATE`` and an *exclusive* ``DTEND`` (the day after
  the last day);
* every event has a UID that stays the same between downloads, and a DTSTAMP in UTC.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

CRLF = "\r\n"
MAX_OCTETS = 75
PRODID = "-//HEROES Alliance//Virtual Campus//EN"


@dataclass(frozen=True)
class Event:
    """One whole-day event from ``first_day`` to ``last_day`` (both included)."""

    uid: str
    summary: str
    first_day: datetime.date
    last_day: datetime.date
    location: str = ""
    url: str = ""
    description: str = ""


def escape_text(value: str) -> str:
    """A TEXT value (RFC 5545 §3.3.11): escape \\ ; , and turn newlines into \\n."""
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return value.replace("\r\n", "\\n").replace("\r", "\\n").replace("\n", "\\n")


def fold(line: str) -> str:
    """Fold one content line at 75 octets (RFC 5545 §3.1), keeping UTF-8 characters whole."""
    pieces: list[str] = []
    current, size = [], 0
    limit = MAX_OCTETS
    for char in line:
        octets = len(char.encode("utf-8"))
        if size + octets > limit:
            pieces.append("".join(current))
            # Continuation lines start with a space, which counts towards their 75 octets.
            current, size, limit = [], 0, MAX_OCTETS - 1
        current.append(char)
        size += octets
    pieces.append("".join(current))
    return (CRLF + " ").join(pieces)


def _date(day: datetime.date) -> str:
    return day.strftime("%Y%m%d")


def _stamp(moment: datetime.datetime) -> str:
    if moment.tzinfo is not None:
        moment = moment.astimezone(datetime.UTC)
    return moment.strftime("%Y%m%dT%H%M%SZ")


def event_lines(event: Event, *, stamp: datetime.datetime) -> list[str]:
    """The unfolded content lines of one VEVENT."""
    lines = [
        "BEGIN:VEVENT",
        f"UID:{escape_text(event.uid)}",
        f"DTSTAMP:{_stamp(stamp)}",
        f"DTSTART;VALUE=DATE:{_date(event.first_day)}",
        f"DTEND;VALUE=DATE:{_date(event.last_day + datetime.timedelta(days=1))}",
        f"SUMMARY:{escape_text(event.summary)}",
    ]
    if event.location:
        lines.append(f"LOCATION:{escape_text(event.location)}")
    if event.url:
        lines.append(f"URL:{event.url}")  # a URI value: no TEXT escaping
    if event.description:
        lines.append(f"DESCRIPTION:{escape_text(event.description)}")
    lines.append("TRANSP:TRANSPARENT")  # a course spanning weeks does not make one busy all day
    lines.append("END:VEVENT")
    return lines


def calendar(events: Iterable[Event], *, name: str, stamp: datetime.datetime) -> str:
    """A VCALENDAR with one VEVENT per event, folded, with CRLF line endings."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(name)}",
    ]
    for event in events:
        lines.extend(event_lines(event, stamp=stamp))
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + CRLF for line in lines)
