"""The words each search scope has indexed, and the nearest of them to a word.

A scope ("catalog", "challenges", "skills") adds the words of every document it indexes
(``vocabulary_add``, on each write) and replaces them all when its index is rebuilt
(``vocabulary_replace``); words of deleted documents stay until then, which costs at most a
correction to a word that finds nothing. Words with digits, and words shorter than two or
longer than forty letters, are left out: codes and numbers are not misspelt words.

The nearest words come from trigrams, as pg_trgm makes them (each word padded with two
spaces before and one after): on PostgreSQL from pg_trgm's GiST index over ``search_word``
(nearest first by ``<->``), on SQLite from ``search_wordtrigram``, one row per trigram of a
word. Then the edit distance decides, as a person would judge a typo.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connection

from .models import Word, WordTrigram
from .query import words_of

MIN_WORD, MAX_WORD = 2, 40
CANDIDATES = 50  # nearest words by trigrams, from which the edit distance chooses
_CHUNK = 500


def trigrams(word: str) -> set[str]:
    """pg_trgm's trigrams of one folded word: 'sun' -> {'  s', ' su', 'sun', 'un '}."""
    padded = f"  {word} "
    return {padded[i : i + 3] for i in range(len(padded) - 2)}


def similarity(a: str, b: str) -> float:
    """pg_trgm's similarity: shared trigrams over all trigrams of the two words."""
    ta, tb = trigrams(a), trigrams(b)
    return len(ta & tb) / len(ta | tb) if ta or tb else 0.0


def edit_distance(a: str, b: str) -> int:
    """Insertions, deletions, substitutions and swaps of neighbours that make ``a`` into ``b``."""
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            cost = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cost = min(cost, previous2[j - 2] + 1)
            current.append(cost)
        previous2, previous = previous, current
    return previous[-1]


def typo_allowance(word: str) -> int:
    """How many edits a typo of ``word`` may have: none below three letters (too many words
    are that close), one up to four, two up to eight, three beyond."""
    n = len(word)
    return 0 if n < 3 else 1 if n <= 4 else 2 if n <= 8 else 3


def vocabulary_words(texts: Iterable[str]) -> set[str]:
    """The words of ``texts`` that a vocabulary keeps."""
    return {
        word
        for text in texts
        if text
        for word in words_of(text)
        if MIN_WORD <= len(word) <= MAX_WORD and not any(c.isdigit() for c in word)
    }


def vocabulary_add(scope: str, texts: Iterable[str]) -> int:
    """Add the words of ``texts`` to ``scope``; returns how many were new."""
    words = vocabulary_words(texts)
    if not words:
        return 0
    ordered = sorted(words)
    new: list[str] = []
    for start in range(0, len(ordered), _CHUNK):
        chunk = ordered[start : start + _CHUNK]
        present = set(
            Word.objects.filter(scope=scope, word__in=chunk).values_list("word", flat=True)
        )
        new.extend(w for w in chunk if w not in present)
    if not new:
        return 0
    Word.objects.bulk_create(
        [Word(scope=scope, word=w) for w in new], batch_size=_CHUNK, ignore_conflicts=True
    )
    if connection.vendor != "postgresql":
        rows = []
        for start in range(0, len(new), _CHUNK):
            for pk, word in Word.objects.filter(
                scope=scope, word__in=new[start : start + _CHUNK]
            ).values_list("pk", "word"):
                rows.extend(WordTrigram(word_id=pk, scope=scope, trigram=t) for t in trigrams(word))
        WordTrigram.objects.bulk_create(rows, batch_size=2000)
    return len(new)


def vocabulary_replace(scope: str, texts: Iterable[str]) -> int:
    """Make ``scope``'s vocabulary exactly the words of ``texts``; returns how many."""
    WordTrigram.objects.filter(scope=scope).delete()
    Word.objects.filter(scope=scope).delete()
    return vocabulary_add(scope, texts)


def words_known(scope: str, words: Iterable[str]) -> set[str]:
    """Those of ``words`` that begin some word of ``scope`` (a search finds them as they are)."""
    known = set()
    for word in words:
        if connection.vendor == "postgresql":
            found = Word.objects.filter(scope=scope, word__startswith=word)
        else:  # a range over the (binary-ordered) index: SQLite's LIKE cannot use it
            found = Word.objects.filter(scope=scope, word__gte=word, word__lt=word + "\U0010ffff")
        if found.exists():
            known.add(word)
    return known


def _nearest(scope: str, word: str) -> list[str]:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT word FROM search_word WHERE scope = %s ORDER BY word <-> %s LIMIT %s",
                [scope, word, CANDIDATES],
            )
        else:
            grams = sorted(trigrams(word))
            marks = ",".join(["%s"] * len(grams))
            # Shared trigrams over all trigrams of both words, as similarity() computes it.
            cursor.execute(
                "SELECT w.word FROM search_wordtrigram t JOIN search_word w ON w.id = t.word_id "  # noqa: S608 - placeholders only
                f"WHERE t.scope = %s AND t.trigram IN ({marks}) GROUP BY t.word_id "
                "ORDER BY COUNT(*) * 1.0 / (%s + LENGTH(w.word) + 1 - COUNT(*)) DESC, w.word "
                "LIMIT %s",
                [scope, *grams, len(grams), CANDIDATES],
            )
        return [row[0] for row in cursor.fetchall()]


def _ranked(scope: str, word: str, allowance: int) -> list[tuple[int, str]]:
    scored = []
    for candidate in _nearest(scope, word):
        if candidate == word:
            continue
        distance = edit_distance(word, candidate)
        if distance <= allowance:
            scored.append((distance, -similarity(word, candidate), candidate))
    scored.sort()
    return [(distance, candidate) for distance, _sim, candidate in scored]


def words_closest(scope: str, word: str, *, limit: int = 3) -> list[str]:
    """The words of ``scope`` that ``word`` is most likely a typo of (the fewest edits, then
    the most trigrams shared), at most ``limit``; none for a word shorter than three letters."""
    allowance = typo_allowance(word)
    if not allowance:
        return []
    ranked = _ranked(scope, word, allowance)
    best = ranked[0][0] if ranked else None
    return [candidate for distance, candidate in ranked if distance == best][:limit]


def words_near(scope: str, word: str, *, limit: int = 3) -> list[str]:
    """Words of ``scope`` close to ``word`` (a little further than a typo), closest first."""
    allowance = typo_allowance(word)
    if not allowance:
        return []
    return [candidate for _d, candidate in _ranked(scope, word, allowance + 1)][:limit]
