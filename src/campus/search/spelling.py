"""Typo correction of a query against a scope's vocabulary, and suggestions when nothing matches."""

from __future__ import annotations

from dataclasses import dataclass, field

from .query import Query, parse
from .vocabulary import MAX_WORD, words_closest, words_known, words_near

MAX_SUGGESTIONS = 4


@dataclass(frozen=True)
class Spelling:
    """What a person asked (``original``) and what is searched (``query``): each word that no
    indexed word begins replaced by its closest indexed words."""

    original: Query
    query: Query
    corrections: dict[str, list[str]] = field(default_factory=dict)

    @property
    def corrected(self) -> bool:
        return bool(self.corrections)


def spelling_correct(scope: str, q: str | Query | None) -> Spelling:
    """Read ``q`` and correct the words that ``scope`` does not know ("enrgy" -> "energy")."""
    original = parse(q)
    words = [w for w in original.words() if len(w) <= MAX_WORD]
    known = words_known(scope, words)
    unknown = [w for w in words if w not in known]
    corrections = {}
    for word in unknown:
        if closest := words_closest(scope, word):
            corrections[word] = closest
    if not corrections:
        return Spelling(original, original)
    return Spelling(original, original.replaced(corrections), corrections)


def spelling_suggestions(scope: str, q: str | Query | None) -> list[str]:
    """Queries close to ``q``, each with one word replaced by a near indexed word, for a search
    that found nothing ("Did you mean: energy?")."""
    query = parse(q)
    suggestions: list[str] = []
    for word in query.words():
        if len(word) > MAX_WORD:
            continue
        for near in words_near(scope, word):
            text = query.replaced({word: [near]}).text()
            if text not in suggestions and text != query.text():
                suggestions.append(text)
    return suggestions[:MAX_SUGGESTIONS]


def search_links(params, texts: list[str], *, key: str = "q") -> list[tuple[str, str]]:
    """``(text, "?...")`` for each query text: the request's other parameters (a QueryDict)
    kept, the page dropped (a new search starts at its first page)."""
    links = []
    for text in texts:
        query = params.copy()
        query[key] = text
        query.pop("page", None)
        links.append((text, "?" + query.urlencode()))
    return links
