"""Marks for one question and for an attempt, with the lecturer's feedback.

How each kind scores, for ``points`` the question is worth:

- single: all the points for the correct option, none otherwise.
- multiple: partial credit, ``points × max(0, (right chosen − wrong chosen) / number correct)``,
  so ticking every option earns nothing more than ticking none; it counts as correct (full
  marks) only when exactly the correct set is chosen.
- numeric: all the points when ``|response − answer| ≤ tolerance`` (with an allowance of
  ``1e-9 × max(1, |answer|)`` for floating-point error), none otherwise.
- text: all the points when the response matches any of the patterns, none otherwise.
- matching: ``points × correct pairs / pairs``; a left left unmatched earns nothing.

An unanswered question earns nothing and shows the incorrect feedback. A stored response
naming an option that a later edit removed counts as a wrong choice rather than failing,
so that attempts can always be regraded.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from .errors import ResponseError
from .patterns import wildcard_match
from .questions import Question, matching_keys, question_spec

POINTS_DECIMALS = 4
PERCENT_DECIMALS = 2
RELATIVE_EPSILON = 1e-9


@dataclass(frozen=True)
class Graded:
    """One question's mark: ``correct`` is full marks, ``feedback`` what the lecturer wrote for it."""

    question_id: int
    points: float
    max_points: float
    correct: bool
    answered: bool
    feedback: str


@dataclass(frozen=True)
class AttemptResult:
    """An attempt's total: ``percent`` of ``max_points``, ``passed`` at the pass mark."""

    points: float
    max_points: float
    percent: float
    passed: bool
    questions: tuple[Graded, ...]


def _keys(response: object) -> set[str]:
    if isinstance(response, str):
        return {response}
    if isinstance(response, list | tuple | set | frozenset) and all(
        isinstance(key, str) for key in response
    ):
        return set(response)
    raise ResponseError("The options chosen must be given by their keys.")


def _fraction(question: Question, spec: Mapping[str, Any], response: object) -> float:
    """The share of the question's points the canonical response earns, 0 to 1."""
    kind = question.kind
    if kind == "single":
        if not isinstance(response, str):
            raise ResponseError("The option chosen must be given by its key.")
        return 1.0 if response == spec["correct"] else 0.0
    if kind == "multiple":
        chosen, correct = _keys(response), set(spec["correct"])
        if chosen == correct:
            return 1.0
        right, wrong = len(chosen & correct), len(chosen - correct)
        return max(0.0, (right - wrong) / len(correct))
    if kind == "numeric":
        if not isinstance(response, int | float) or isinstance(response, bool):
            raise ResponseError("The answer must be a number.")
        answer = spec["answer"]
        allowance = spec["tolerance"] + RELATIVE_EPSILON * max(1.0, abs(answer))
        return 1.0 if abs(response - answer) <= allowance else 0.0
    if kind == "text":
        if not isinstance(response, str):
            raise ResponseError("The answer must be text.")
        matched = any(
            wildcard_match(
                pattern,
                response,
                case_sensitive=spec["case_sensitive"],
                ignore_accents=spec["ignore_accents"],
            )
            for pattern in spec["patterns"]
        )
        return 1.0 if matched else 0.0
    if not isinstance(response, Mapping):
        raise ResponseError("The matches must be given as left and right keys.")
    lefts, _ = matching_keys(question)
    # The pair l<n> is right when matched to r<n>: the pairs' rights are numbered in order.
    right_pairs = sum(1 for n in range(1, len(lefts) + 1) if response.get(f"l{n}") == f"r{n}")
    return right_pairs / len(lefts)


def grade(question: Question, response: object) -> Graded:
    """The mark for a canonical response (what read_response gives), or None when unanswered."""
    spec = question_spec(question)
    max_points = float(question.points)
    answered = response is not None
    fraction = _fraction(question, spec, response) if answered else 0.0
    points = round(max_points * fraction, POINTS_DECIMALS)
    correct = fraction == 1.0
    feedback = spec["feedback"]
    if correct:
        text = feedback["correct"]
    elif points > 0:
        text = feedback["partial"] or feedback["incorrect"]
    else:
        text = feedback["incorrect"]
    return Graded(
        question_id=question.id,
        points=points,
        max_points=max_points,
        correct=correct,
        answered=answered,
        feedback=text,
    )


def grade_attempt(
    questions: Sequence[Question], responses: Mapping[int, object], *, pass_percent: float
) -> AttemptResult:
    """The attempt's marks, question by question in the attempt's order, and its total.

    Unanswered questions (no entry, or None) earn nothing; responses to questions not in the
    attempt are ignored.
    """
    if isinstance(pass_percent, bool) or not 0 <= pass_percent <= 100:
        raise ValueError("The pass mark must be a percentage from 0 to 100.")
    ids = [question.id for question in questions]
    if len(set(ids)) != len(ids):
        raise ValueError("A question appears twice in the attempt.")
    graded = tuple(grade(question, responses.get(question.id)) for question in questions)
    points = round(sum(mark.points for mark in graded), POINTS_DECIMALS)
    max_points = round(sum(mark.max_points for mark in graded), POINTS_DECIMALS)
    percent = round(100 * points / max_points, PERCENT_DECIMALS) if max_points else 0.0
    return AttemptResult(
        points=points,
        max_points=max_points,
        percent=percent,
        passed=percent >= pass_percent,
        questions=graded,
    )
