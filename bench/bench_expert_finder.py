"""Speed of the expert finder at scale (prints figures; not a test).

    .venv/bin/python bench/bench_expert_finder.py [--profiles 50000] [--seed 1]

Builds an index over synthetic profiles (ESCO skills drawn with a long tail, keywords and
output titles made of real ESCO labels in nl, de, sv, fi and en), then times the 47 queries
of the evaluation set (free text in nine languages) and as many skill-list queries with
filters: index build time, then p50 / p95 / max of one search (the first 10 results with
their explanations).
"""

from __future__ import annotations

import argparse
import random
import resource
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from campus.research.finder import ExpertDoc, ExpertIndex, Filters, Query  # noqa: E402
from campus.research.finder.evaluation import esco_vocabulary, load_queries  # noqa: E402

COUNTRIES = {"BE": "nl", "NL": "nl", "DK": "da", "PT": "pt", "DE": "de", "SE": "sv",
             "FI": "fi", "LT": "lt", "CZ": "cs"}  # fmt: skip


def profiles(n: int, vocabulary, seed: int) -> list[ExpertDoc]:
    rng = random.Random(seed)
    uris = sorted(vocabulary.uris)
    rng.shuffle(uris)
    weights = [1 / (rank + 10) for rank in range(len(uris))]  # a few skills are common
    labelled = {
        lang: [u for u in uris if vocabulary.label(u, lang)]
        for lang in ("nl", "de", "sv", "fi", "en")
    }
    docs = []
    for i in range(n):
        country = rng.choice(list(COUNTRIES))
        home = COUNTRIES[country]
        language = home if home in labelled and rng.random() < 0.7 else "en"
        keywords = tuple(
            vocabulary.label(u, language) or "" for u in rng.sample(labelled[language], 3)
        )
        docs.append(
            ExpertDoc(
                id=i,
                institution=f"{country}{i % 12:02d}",
                country=country,
                languages=(home, "en"),
                skills=tuple(dict.fromkeys(rng.choices(uris, weights, k=rng.randint(3, 8)))),
                keywords=keywords,
                topics=(rng.choice(["climate-adaptation", "circular-economy", "smart-regions",
                                    "energy-transition", "digital-inclusion"]),),
                outputs=tuple(vocabulary.label(u, "en") or "" for u in rng.sample(uris, 2)),
                available_for=frozenset(f for f in ("challenges", "supervision", "consultancy")
                                        if rng.random() < 0.5),
            )
        )  # fmt: skip
    return docs


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--profiles", type=int, default=50_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    vocabulary = esco_vocabulary()
    docs = profiles(args.profiles, vocabulary, args.seed)
    started = time.perf_counter()
    index = ExpertIndex(docs, vocabulary)
    build = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    rng = random.Random(args.seed)
    uris = sorted(vocabulary.uris)
    queries = [Query(text=q.text, language=q.language) for q in load_queries()]
    queries += [
        Query(
            skills=tuple(rng.sample(uris, rng.randint(1, 5))),
            filters=Filters(
                available_for=frozenset({"challenges"}), country=rng.choice(list(COUNTRIES))
            ),
        )
        for _ in range(len(queries))
    ]
    for q in queries[:5]:  # warm the stemmers' caches as a running server would have
        index.search(q)
    times = []
    for _ in range(3):
        for q in queries:
            started = time.perf_counter()
            index.search(q, limit=10)
            times.append((time.perf_counter() - started) * 1000)
    times.sort()
    p95 = times[int(0.95 * (len(times) - 1))]
    print(
        f"profiles: {len(docs):,}  skills: {len(vocabulary):,}  labels' languages: {', '.join(vocabulary.languages)}"
    )
    print(
        f"index build: {build:.1f} s (peak resident memory of the process {peak / 2**20:.0f} MiB)"
    )
    print(
        f"one search ({len(queries)} queries x 3): p50 {statistics.median(times):.1f} ms, "
        f"p95 {p95:.1f} ms, max {times[-1]:.1f} ms"
    )


if __name__ == "__main__":
    main()
