"""Short-text answers matched against lecturer-written wildcard patterns, without regular expressions.

A pattern is literal text in which ``*`` stands for any run of characters (even none) and ``?``
for exactly one. Patterns are not regular expressions: a lecturer's regex run on a learner's
text could backtrack catastrophically. The matcher is the classic dynamic programme over
(pattern position, text position), so its work is bounded by ``len(pattern) × len(text)``
whatever the pattern.

Both sides are normalised the same way first: Unicode-composed, whitespace runs collapsed to
one space and trimmed, case folded unless case-sensitive, accents dropped (NFKD, then the
combining marks removed) when ignoring accents.
"""

from __future__ import annotations

import unicodedata

ANY_RUN, ANY_ONE = "*", "?"

# The tokens of a compiled pattern: a literal character, or one of these two markers.
_RUN, _ONE = object(), object()


def normalise_text(text: str, *, case_sensitive: bool = False, ignore_accents: bool = True) -> str:
    """The form in which a response and a pattern's literal text are compared."""
    if ignore_accents:
        text = unicodedata.normalize("NFKD", text)
        text = "".join(char for char in text if not unicodedata.combining(char))
    else:
        text = unicodedata.normalize("NFC", text)
    if not case_sensitive:
        text = text.casefold()
    return " ".join(text.split())


def _tokens(pattern: str, *, case_sensitive: bool, ignore_accents: bool) -> list[object]:
    """The pattern as tokens; the wildcards are found before normalising the literal parts.

    Splitting first means a character that only normalises to ``*`` or ``?`` (a full-width
    question mark, say) stays a literal. Whitespace is collapsed as in the response: the
    ends of the whole pattern are trimmed, a run inside it becomes one space.
    """
    tokens: list[object] = []
    literal: list[str] = []

    def flush(*, first: bool, last: bool) -> None:
        text = "".join(literal)
        literal.clear()
        if not text:
            return
        normal = normalise_text(text, case_sensitive=case_sensitive, ignore_accents=ignore_accents)
        # normalise_text trims; give back the single space a segment began or ended with
        # when it touches a wildcard, since that space separates words in the response.
        if not first and text[:1].isspace() and normal:
            normal = " " + normal
        if not last and text[-1:].isspace():
            normal = normal + " " if normal else " "
        tokens.extend(normal)

    stripped = pattern.strip()
    first = True
    for char in stripped:
        if char in (ANY_RUN, ANY_ONE):
            flush(first=first, last=False)
            first = False
            marker = _RUN if char == ANY_RUN else _ONE
            if marker is _RUN and tokens and tokens[-1] is _RUN:
                continue  # "**" is "*"
            tokens.append(marker)
        else:
            literal.append(char)
    flush(first=first, last=True)
    return tokens


def wildcard_match_steps(
    pattern: str, text: str, *, case_sensitive: bool = False, ignore_accents: bool = True
) -> tuple[bool, int]:
    """Whether ``text`` matches ``pattern``, and how many table cells the matcher computed.

    The count is at most ``(len(tokens) + 1) × (len(text) + 1)`` for the normalised text:
    the bound the tests pin, in place of a timing that depends on the machine.
    """
    tokens = _tokens(pattern, case_sensitive=case_sensitive, ignore_accents=ignore_accents)
    subject = normalise_text(text, case_sensitive=case_sensitive, ignore_accents=ignore_accents)
    width = len(tokens) + 1
    # row[j]: the first j tokens match the text read so far.
    row = [False] * width
    row[0] = True
    for j, token in enumerate(tokens, start=1):
        row[j] = row[j - 1] and token is _RUN
    steps = width
    for char in subject:
        following = [False] * width
        for j, token in enumerate(tokens, start=1):
            if token is _RUN:
                following[j] = following[j - 1] or row[j]
            elif token is _ONE or token == char:
                following[j] = row[j - 1]
        steps += width
        row = following
        if not any(row):
            return False, steps  # no prefix of the pattern matches: nothing later can
    return row[-1], steps


def wildcard_match(
    pattern: str, text: str, *, case_sensitive: bool = False, ignore_accents: bool = True
) -> bool:
    """Whether ``text`` matches the wildcard ``pattern`` (``*`` any run, ``?`` one character)."""
    return wildcard_match_steps(
        pattern, text, case_sensitive=case_sensitive, ignore_accents=ignore_accents
    )[0]
