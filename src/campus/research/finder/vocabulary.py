"""The skills vocabulary: ESCO labels in every language, and the bridge from text to skills.

A query's words are compared with the words of every label of every skill, in all languages
at once, so a Dutch query meets a skill through its Dutch label and the profile that holds
the skill, whatever language the profile was written in. A label matches as much of it as
the query covers (its words weighted by how rare they are among labels) and as much of the
query as it explains; a skill takes its best label.
"""

from __future__ import annotations

import csv
import math
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from .model import FROM_TEXT, LabelMatch, QuerySkill
from .text import ALLIANCE_LANGUAGES, Lexicon, fold, is_content, raw_words, stem

MAX_QUERY_CHARS = 1000  # characters of a query read; the rest is ignored
MAX_QUERY_WORDS = 32
FUZZY = 0.6  # credit of a word matched only by its beginning
ALT_LABEL = 0.9  # an alternative label counts a little less than the preferred one
MIN_WEIGHT = 0.2  # a skill weaker than this is not taken from the text
RELATIVE_CUT = 0.4  # nor one weaker than this share of the best skill found
MAX_TEXT_SKILLS = 30
QUERY_SHARE = 0.65


@dataclass(frozen=True)
class _Label:
    uri: str
    language: str
    text: str
    preferred: bool
    stems: tuple[str, ...]
    surfaces: tuple[str, ...]
    raw: tuple[str, ...]


def _content_words(text: str) -> list[str]:
    return [w for w in raw_words(text) if is_content(w)]


class SkillVocabulary:
    """Labels of skills in many languages, and broader relations between skills."""

    def __init__(
        self,
        labels: Iterable[tuple[str, str, str, Iterable[str]]],
        broader: Mapping[str, Iterable[str]] | None = None,
    ):
        """``labels``: (uri, language, preferred label, alternative labels) rows;
        ``broader``: uri -> its broader concepts' uris (skills or skill groups)."""
        self._labels: list[_Label] = []
        seen: set[tuple[str, str, str]] = set()
        for uri, language, preferred, alternatives in labels:
            for text, is_preferred in [(preferred, True), *((a, False) for a in alternatives)]:
                text = (text or "").strip()
                key = (uri, language, fold(text))
                if not text or key in seen:
                    continue
                seen.add(key)
                words = _content_words(text)
                if not words:
                    continue
                self._labels.append(
                    _Label(
                        uri=uri,
                        language=language,
                        text=text,
                        preferred=is_preferred,
                        stems=tuple(stem(w, language) for w in words),
                        surfaces=tuple(fold(w) for w in words),
                        raw=tuple(words),
                    )
                )
        self.uris = frozenset(label.uri for label in self._labels)
        self.languages = tuple(sorted({label.language for label in self._labels}))
        # (language, stem) and ("*", folded surface) -> [(label id, word position)]
        self._postings: dict[tuple[str, str], list[tuple[int, int]]] = defaultdict(list)
        by_prefix: dict[str, set[str]] = defaultdict(set)
        # Rarity counts skills, not labels: a skill's many alternative labels repeat its words.
        holders: dict[tuple[str, str], set[str]] = defaultdict(set)
        skills_per_language: dict[str, set[str]] = defaultdict(set)
        for i, label in enumerate(self._labels):
            skills_per_language[label.language].add(label.uri)
            for pos, (s, surface) in enumerate(zip(label.stems, label.surfaces, strict=True)):
                self._postings[(label.language, s)].append((i, pos))
                self._postings[("*", surface)].append((i, pos))
                by_prefix[surface[:5]].add(surface)
            for s in label.stems:
                holders[(label.language, s)].add(label.uri)
        self._lexicon = Lexicon(w for words in by_prefix.values() for w in words)
        self._idf = [
            tuple(
                math.log(
                    1 + len(skills_per_language[label.language]) / len(holders[(label.language, s)])
                )
                for s in label.stems
            )
            for label in self._labels
        ]
        self.broader: dict[str, tuple[str, ...]] = {
            uri: tuple(dict.fromkeys(b for b in bs if b != uri))
            for uri, bs in (broader or {}).items()
        }
        narrower: dict[str, list[str]] = defaultdict(list)
        for uri, bs in self.broader.items():
            for b in bs:
                narrower[b].append(uri)
        self.narrower = {uri: tuple(sorted(ns)) for uri, ns in narrower.items()}
        self._preferred: dict[tuple[str, str], str] = {}
        for label in self._labels:
            if label.preferred:
                self._preferred.setdefault((label.uri, label.language), label.text)

    def __contains__(self, uri: object) -> bool:
        return uri in self.uris

    def __len__(self) -> int:
        return len(self.uris)

    def _known(self, word: str, languages: tuple[str, ...]) -> bool:
        return ("*", fold(word)) in self._postings or any(
            (lang, stem(word, lang)) in self._postings for lang in languages
        )

    def label(self, uri: str, language: str = "en") -> str | None:
        """The preferred label of a skill in a language, else in English, else None."""
        return self._preferred.get((uri, language)) or self._preferred.get((uri, "en"))

    def match_text(self, text: str, language: str | None = None) -> tuple[QuerySkill, ...]:
        """The skills a text names, strongest first, each with the label it matched through.

        With ``language`` the text's words are stemmed as that language's and as English
        (which other languages borrow); without it, as every language of the labels."""
        words = list(dict.fromkeys(_content_words(text[:MAX_QUERY_CHARS])))[:MAX_QUERY_WORDS]
        if not words:
            return ()
        if language:
            languages = tuple(dict.fromkeys([language, "en"]))
        else:
            languages = tuple(dict.fromkeys([*self.languages, *ALLIANCE_LANGUAGES]))
        # Each query word, or the two parts of a compound no label knows whole, is a term.
        terms: list[tuple[str, str, bool]] = []  # (the word as typed, the part, is a head)
        for word in words:

            def known(part: str) -> bool:
                return self._known(part, languages)

            split = None if known(word) else self._lexicon.split(word, known)
            if split:
                terms += [(word, split[0], True), (word, split[1], False)]
            else:
                terms.append((word, word, False))
        # label id -> word position -> (credit, term index)
        hits: dict[int, dict[int, tuple[float, int]]] = defaultdict(dict)
        exact_idf = [0.0] * len(terms)
        near_idf = [0.0] * len(terms)

        def credit(postings, value: float, qi: int) -> None:
            for label_id, pos in postings:
                seen = exact_idf if value == 1.0 else near_idf
                seen[qi] = max(seen[qi], self._idf[label_id][pos])
                best = hits[label_id].get(pos)
                if best is None or best[0] < value:
                    hits[label_id][pos] = (value, qi)

        for qi, (_, part, head) in enumerate(terms):
            surface = fold(part)
            for lang in languages:
                credit(self._postings.get((lang, stem(part, lang)), ()), 1.0, qi)
            credit(self._postings.get(("*", surface), ()), 1.0, qi)
            for other in self._lexicon.near_words(surface, head=head):
                credit(self._postings.get(("*", other), ()), FUZZY, qi)
        # A query word weighs what its rarest exactly matching label word weighs; a word
        # matched only by its beginning weighs the least of those (a compound is always
        # rare, its meaning not), and one no label knows the average of the others (it is
        # no evidence against a skill).
        if not hits:
            return ()
        known = [w for w in exact_idf if w > 0]
        average = sum(known) / len(known) if known else 1.0
        word_idf = [
            e or (min(n, average) if n else average)
            for e, n in zip(exact_idf, near_idf, strict=True)
        ]
        query_mass = sum(word_idf)

        best: dict[str, tuple[float, int, frozenset[int]]] = {}
        for label_id, positions in hits.items():
            idf = self._idf[label_id]
            covered = sum(value * idf[pos] for pos, (value, _) in positions.items())
            label_cover = covered / sum(idf)
            per_word: dict[int, float] = {}
            for value, qi in positions.values():
                per_word[qi] = max(per_word.get(qi, 0.0), value)
            query_cover = sum(v * word_idf[qi] for qi, v in per_word.items()) / query_mass
            # Mostly how much of the query the skill explains (its rare words first), then
            # how much of the label the query says ("machine learning" before "use machine
            # learning"); a long label that names the query's one rare word still wins.
            weight = QUERY_SHARE * query_cover + (1 - QUERY_SHARE) * label_cover
            label = self._labels[label_id]
            if not label.preferred:
                weight *= ALT_LABEL
            current = best.get(label.uri)
            if current is None or weight > current[0]:
                best[label.uri] = (weight, label_id, frozenset(per_word))
        if not best:
            return ()
        top = max(w for w, _, _ in best.values())
        floor = max(MIN_WEIGHT, RELATIVE_CUT * top)
        found = []
        for uri, (weight, label_id, qis) in best.items():
            if weight < floor:
                continue
            label = self._labels[label_id]
            positions = hits[label_id]
            fuzzy = all(value < 1.0 for value, _ in positions.values())
            found.append(
                QuerySkill(
                    uri=uri,
                    weight=round(weight, 4),
                    source=FROM_TEXT,
                    match=LabelMatch(
                        label=label.text,
                        language=label.language,
                        preferred=label.preferred,
                        words=tuple(dict.fromkeys(terms[qi][0] for qi in sorted(qis))),
                        fuzzy=fuzzy,
                    ),
                )
            )
        found.sort(key=lambda s: (-s.weight, s.uri))
        return tuple(found[:MAX_TEXT_SKILLS])


def _split(cell: str | None) -> list[str]:
    return [part.strip() for part in (cell or "").replace("\n", "|").split("|") if part.strip()]


def vocabulary_from_esco(
    folder: str | Path, labels_csv: str | Path | None = None
) -> SkillVocabulary:
    """A vocabulary from an ESCO CSV folder: the collection files (``*Collection_<lang>.csv``,
    ``skills_<lang>.csv``) give labels and broader relations, ``skillsHierarchy_<lang>.csv``
    the skill groups' relations; ``labels_csv`` (conceptUri, language, preferredLabel,
    altLabels) adds labels in further languages."""
    folder = Path(folder)
    rows: dict[tuple[str, str], tuple[str, list[str]]] = {}
    broader: dict[str, set[str]] = defaultdict(set)
    files = sorted(folder.glob("*Collection_*.csv")) + sorted(folder.glob("skills_*.csv"))
    for path in files:
        language = path.stem.rsplit("_", 1)[-1]
        with path.open(encoding="utf-8", newline="") as f:
            for row in csv.DictReader(f):
                uri = row.get("conceptUri", "")
                if not uri:
                    continue
                rows[(uri, language)] = (
                    row.get("preferredLabel", ""),
                    _split(row.get("altLabels")),
                )
                broader[uri].update(_split(row.get("broaderConceptUri")))
    for path in sorted(folder.glob("skillsHierarchy_*.csv")):
        with path.open(encoding="utf-8", newline="") as f:
            for row in csv.DictReader(f):
                chain = [row.get(f"Level {n} URI", "") for n in range(4)]
                chain = [uri for uri in chain if uri]
                for child, parent in zip(chain[1:], chain, strict=False):
                    broader[child].add(parent)
    if labels_csv is not None:
        with Path(labels_csv).open(encoding="utf-8", newline="") as f:
            for row in csv.DictReader(f):
                key = (row["conceptUri"], row["language"])
                rows.setdefault(key, (row["preferredLabel"], _split(row.get("altLabels"))))
    return SkillVocabulary(
        ((uri, lang, pref, alts) for (uri, lang), (pref, alts) in sorted(rows.items())),
        broader={uri: sorted(bs) for uri, bs in broader.items()},
    )
