"""Which questions an attempt asks, in what order, and in what order it shows their options.

Everything is drawn from ``random.Random`` seeded by the attempt's seed, so the same seed
gives the same attempt again: a learner who reloads the page sees the same quiz, and the
campus need only store the seed.
"""

from __future__ import annotations

import random
from collections.abc import Sequence

from .errors import QuestionError
from .questions import Question, matching_keys, question_spec


def plan_attempt(
    question_ids: Sequence[int], *, pick: int | None, shuffle: bool, seed: int
) -> list[int]:
    """The questions of one attempt: ``pick`` of the bank at random (all when None).

    In random order when ``shuffle``, else in the bank's order. For one seed the same
    questions are picked whether shuffled or not: shuffling only reorders them.
    """
    ids = list(question_ids)
    if len(set(ids)) != len(ids):
        raise QuestionError("A question appears twice in the bank.", field="questions")
    if pick is None:
        pick = len(ids)
    elif isinstance(pick, bool) or not isinstance(pick, int) or pick < 1:
        raise QuestionError("The number of questions to pick must be 1 or more.", field="pick")
    elif pick > len(ids):
        raise QuestionError(
            f"The bank has {len(ids)} questions: {pick} cannot be picked from it.", field="pick"
        )
    if pick == len(ids) and not shuffle:
        return ids
    chosen = random.Random(seed).sample(range(len(ids)), pick)
    if not shuffle:
        chosen.sort()
    return [ids[index] for index in chosen]


def option_order(question: Question, *, seed: int) -> list[str]:
    """The option keys of a choice question (a matching question's right keys) as shown.

    Shuffled by the attempt's seed and the question's id unless ``spec["shuffle"]`` is false;
    a numeric or text question has no options and gives ``[]``.
    """
    if question.kind in ("numeric", "text"):
        return []
    spec = question_spec(question)
    if question.kind == "matching":
        keys = [key for key, _ in matching_keys(question)[1]]
    else:
        keys = [option["key"] for option in spec["options"]]
    if spec["shuffle"]:
        # A string seed is hashed with SHA-512 by random.Random: stable across runs and
        # machines (unlike hash()), and distinct for (1, 23) and (12, 3).
        random.Random(f"{seed}:{question.id}").shuffle(keys)
    return keys
