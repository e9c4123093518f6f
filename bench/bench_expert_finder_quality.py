"""Quality of the expert finder beside plain keyword search (prints figures; not a test).

    .venv/bin/python bench/bench_expert_finder_quality.py

nDCG@10 and recall@10 on the shipped evaluation set (src/campus/research/finder/eval/),
overall and per query language, for every expert and for the cross-language subset (only
experts whose profile is written in another language than the query).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from campus.research.finder import ExpertIndex, KeywordIndex  # noqa: E402
from campus.research.finder.evaluation import (  # noqa: E402
    baseline_ranker,
    esco_vocabulary,
    evaluate,
    finder_ranker,
    load_profiles,
    load_queries,
)


def main() -> None:
    started = time.perf_counter()
    vocabulary = esco_vocabulary()
    docs, written_in = load_profiles()
    queries = load_queries()
    finder = finder_ranker(ExpertIndex(docs, vocabulary))
    baseline = baseline_ranker(KeywordIndex(docs, vocabulary))
    print(
        f"{len(docs)} profiles, {len(queries)} queries, {len(vocabulary)} skills "
        f"({', '.join(vocabulary.languages)} labels), {time.perf_counter() - started:.1f} s"
    )
    for title, cross in (("all experts", False), ("cross-language subset", True)):
        ours = evaluate(finder, queries, written_in, cross_language=cross)
        theirs = evaluate(baseline, queries, written_in, cross_language=cross)
        print(f"\n{title}")
        print(
            f"{'language':<9}{'queries':>8}  {'nDCG@10 finder':>15} {'baseline':>9}"
            f"  {'recall@10 finder':>17} {'baseline':>9}"
        )
        languages = ["all"] + sorted(k for k in ours if k != "all")
        for language in languages:
            a, b = ours[language], theirs[language]
            print(
                f"{language:<9}{int(a['queries']):>8}  {a['ndcg@10']:>15.3f} {b['ndcg@10']:>9.3f}"
                f"  {a['recall@10']:>17.3f} {b['recall@10']:>9.3f}"
            )


if __name__ == "__main__":
    main()
