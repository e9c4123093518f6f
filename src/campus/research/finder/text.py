"""Words of a text as the finder compares them: folded, stopwords dropped, stemmed per language.

Folding (lower case, accents removed: "Überschwemmung" -> "uberschwemmung") makes a query
forgive case and accents; stemming (Snowball, all nine alliance languages) makes
"overstromingen" meet "overstroming". A word is stemmed with its accents (the stemmers know
"ä" from "a") and folded afterwards, so both sides of a comparison are treated alike.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable
from functools import lru_cache

import snowballstemmer

# ISO 639-1 -> the Snowball algorithm; English is the ESCO source language.
STEMMER_NAMES = {
    "en": "english",
    "nl": "dutch",
    "de": "german",
    "da": "danish",
    "pt": "portuguese",
    "sv": "swedish",
    "fi": "finnish",
    "lt": "lithuanian",
    "cs": "czech",
    "fr": "french",
    "es": "spanish",
    "it": "italian",
    "pl": "polish",
}
ALLIANCE_LANGUAGES = ("en", "nl", "de", "da", "pt", "sv", "fi", "lt", "cs")

# Function words only: a word that carries meaning in another alliance language stays out
# ("man", "art", "data" are content words somewhere).
_STOPWORDS = {
    "en": "a an and are as at be by for from in into is it of on or the to with without our "
    "we i my your their this that these those how help need needs looking expert experts",
    "nl": "de het een en van voor met in op te aan bij door of om over uit naar als ook die "
    "dat deze wij ik mijn onze hulp nodig zoek zoeken expert experts deskundige",
    "de": "der die das den dem des ein eine einer eines einem und oder fur mit von im in zu "
    "zum zur bei auf aus als wie wir ich unsere hilfe brauchen suche suchen experte experten",
    "da": "og i pa af til med for en et den det de som om hos fra vi jeg vores hjaelp brug "
    "sog soger ekspert eksperter",
    "pt": "a o os as um uma de do da dos das e em no na nos nas para por com ou que ao aos "
    "pela pelo nosso nossa ajuda precisamos procuro procuramos especialista especialistas",
    "sv": "och i pa av till med for en ett den det de som om hos fran vi jag var vara hjalp "
    "behover soker expert experter",
    "fi": "ja tai on ovat se ne etta kanssa me minä mina meidan apua tarvitsemme etsimme "
    "etsin asiantuntija asiantuntijaa asiantuntijoita",
    "lt": "ir ar su be i is uz del per apie mes as musu pagalbos reikia ieskome ieskau "
    "ekspertas ekspertu ekspertas",
    "cs": "a i v ve na s se z ze do pro od o k ke u za nebo jak my ja nas nase pomoc "
    "potrebujeme hledame hledam odbornik odbornika odborniky expert experta",
}
STOPWORDS = frozenset(w for words in _STOPWORDS.values() for w in words.split())

_WORD = re.compile(r"[^\W_]+")
# Letters that NFKD does not decompose, as a reader types them without their stroke (æ as
# the Swedish and German ä, which fold to a).
_FLAT = str.maketrans({"ø": "o", "æ": "a", "œ": "oe", "ł": "l", "đ": "d", "ð": "d", "þ": "th"})


def fold(text: str) -> str:
    """Lower case without accents: 'Översvämning' -> 'oversvamning', 'Straße' -> 'strasse'."""
    decomposed = unicodedata.normalize("NFKD", text.casefold().translate(_FLAT))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def raw_words(text: str) -> list[str]:
    """The words of a text in lower case, accents kept (for stemming), in order."""
    return _WORD.findall(text.casefold())


MAX_WORD = 40  # longer "words" are noise (no label has one), and costly to stem and split


@lru_cache(maxsize=500_000)
def is_content(word: str) -> bool:
    """A word worth matching: not a function word, not a lone letter or digit, not noise."""
    folded = fold(word)
    return 1 < len(folded) <= MAX_WORD and folded not in STOPWORDS


@lru_cache(maxsize=16)
def _stemmer(language: str):
    name = STEMMER_NAMES.get(language)
    return snowballstemmer.stemmer(name) if name else None


@lru_cache(maxsize=500_000)
def stem(word: str, language: str) -> str:
    """The folded stem of a lower-case word in a language; a language without a stemmer
    keeps the folded word (so an unknown language code still matches exactly)."""
    stemmer = _stemmer(language)
    if stemmer is None or word.isdigit():
        return fold(word)
    return fold(stemmer.stemWord(word))


@lru_cache(maxsize=500_000)
def forms(word: str, languages: tuple[str, ...]) -> frozenset[str]:
    """Every way a word may be indexed: its folded surface and its stem in each language."""
    return frozenset({fold(word), *(stem(word, language) for language in languages)})


def common_prefix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


def near(query_word: str, other: str) -> bool:
    """A folded query word that shares nearly all of a word's beginning: a cognate or an
    inflection ('energia' and 'energie', 'overstromings' and 'overstromingen'). A word much
    shorter than the query word must be nearly all of its beginning ('oversee' is not in
    'oversvamnings'), and a short query word must not stand for the longer words it begins
    ('small' is not 'smalltalk')."""
    if query_word == other:
        return False
    n = common_prefix(query_word, other)
    if len(other) < len(query_word) - 3:
        return n >= max(5, len(other) - 1)
    shorter = min(len(query_word), len(other))
    if n < 5 or n < shorter - 3:
        return False
    return len(query_word) > len(other) or len(query_word) >= 7


MAX_NEAR = 20  # words a query word may stand for by its beginning


class Lexicon:
    """The folded words of an index, grouped by their first letters, for the matches that
    exact forms miss: a compound's parts and words sharing nearly all of a beginning."""

    def __init__(self, words: Iterable[str]):
        buckets: dict[str, set[str]] = defaultdict(set)
        for word in words:
            if len(word) >= 4:
                buckets[word[:4]].add(word)
        self._buckets = {key: tuple(sorted(ws)) for key, ws in buckets.items()}

    def near_words(self, surface: str, head: bool = False) -> list[str]:
        """Words the folded ``surface`` stands for by its beginning (see `near`); a
        compound's head (``head``) also stands for every longer word it begins."""
        if len(surface) < 4:
            return []
        found = [
            w
            for w in self._buckets.get(surface[:4], ())
            if near(surface, w) or (head and w != surface and w.startswith(surface))
        ]
        return found[:MAX_NEAR]

    def begins(self, surface: str) -> bool:
        return any(w.startswith(surface) for w in self._buckets.get(surface[:4], ()))

    def head(self, surface: str) -> str | None:
        """The longest beginning of a folded word, at least six letters and half the word,
        that begins a longer known word: the first part of a compound whose second part
        nobody wrote ('hochwasserrisiko' -> 'hochwasser', as in 'hochwasserschutz')."""
        for i in range(len(surface) - 1, max(5, (len(surface) + 1) // 2) - 1, -1):
            if self.begins(surface[:i]):
                return surface[:i]
        return None

    def split(self, word: str, known: Callable[[str], bool]) -> tuple[str, str] | None:
        """A lower-case compound as (head, tail), the longest tail a ``known`` word of four
        letters or more, the head (less a linking s or e) a known word or the beginning of
        one: 'overstromingsrisico' -> ('overstromings', 'risico'), 'tulvariskit' ->
        ('tulva', 'riskit')."""
        if len(word) < 8:
            return None
        for i in range(4, len(word) - 3):
            head, tail = word[:i], word[i:]
            if not known(tail):
                continue
            for h in (head, head[:-1] if head[-1] in "se" else ""):
                if len(h) >= 4 and (known(h) or (len(h) >= 5 and self.begins(fold(h)))):
                    return head, tail
        return None
