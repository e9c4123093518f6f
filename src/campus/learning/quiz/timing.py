"""An attempt's deadline, with extra time as an accommodation, and whether a submission is late."""

from __future__ import annotations

from datetime import datetime, timedelta

MAX_EXTRA_PERCENT = 200
DEFAULT_GRACE_SECONDS = 15


def due_at(
    started: datetime, *, limit_minutes: int | None, extra_percent: int = 0
) -> datetime | None:
    """When an attempt started at ``started`` is due: None without a time limit.

    ``extra_percent`` (0 to 200) lengthens the limit for a learner granted extra time:
    50 makes a 60-minute quiz 90 minutes.
    """
    if isinstance(extra_percent, bool) or not isinstance(extra_percent, int):
        raise ValueError("Extra time must be a whole percentage.")
    if not 0 <= extra_percent <= MAX_EXTRA_PERCENT:
        raise ValueError(f"Extra time must be from 0 to {MAX_EXTRA_PERCENT} per cent.")
    if limit_minutes is None:
        return None
    if isinstance(limit_minutes, bool) or not isinstance(limit_minutes, int) or limit_minutes < 1:
        raise ValueError("The time limit must be a whole number of minutes, 1 or more.")
    # In whole microseconds, so that 1 minute + 1 % is exactly 60.6 seconds.
    microseconds = limit_minutes * 60_000_000 * (100 + extra_percent) // 100
    return started + timedelta(microseconds=microseconds)


def is_late(
    now: datetime, due: datetime | None, *, grace_seconds: int = DEFAULT_GRACE_SECONDS
) -> bool:
    """Whether a submission at ``now`` is late: after ``due`` and the grace for the network.

    The grace lets a submission that left the browser at the deadline still count.
    """
    if grace_seconds < 0:
        raise ValueError("The grace must be 0 seconds or more.")
    return due is not None and now > due + timedelta(seconds=grace_seconds)
