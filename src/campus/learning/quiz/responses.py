"""What a form or a JSON body sends for a question, read into the canonical response.

The canonical responses, which grade takes and read_response gives back unchanged:

- single: the chosen option's key (``str``);
- multiple: the chosen keys, sorted and without repeats (``list[str]``);
- numeric: a finite ``float``;
- text: the text, trimmed (``str``, at most 500 characters);
- matching: ``{left_key: right_key}`` for the lefts answered.

``None`` is unanswered: what ``None``, ``""``, an empty list or an empty mapping reads as.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from typing import Any

from .errors import ResponseError
from .questions import Question, matching_keys, question_spec

MAX_TEXT_RESPONSE = 500
MAX_NUMBER_TEXT = 64

# A plain decimal number: no "nan", "inf", "1_000" or hexadecimal, which float() would take.
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")


def _blank(raw: object) -> bool:
    if raw is None:
        return True
    if isinstance(raw, str):
        return not raw.strip()
    if isinstance(raw, list | tuple | Mapping):
        return not raw
    return False


def _key(raw: object, keys: list[str], *, what: str) -> str:
    if not isinstance(raw, str):
        raise ResponseError(f"The {what} must be given by its key.")
    key = raw.strip()
    if key not in keys:
        raise ResponseError(f"There is no {what} '{key[:40]}' in this question.")
    return key


def _number(raw: object) -> float:
    if isinstance(raw, bool):
        raise ResponseError("The answer must be a number.")
    if isinstance(raw, int | float):
        try:
            value = float(raw)
        except OverflowError:  # an int beyond any float
            raise ResponseError("The answer must be a finite number.") from None
    elif isinstance(raw, str):
        text = raw.strip().replace("\u2212", "-")  # the minus sign typography uses
        if len(text) > MAX_NUMBER_TEXT:
            raise ResponseError("The answer is too long to be a number.")
        if "," in text:
            # A decimal comma ("3,14"), as most of the alliance's languages write it; with a
            # point as well it would be a thousands separator, which is too ambiguous to guess.
            if "." in text or text.count(",") > 1:
                raise ResponseError("Write the number with one decimal separator, like 3.14.")
            text = text.replace(",", ".")
        if not _NUMBER.fullmatch(text):
            raise ResponseError("The answer must be a number, like 3.14.")
        value = float(text)
    else:
        raise ResponseError("The answer must be a number.")
    if not math.isfinite(value):
        raise ResponseError("The answer must be a finite number.")
    return value


def _pairs(raw: object) -> list[tuple[object, object]]:
    if isinstance(raw, Mapping):
        return list(raw.items())
    if isinstance(raw, list | tuple):
        pairs: list[tuple[object, object]] = []
        for item in raw:
            if not isinstance(item, str) or ":" not in item:
                raise ResponseError("Each match must be written 'left:right', like 'l1:r2'.")
            left, right = item.split(":", 1)
            pairs.append((left, right))
        return pairs
    raise ResponseError("The matches must be given as left and right keys.")


def _matches(question: Question, raw: object) -> dict[str, str] | None:
    lefts, rights = matching_keys(question)
    left_keys = [key for key, _ in lefts]
    right_keys = [key for key, _ in rights]
    matches: dict[str, str] = {}
    for left, right in _pairs(raw):
        left_key = _key(left, left_keys, what="left-hand item")
        if left_key in matches:
            raise ResponseError(f"The left-hand item '{left_key}' is matched twice.")
        if _blank(right):
            continue  # a left the learner left unmatched
        matches[left_key] = _key(right, right_keys, what="right-hand item")
    return dict(sorted(matches.items(), key=lambda item: left_keys.index(item[0]))) or None


def read_response(question: Question, raw: Any) -> object:
    """The canonical response to ``question`` from what was sent, None when unanswered.

    Raises ResponseError when the response cannot be read; QuestionError when the question
    itself is not valid.
    """
    if _blank(raw):
        return None
    spec = question_spec(question)
    kind = question.kind
    if kind in ("single", "multiple"):
        keys = [option["key"] for option in spec["options"]]
        if kind == "single":
            if isinstance(raw, list | tuple):
                if len(raw) != 1:
                    raise ResponseError("Choose one option only.")
                raw = raw[0]
            return _key(raw, keys, what="option")
        chosen = [raw] if isinstance(raw, str) else raw
        if not isinstance(chosen, list | tuple | set | frozenset):
            raise ResponseError("The options chosen must be given by their keys.")
        return sorted({_key(key, keys, what="option") for key in chosen})
    if kind == "numeric":
        return _number(raw)
    if kind == "text":
        if not isinstance(raw, str):
            raise ResponseError("The answer must be text.")
        text = raw.strip()
        if len(text) > MAX_TEXT_RESPONSE:
            raise ResponseError(f"The answer must be at most {MAX_TEXT_RESPONSE} characters long.")
        return text
    return _matches(question, raw)
