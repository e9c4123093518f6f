"""Check EWP learning-agreement files offline: ``python -m campus.mobility.ewp FILE...``.

For a coordinator's or partner's file: says for each whether it is a valid
omobility-las-get-response 1.2.0 and whether its agreements keep the schema's documented rules;
exits 1 when any is not.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import rules
from .xml import EwpXmlError, parse


def main(argv: list[str] | None = None) -> int:
    arguments = argparse.ArgumentParser(prog="python -m campus.mobility.ewp", description=__doc__)
    arguments.add_argument("files", nargs="+", type=Path)
    files = arguments.parse_args(argv).files
    failed = False
    for path in files:
        try:
            agreements = parse(path.read_bytes())
        except (OSError, EwpXmlError) as exc:
            print(f"{path}: {exc}")
            failed = True
            continue
        broken = [
            f"{agreement.omobility_id}: {problem}"
            for agreement in agreements
            for problem in rules.problems(agreement)
        ]
        for problem in broken:
            print(f"{path}: {problem}")
        failed = failed or bool(broken)
        if not broken:
            print(f"{path}: valid, {len(agreements)} learning agreement(s)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
