"""A person's search query: words, quoted phrases and OR; AND between the rest.

    energy transition          both words (each a word's beginning: "energ" finds "energy")
    solar OR wind              either word (also "solar | wind")
    "climate adaptation"       the words one after the other
    "São Paulo" OR Geel        a phrase or a word

Words are folded as every index folds its text: lower case, accents removed ("São" -> "sao").
``OR`` counts only in capitals (a lower-case "or" is a word); an unclosed quote runs to the end;
other punctuation separates words. Plain Python, no Django.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

MAX_QUERY_LENGTH = 500  # characters read of a query; the rest is ignored
MAX_WORDS = 10  # words searched, phrases' words included
_WORD = re.compile(r"[^\W_]+")
# A quoted phrase (its closing quote optional), an OR, or a run of anything else.
_TOKEN = re.compile(r'"(?P<phrase>[^"]*)"?|(?P<or>(?<!\S)OR(?!\S)|\|)|(?P<text>[^"\s|]+)')


def fold(text: str) -> str:
    """Lower case without accents: 'São Paulo' -> 'sao paulo'."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def words_of(text: str) -> list[str]:
    """The folded words of a text, in order."""
    return _WORD.findall(fold(text))


def normalise(text: str) -> str:
    """Folded words separated by single spaces: 'Énergie, solaire!' -> 'energie solaire'."""
    return " ".join(words_of(text))


@dataclass(frozen=True)
class Term:
    """One word, or a phrase: words that must follow one another."""

    words: tuple[str, ...]

    @property
    def is_phrase(self) -> bool:
        return len(self.words) > 1

    def text(self) -> str:
        return f'"{" ".join(self.words)}"' if self.is_phrase else self.words[0]


@dataclass(frozen=True)
class Query:
    """All of ``clauses`` must match; a clause matches when any of its terms does."""

    clauses: tuple[tuple[Term, ...], ...] = ()

    def __bool__(self) -> bool:
        return bool(self.clauses)

    def words(self) -> list[str]:
        """Every word of the query once, in order."""
        return list(
            dict.fromkeys(w for clause in self.clauses for term in clause for w in term.words)
        )

    def text(self) -> str:
        """The query written back in its own syntax (parse(q.text()) == q)."""
        return " ".join(" OR ".join(term.text() for term in clause) for clause in self.clauses)

    def __str__(self) -> str:
        return self.text()

    def replaced(self, replacements: dict[str, list[str]]) -> Query:
        """The query with words replaced: a word standing alone by ANY of its replacements
        (an OR), a word in a phrase by its first one."""
        clauses = []
        for clause in self.clauses:
            terms: list[Term] = []
            for term in clause:
                if not term.is_phrase and replacements.get(term.words[0]):
                    terms.extend(Term((w,)) for w in replacements[term.words[0]])
                else:
                    terms.append(Term(tuple((replacements.get(w) or [w])[0] for w in term.words)))
            clauses.append(tuple(dict.fromkeys(terms)))
        return Query(tuple(clauses))


def parse(q: str | Query | None) -> Query:
    """Read a query (see the module's docstring); a ``Query`` is returned as it is."""
    if isinstance(q, Query):
        return q
    clauses: list[list[Term]] = []
    joining = False  # the previous token was an OR
    budget = MAX_WORDS
    for match in _TOKEN.finditer((q or "")[:MAX_QUERY_LENGTH]):
        if match["or"]:
            joining = bool(clauses)
            continue
        text = match["phrase"] if match["phrase"] is not None else match["text"]
        words = words_of(text)[:budget]
        if not words:
            continue
        budget -= len(words)
        # Unquoted, "co2-neutral" is two words, each a term of its own.
        phrase = match["phrase"] is not None
        terms = [Term(tuple(words))] if phrase else [Term((w,)) for w in words]
        if joining:
            clauses[-1].append(terms[0])
            terms = terms[1:]
        clauses.extend([term] for term in terms)
        joining = False
        if budget <= 0:
            break
    return Query(tuple(tuple(dict.fromkeys(clause)) for clause in clauses))
