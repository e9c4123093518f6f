"""The five kinds of question, what a question's spec must hold, and its normalised form."""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .errors import QuestionError
from .patterns import ANY_ONE, ANY_RUN

KINDS = ("single", "multiple", "numeric", "text", "matching")

MAX_POINTS = 100
MIN_OPTIONS, MAX_OPTIONS = 2, 20
MAX_KEY = 20
MAX_OPTION_TEXT = 1000
MAX_FEEDBACK = 2000
FEEDBACK_KEYS = ("correct", "incorrect", "partial")
MAX_UNIT = 50
MIN_PATTERNS, MAX_PATTERNS = 1, 20
MAX_PATTERN = 200
MIN_PAIRS, MAX_PAIRS = 2, 20
MAX_DISTRACTORS = 10
MAX_PAIR_TEXT = 1000

_KEY = re.compile(r"[a-z0-9_-]{1,20}")

# The keys each kind's spec may have, in the order of the normalised spec.
_SPEC_KEYS = {
    "single": ("options", "correct", "shuffle", "feedback"),
    "multiple": ("options", "correct", "shuffle", "feedback"),
    "numeric": ("answer", "tolerance", "unit", "feedback"),
    "text": ("patterns", "case_sensitive", "ignore_accents", "feedback"),
    "matching": ("pairs", "distractors", "shuffle", "feedback"),
}


@dataclass(frozen=True)
class Question:
    """One question of a bank as the engine sees it: ``spec`` is what validate_question returns."""

    id: int
    kind: str
    points: float
    spec: Mapping[str, Any]


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _text(value: object, *, field: str, what: str, limit: int, required: bool = True) -> str:
    if not isinstance(value, str):
        raise QuestionError(f"{what} must be text.", field=field)
    value = value.strip()
    if required and not value:
        raise QuestionError(f"{what} must not be empty.", field=field)
    if len(value) > limit:
        raise QuestionError(f"{what} must be at most {limit} characters long.", field=field)
    return value


def _flag(spec: Mapping[str, Any], name: str, default: bool) -> bool:
    value = spec.get(name, default)
    if not isinstance(value, bool):
        raise QuestionError(f"The setting '{name}' must be true or false.", field=name)
    return value


def _list(value: object, *, field: str, what: str, least: int, most: int) -> list[Any]:
    if not isinstance(value, list | tuple):
        raise QuestionError(f"{what} must be a list.", field=field)
    if not least <= len(value) <= most:
        raise QuestionError(f"A question needs {least} to {most} {what.lower()}.", field=field)
    return list(value)


def _options(spec: Mapping[str, Any]) -> list[dict[str, str]]:
    options = _list(
        spec.get("options"), field="options", what="Options", least=MIN_OPTIONS, most=MAX_OPTIONS
    )
    normal: list[dict[str, str]] = []
    for position, option in enumerate(options, start=1):
        if not isinstance(option, Mapping) or set(option) != {"key", "text"}:
            raise QuestionError(
                f"Option {position} must have exactly a 'key' and a 'text'.", field="options"
            )
        key = option["key"]
        if not isinstance(key, str) or not _KEY.fullmatch(key):
            raise QuestionError(
                f"Option {position}'s key must be 1 to {MAX_KEY} characters of lower-case "
                "letters, digits, '_' or '-'.",
                field="options",
            )
        if any(seen["key"] == key for seen in normal):
            raise QuestionError(f"Two options have the key '{key}'.", field="options")
        text = _text(
            option["text"], field="options", what=f"Option {position}'s text", limit=MAX_OPTION_TEXT
        )
        normal.append({"key": key, "text": text})
    return normal


def _correct(spec: Mapping[str, Any], kind: str, keys: list[str]) -> str | list[str]:
    correct = spec.get("correct")
    if kind == "single":
        if not isinstance(correct, str) or correct not in keys:
            raise QuestionError(
                "The correct answer must be the key of one option.", field="correct"
            )
        return correct
    if not isinstance(correct, list | tuple) or not correct:
        raise QuestionError("At least one option must be marked correct.", field="correct")
    if any(not isinstance(key, str) or key not in keys for key in correct):
        raise QuestionError("Every correct answer must be the key of an option.", field="correct")
    if len(set(correct)) != len(correct):
        raise QuestionError("An option is marked correct twice.", field="correct")
    return sorted(correct)


def _feedback(spec: Mapping[str, Any]) -> dict[str, str]:
    feedback = spec.get("feedback") or {}
    if not isinstance(feedback, Mapping):
        raise QuestionError(
            "Feedback must give texts for 'correct', 'incorrect' or 'partial'.", field="feedback"
        )
    unknown = set(feedback) - set(FEEDBACK_KEYS)
    if unknown:
        raise QuestionError(
            f"Feedback may be given for 'correct', 'incorrect' and 'partial', not "
            f"{', '.join(repr(key) for key in sorted(map(str, unknown)))}.",
            field="feedback",
        )
    return {
        key: _text(
            feedback.get(key, ""),
            field="feedback",
            what=f"The {key} feedback",
            limit=MAX_FEEDBACK,
            required=False,
        )
        for key in FEEDBACK_KEYS
    }


def _numeric(spec: Mapping[str, Any]) -> dict[str, Any]:
    answer = spec.get("answer")
    if not _is_number(answer):
        raise QuestionError("The answer must be a finite number.", field="answer")
    tolerance = spec.get("tolerance", 0)
    if not _is_number(tolerance) or tolerance < 0:
        raise QuestionError("The tolerance must be a number, 0 or more.", field="tolerance")
    unit = _text(
        spec.get("unit", ""), field="unit", what="The unit", limit=MAX_UNIT, required=False
    )
    return {"answer": float(answer), "tolerance": float(tolerance), "unit": unit}


def _patterns(spec: Mapping[str, Any]) -> dict[str, Any]:
    patterns = _list(
        spec.get("patterns"),
        field="patterns",
        what="Patterns",
        least=MIN_PATTERNS,
        most=MAX_PATTERNS,
    )
    normal = []
    for position, pattern in enumerate(patterns, start=1):
        pattern = _text(pattern, field="patterns", what=f"Pattern {position}", limit=MAX_PATTERN)
        if not pattern.replace(ANY_RUN, "").replace(ANY_ONE, "").strip():
            raise QuestionError(
                f"Pattern {position} has only wildcards: it would accept almost any answer.",
                field="patterns",
            )
        normal.append(pattern)
    return {
        "patterns": normal,
        "case_sensitive": _flag(spec, "case_sensitive", False),
        "ignore_accents": _flag(spec, "ignore_accents", True),
    }


def _pairs(spec: Mapping[str, Any]) -> dict[str, Any]:
    pairs = _list(spec.get("pairs"), field="pairs", what="Pairs", least=MIN_PAIRS, most=MAX_PAIRS)
    normal = []
    for position, pair in enumerate(pairs, start=1):
        if not isinstance(pair, Mapping) or set(pair) != {"left", "right"}:
            raise QuestionError(
                f"Pair {position} must have exactly a 'left' and a 'right'.", field="pairs"
            )
        normal.append(
            {
                side: _text(
                    pair[side], field="pairs", what=f"Pair {position}'s {side}", limit=MAX_PAIR_TEXT
                )
                for side in ("left", "right")
            }
        )
    distractors = spec.get("distractors", [])
    if not isinstance(distractors, list | tuple) or len(distractors) > MAX_DISTRACTORS:
        raise QuestionError(
            f"Distractors must be a list of at most {MAX_DISTRACTORS} texts.", field="distractors"
        )
    distractors = [
        _text(text, field="distractors", what=f"Distractor {position}", limit=MAX_PAIR_TEXT)
        for position, text in enumerate(distractors, start=1)
    ]
    # Two rights that read the same could not be told apart, and a learner choosing the
    # other one would be marked wrong; two same lefts would be one question asked twice.
    lefts = [pair["left"] for pair in normal]
    if len(set(lefts)) != len(lefts):
        raise QuestionError("Two pairs have the same left-hand text.", field="pairs")
    rights = [pair["right"] for pair in normal]
    if len(set(rights)) != len(rights):
        raise QuestionError("Two pairs have the same right-hand text.", field="pairs")
    if set(distractors) & set(rights) or len(set(distractors)) != len(distractors):
        raise QuestionError(
            "A distractor repeats a right-hand text or another distractor.", field="distractors"
        )
    return {"pairs": normal, "distractors": distractors, "shuffle": _flag(spec, "shuffle", True)}


def validate_question(kind: str, spec: Mapping[str, Any], points: float = 1) -> dict[str, Any]:
    """The normalised spec of a question (keys in order, defaults filled), or QuestionError."""
    if kind not in KINDS:
        raise QuestionError(f"The kind must be one of {', '.join(KINDS)}.", field="kind")
    if not _is_number(points) or not 0 < points <= MAX_POINTS:
        raise QuestionError(
            f"Points must be a number above 0 and at most {MAX_POINTS}.", field="points"
        )
    if not isinstance(spec, Mapping):
        raise QuestionError("The question's definition must be an object.", field="spec")
    unknown = set(spec) - set(_SPEC_KEYS[kind])
    if unknown:
        raise QuestionError(
            f"A {kind} question does not take "
            f"{', '.join(repr(key) for key in sorted(map(str, unknown)))}.",
            field="spec",
        )
    if kind in ("single", "multiple"):
        options = _options(spec)
        normal: dict[str, Any] = {
            "options": options,
            "correct": _correct(spec, kind, [option["key"] for option in options]),
            "shuffle": _flag(spec, "shuffle", True),
        }
    elif kind == "numeric":
        normal = _numeric(spec)
    elif kind == "text":
        normal = _patterns(spec)
    else:
        normal = _pairs(spec)
    normal["feedback"] = _feedback(spec)
    return normal


def question_spec(question: Question) -> dict[str, Any]:
    """The question's spec normalised, so that a spec stored without its defaults still reads."""
    return validate_question(question.kind, question.spec, question.points)


def matching_keys(question: Question) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """A matching question's lefts ``l1``…``ln`` and rights ``r1``… (pairs' rights, then distractors)."""
    if question.kind != "matching":
        raise QuestionError("Only a matching question has pairs.", field="kind")
    spec = question_spec(question)
    lefts = [(f"l{n}", pair["left"]) for n, pair in enumerate(spec["pairs"], start=1)]
    rights_text = [pair["right"] for pair in spec["pairs"]] + list(spec.get("distractors", []))
    rights = [(f"r{n}", text) for n, text in enumerate(rights_text, start=1)]
    return lefts, rights
