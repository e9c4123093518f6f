"""Measuring the finder: nDCG@10 and recall@10 on the shipped evaluation set (eval/).

The ESCO labels are read from the skills app's data folder in this repository (by path, so
the engine still imports no app); the set's README says how the profiles and judgements
were made.
"""

from __future__ import annotations

import json
import math
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .model import ExpertDoc, Query
from .vocabulary import SkillVocabulary, vocabulary_from_esco

EVAL = Path(__file__).resolve().parent / "eval"
ESCO = Path(__file__).resolve().parents[2] / "skills" / "data" / "esco"
K = 10
RELEVANT = 2  # the grade from which an expert "should rank first" (recall counts these)


@lru_cache(maxsize=1)
def esco_vocabulary() -> SkillVocabulary:
    """The shipped ESCO extract (English) with its Dutch, German, Swedish and Finnish labels."""
    return vocabulary_from_esco(ESCO, ESCO / "labels" / "skill_labels.csv")


@dataclass(frozen=True)
class EvalQuery:
    id: str
    language: str
    text: str
    relevance: dict[str, int]


def load_profiles() -> tuple[list[ExpertDoc], dict[str, str]]:
    """The set's experts, and the language each profile is written in (hidden from rankers)."""
    rows = json.loads((EVAL / "profiles.json").read_text("utf-8"))
    docs = [
        ExpertDoc(
            id=r["id"],
            name=r["name"],
            institution=r["institution"],
            country=r["country"],
            languages=tuple(r["languages"]),
            skills=tuple(r["skills"]),
            keywords=tuple(r["keywords"]),
            topics=tuple(r["topics"]),
            outputs=tuple(r["outputs"]),
            available_for=frozenset(r["available_for"]),
        )
        for r in rows
    ]
    return docs, {r["id"]: r["intended"]["language"] for r in rows}


def load_queries() -> list[EvalQuery]:
    rows = json.loads((EVAL / "queries.json").read_text("utf-8"))
    return [EvalQuery(r["id"], r["language"], r["text"], r["relevance"]) for r in rows]


def ndcg(ranking: Sequence[str], relevance: dict[str, int], k: int = K) -> float:
    """Normalised discounted cumulative gain at k, gains 2^grade - 1."""
    dcg = sum((2 ** relevance.get(e, 0) - 1) / math.log2(r + 2) for r, e in enumerate(ranking[:k]))
    ideal = sorted(relevance.values(), reverse=True)[:k]
    best = sum((2**g - 1) / math.log2(r + 2) for r, g in enumerate(ideal))
    return dcg / best if best else 0.0


def recall(ranking: Sequence[str], relevance: dict[str, int], k: int = K) -> float:
    """Share of the experts graded RELEVANT or better found in the first k (out of at most
    k, so that 1.0 is reachable)."""
    wanted = {e for e, g in relevance.items() if g >= RELEVANT}
    if not wanted:
        return 0.0
    return len(wanted & set(ranking[:k])) / min(k, len(wanted))


Ranker = Callable[[EvalQuery], list[str]]


def finder_ranker(index) -> Ranker:
    def rank(q: EvalQuery) -> list[str]:
        found = index.search(Query(text=q.text, language=q.language), limit=len(index))
        return [r.expert_id for r in found.results]

    return rank


def baseline_ranker(index) -> Ranker:
    def rank(q: EvalQuery) -> list[str]:
        return index.search(q.text, limit=len(index.docs))

    return rank


def evaluate(
    rank: Ranker,
    queries: list[EvalQuery],
    written_in: dict[str, str],
    cross_language: bool = False,
) -> dict[str, dict[str, float]]:
    """Mean nDCG@10 and recall@10, overall ("all") and per query language. With
    ``cross_language`` only experts whose profile is written in another language than the
    query count: they are dropped from the ranking and the judgements alike."""
    per: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for q in queries:
        ranking = rank(q)
        relevance = q.relevance
        if cross_language:
            ranking = [e for e in ranking if written_in[e] != q.language]
            relevance = {e: g for e, g in relevance.items() if written_in[e] != q.language}
        pair = (ndcg(ranking, relevance), recall(ranking, relevance))
        per[q.language].append(pair)
        per["all"].append(pair)
    return {
        language: {
            "ndcg@10": sum(p[0] for p in pairs) / len(pairs),
            "recall@10": sum(p[1] for p in pairs) / len(pairs),
            "queries": float(len(pairs)),
        }
        for language, pairs in per.items()
    }
