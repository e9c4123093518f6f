"""JSON read from outside with limits on its size and nesting (plain Python, no Django).

Python's parser recurses once per level: a body of 100,000 brackets exhausts the stack, and
a document a few hundred levels deep parses but then overflows whatever walks it next
(JSON-LD expansion, canonicalisation). No credential or upload the campus reads nests
anywhere near ``MAX_DEPTH``.
"""

from __future__ import annotations

import json
from typing import Any

MAX_DEPTH = 64
MAX_BYTES = 2 * 1024 * 1024


class JsonRefused(ValueError):
    """JSON the campus will not read: too large, too deeply nested, or not JSON at all.

    ``reason`` is ``"too_large"``, ``"too_deep"`` or ``"not_json"``; ``limit`` the bound that
    was passed (bytes or levels), so that a page can say it in the reader's language.
    """

    def __init__(self, reason: str, message: str, limit: int | None = None):
        super().__init__(message)
        self.reason = reason
        self.limit = limit


def json_depth(value: Any) -> int:
    """How deeply arrays and objects nest in ``value`` (a scalar is 0), without recursion."""
    deepest = 0
    stack = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            children = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        depth += 1
        deepest = max(deepest, depth)
        stack.extend((child, depth) for child in children)
    return deepest


def json_loads_bounded(
    text: str | bytes, *, max_bytes: int = MAX_BYTES, max_depth: int = MAX_DEPTH
) -> Any:
    """``json.loads`` that raises ``JsonRefused`` for text over ``max_bytes`` or nesting over
    ``max_depth`` levels, and for text that is not JSON."""
    size = len(text.encode("utf-8") if isinstance(text, str) else text)
    if size > max_bytes:
        raise JsonRefused("too_large", f"it is larger than {max_bytes} bytes", max_bytes)
    try:
        value = json.loads(text)
    except RecursionError as exc:
        raise JsonRefused(
            "too_deep", f"it is nested too deeply (more than {max_depth} levels)", max_depth
        ) from exc
    except (ValueError, UnicodeDecodeError) as exc:
        raise JsonRefused("not_json", str(exc)) from exc
    if json_depth(value) > max_depth:
        raise JsonRefused(
            "too_deep", f"it is nested too deeply (more than {max_depth} levels)", max_depth
        )
    return value
