"""Estimate a mobility's travel from the command line, e.g. Geel to Beja by train for a semester:

    .venv/bin/python -m campus.mobility.travel 51.1656 4.9892 38.0155 -7.8652 --mode train --long-term

Prints the estimate as JSON; bad input prints {"detail": ...} and exits with status 2.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys

from . import MODE_KEYS, travel_estimate


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m campus.mobility.travel")
    for name in ("from_lat", "from_lon", "to_lat", "to_lon"):
        parser.add_argument(name, type=float, help="degrees, WGS84")
    parser.add_argument("--mode", choices=MODE_KEYS)
    parser.add_argument("--long-term", action="store_true", help="a semester or longer")
    parser.add_argument("--call-year", type=int)
    parser.add_argument("--round-trips", type=int, default=1)
    args = parser.parse_args(argv)
    try:
        estimate = travel_estimate(
            args.from_lat,
            args.from_lon,
            args.to_lat,
            args.to_lon,
            call_year=args.call_year,
            long_term=args.long_term,
            mode=args.mode,
            round_trips=args.round_trips,
        )
    except ValueError as refused:
        print(json.dumps({"detail": str(refused)}))
        return 2
    print(json.dumps(dataclasses.asdict(estimate), ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
