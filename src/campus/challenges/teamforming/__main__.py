"""python -m campus.challenges.teamforming solve INSTANCE.json [--time-limit S] [--method M]

Prints the solution JSON on stdout. Exit codes: 0 a solution was printed (its "status" says
whether every student is placed), 2 bad input (message on stderr).
"""

from __future__ import annotations

import argparse
import json
import sys

from .model import InstanceError
from .solver import METHODS, solve


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m campus.challenges.teamforming")
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("solve", help="form the teams of an instance and print the solution JSON")
    run.add_argument("instance", help="instance JSON file ('-' for standard input)")
    run.add_argument("--time-limit", type=float, default=None, help="seconds (default 60)")
    run.add_argument("--method", choices=METHODS, default="auto")
    args = parser.parse_args(argv)
    try:
        if args.instance == "-":
            data = json.load(sys.stdin)
        else:
            with open(args.instance, encoding="utf-8") as handle:
                data = json.load(handle)
    except OSError as exc:
        print(f"error: cannot read {args.instance}: {exc.strerror}", file=sys.stderr)
        return 2
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        print(f"error: {args.instance} is not valid JSON: {exc}", file=sys.stderr)
        return 2
    if args.time_limit is not None and args.time_limit <= 0:
        print("error: --time-limit must be positive", file=sys.stderr)
        return 2
    # HiGHS's banner goes to stderr (see _highs.new_highs): stdout carries the JSON alone.
    try:
        solution = solve(data, time_limit=args.time_limit, method=args.method)
    except InstanceError as exc:
        print(f"error: invalid instance: {exc}", file=sys.stderr)
        return 2
    json.dump(solution, sys.stdout, indent=1, ensure_ascii=False)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
