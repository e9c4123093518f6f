"""Words of a text as the finder compares them: folded, stopwords dropped, stemmed per language.

Folding (lower case, accents removed: "Überschwemmung" -> "uberschwemmung") makes a query
forgive case and accents; stemming (Snowball, all nine alliance languages) makes
"overstromingen" meet "overstroming". A word is stemmed with its accents (the stemmers know
"ä" from "a") and folded afterwards, so both sides of a comparison are treated alike.
"""

from __future__ import annotations

import re
import unicodedata
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
# Letters that NFKD does not decompose but a reader types without their stroke.
_FLAT = str.maketrans({"ø": "o", "æ": "ae", "œ": "oe", "ł": "l", "đ": "d", "ð": "d", "þ": "th"})


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
    """A folded query word that shares nearly all of a word's beginning: a compound's part
    ('overstromingsrisico' and 'overstromingen') or a cognate ('energia' and 'energie').
    A short query word must not stand for the longer words it begins ('small' is not
    'smalltalk')."""
    if query_word == other:
        return False
    n = common_prefix(query_word, other)
    shorter = min(len(query_word), len(other))
    if n < 5 or n < shorter - 3:
        return False
    return len(query_word) > len(other) or len(query_word) >= 7
