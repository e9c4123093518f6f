"""Ask the finder from the command line, over the shipped evaluation set's experts:

    .venv/bin/python -m campus.research.finder "overstromingsrisico in een kleine gemeente" --language nl

Prints the ranked experts as JSON, each with its score and explanation.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys

from . import ExpertIndex, Filters, Query, QueryError
from .evaluation import esco_vocabulary, load_profiles


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m campus.research.finder")
    parser.add_argument("text", nargs="?", default="")
    parser.add_argument("--language")
    parser.add_argument("--skill", action="append", default=[], help="an ESCO skill URI")
    parser.add_argument("--country")
    parser.add_argument("--limit", type=int, default=10)
    args = parser.parse_args(argv)
    docs, _ = load_profiles()
    index = ExpertIndex(docs, esco_vocabulary())
    query = Query(
        text=args.text,
        language=args.language,
        skills=tuple(args.skill),
        filters=Filters(country=args.country),
    )
    try:
        found = index.search(query, limit=args.limit)
    except QueryError as refused:
        print(json.dumps({"detail": refused.code}))
        return 2
    print(json.dumps(dataclasses.asdict(found), ensure_ascii=False, indent=1, default=sorted))
    return 0


if __name__ == "__main__":
    sys.exit(main())
