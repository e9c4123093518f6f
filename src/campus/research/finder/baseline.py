"""The baseline the finder is measured against: plain keyword search.

What a research-information system's search box does: BM25 over the words a profile shows
(free keywords, output titles, topics, and its skills' English names), folded for case and
accents, with no stemming and no bridge between languages.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable

from .model import ExpertDoc
from .text import fold, is_content, raw_words
from .vocabulary import SkillVocabulary

K1, B = 1.2, 0.75


def _words(text: str) -> list[str]:
    return [fold(w) for w in raw_words(text.replace("-", " ")) if is_content(w)]


class KeywordIndex:
    def __init__(self, docs: Iterable[ExpertDoc], vocabulary: SkillVocabulary):
        self.docs = list(docs)
        self._postings: dict[str, dict[int, int]] = defaultdict(dict)
        self._length: list[int] = []
        for i, doc in enumerate(self.docs):
            texts = [*doc.keywords, *doc.outputs, *doc.topics]
            texts += [vocabulary.label(uri, "en") or "" for uri in doc.skills]
            words = [w for text in texts for w in _words(text)]
            self._length.append(len(words))
            for w in words:
                self._postings[w][i] = self._postings[w].get(i, 0) + 1
        self._average = (sum(self._length) / len(self._length)) if self._length else 1.0

    def search(self, text: str, limit: int = 10) -> list[str | int]:
        """The ids of the best-matching profiles, best first."""
        n = len(self.docs)
        scores: dict[int, float] = defaultdict(float)
        for w in dict.fromkeys(_words(text)):
            posting = self._postings.get(w)
            if not posting:
                continue
            idf = math.log(1 + (n - len(posting) + 0.5) / (len(posting) + 0.5))
            for i, tf in posting.items():
                norm = K1 * (1 - B + B * self._length[i] / (self._average or 1.0))
                scores[i] += idf * tf * (K1 + 1) / (tf + norm)
        ranked = sorted(scores, key=lambda i: (-scores[i], i))[:limit]
        return [self.docs[i].id for i in ranked]
