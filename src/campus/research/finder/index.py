"""The expert index: built once over every visible profile, asked many times.

A profile's score mixes two kinds of evidence, each scaled to [0, 1] over the candidates of
one search: skills (the query's skills, from its text through labels in every language or
named outright, against the profile's ESCO skills, rarer skills counting more, with partial
credit for a broader, narrower or sibling skill) and words (BM25 over the profile's free
keywords, output titles and topics, stemmed in the profile's languages). Arrays per skill
and per word make one search over 50,000 profiles a matter of milliseconds.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable

import numpy as np

from .model import (
    AVAILABILITY,
    BROADER,
    EXACT,
    FROM_QUERY,
    NARROWER,
    RELATED,
    ExpertDoc,
    Explanation,
    Query,
    QueryError,
    QuerySkill,
    Result,
    SearchResult,
    SkillEvidence,
    TextEvidence,
)
from .text import ALLIANCE_LANGUAGES, Lexicon, fold, forms, is_content, raw_words
from .vocabulary import FUZZY, MAX_QUERY_CHARS, MAX_QUERY_WORDS, SkillVocabulary

# Partial credit for a profile's skill that is not the one asked for.
RELATION_CREDIT = {EXACT: 1.0, BROADER: 0.5, NARROWER: 0.6, RELATED: 0.3}
MAX_SIBLINGS = 25  # a broader concept with more children than this lends no RELATED credit
FIELD_WEIGHT = {"keyword": 2.0, "topic": 1.5, "output": 1.0}
K1, B = 1.2, 0.75
SKILL_SHARE, TEXT_SHARE, TOPIC_SHARE = 0.55, 0.35, 0.10


def _words(text: str) -> list[str]:
    return [w for w in raw_words(text.replace("-", " ").replace("_", " ")) if is_content(w)]


class ExpertIndex:
    """Profiles indexed for `search`. Build it again when profiles change."""

    def __init__(self, docs: Iterable[ExpertDoc], vocabulary: SkillVocabulary):
        self.vocabulary = vocabulary
        self.docs: list[ExpertDoc] = list(docs)
        n = len(self.docs)
        self._position = {doc.id: i for i, doc in enumerate(self.docs)}
        skill_postings: dict[str, list[int]] = defaultdict(list)
        topic_postings: dict[str, list[int]] = defaultdict(list)
        term_postings: dict[str, dict[int, float]] = defaultdict(dict)
        lengths = np.zeros(n, dtype=np.float32)
        surfaces: set[str] = set()
        for i, doc in enumerate(self.docs):
            for uri in dict.fromkeys(doc.skills):
                skill_postings[uri].append(i)
            for slug in dict.fromkeys(doc.topics):
                topic_postings[slug].append(i)
            languages = tuple(dict.fromkeys([*doc.languages, "en"]))
            tf: dict[str, float] = defaultdict(float)
            length = 0.0
            for field, texts in (
                ("keyword", doc.keywords),
                ("topic", doc.topics),
                ("output", doc.outputs),
            ):
                weight = FIELD_WEIGHT[field]
                for text in texts:
                    for word in _words(text):
                        length += weight
                        surfaces.add(fold(word))
                        for form in forms(word, languages):
                            tf[form] += weight
            lengths[i] = length
            for form, value in tf.items():
                term_postings[form][i] = value
        self._skills = {uri: np.array(ids, dtype=np.int32) for uri, ids in skill_postings.items()}
        self._skill_idf = {uri: math.log(1 + n / len(ids)) for uri, ids in self._skills.items()}
        self._topics = {slug: np.array(ids, dtype=np.int32) for slug, ids in topic_postings.items()}
        self._terms = {
            form: (
                np.fromiter(p.keys(), np.int32, len(p)),
                np.fromiter(p.values(), np.float32, len(p)),
            )
            for form, p in term_postings.items()
        }
        self._lexicon = Lexicon(surfaces)
        average = float(lengths.mean()) if n and lengths.mean() > 0 else 1.0
        self._norm = (K1 * (1 - B + B * lengths / average)).astype(np.float32)
        # Filters as arrays of codes.
        self._institutions, self._institution = self._codes(doc.institution for doc in self.docs)
        self._countries, self._country = self._codes(doc.country.upper() for doc in self.docs)
        self._spoken = {
            language: np.array([language in doc.languages for doc in self.docs], dtype=bool)
            for language in {lang for doc in self.docs for lang in doc.languages}
        }
        self._available = {
            flag: np.array([flag in doc.available_for for doc in self.docs], dtype=bool)
            for flag in AVAILABILITY
        }

    @staticmethod
    def _codes(values: Iterable[str]) -> tuple[dict[str, int], np.ndarray]:
        codes: dict[str, int] = {}
        array = np.array([codes.setdefault(v, len(codes)) for v in values], dtype=np.int32)
        return codes, array

    def __len__(self) -> int:
        return len(self.docs)

    # -- the query ------------------------------------------------------------------------

    def understand(self, query: Query) -> tuple[tuple[QuerySkill, ...], tuple[str, ...]]:
        """The query's skills (named ones at full weight, then those its text names) and the
        named skills the vocabulary does not know."""
        named = tuple(dict.fromkeys(query.skills))
        unknown = tuple(
            uri for uri in named if uri not in self.vocabulary and uri not in self._skills
        )
        skills = [
            QuerySkill(uri=uri, weight=1.0, source=FROM_QUERY)
            for uri in named
            if uri not in unknown
        ]
        taken = {s.uri for s in skills}
        if query.text.strip():
            for found in self.vocabulary.match_text(query.text, query.language):
                if found.uri not in taken:
                    skills.append(found)
                    taken.add(found.uri)
        return tuple(skills), unknown

    def _expanded(self, skill: QuerySkill) -> list[tuple[str, str]]:
        """The profile skills that answer a query skill: (held skill, relation)."""
        related = [(skill.uri, EXACT)]
        broader = self.vocabulary.broader.get(skill.uri, ())
        related += [(b, BROADER) for b in broader]
        related += [(n, NARROWER) for n in self.vocabulary.narrower.get(skill.uri, ())]
        for b in broader:
            siblings = self.vocabulary.narrower.get(b, ())
            if len(siblings) <= MAX_SIBLINGS:
                related += [(s, RELATED) for s in siblings if s != skill.uri]
        return [(uri, relation) for uri, relation in related if uri in self._skills]

    def _mask(self, query: Query) -> np.ndarray:
        f = query.filters
        mask = np.ones(len(self.docs), dtype=bool)
        if f.institution is not None:
            code = self._institutions.get(f.institution, -1)
            mask &= self._institution == code
        if f.country is not None:
            code = self._countries.get(f.country.upper(), -1)
            mask &= self._country == code
        if f.language is not None:
            mask &= self._spoken.get(f.language, np.zeros(len(self.docs), dtype=bool))
        if f.topic is not None:
            topical = np.zeros(len(self.docs), dtype=bool)
            topical[self._topics.get(f.topic, np.zeros(0, dtype=np.int32))] = True
            mask &= topical
        if f.expert_ids is not None:
            allowed = np.zeros(len(self.docs), dtype=bool)
            allowed[[self._position[e] for e in f.expert_ids if e in self._position]] = True
            mask &= allowed
        for flag in f.available_for:
            mask &= self._available.get(flag, np.zeros(len(self.docs), dtype=bool))
        return mask

    def _query_words(self, query: Query) -> list[str]:
        return list(dict.fromkeys(_words(query.text[:MAX_QUERY_CHARS])))[:MAX_QUERY_WORDS]

    def _query_languages(self, query: Query) -> tuple[str, ...]:
        if query.language:
            return tuple(dict.fromkeys([query.language, "en"]))
        return ALLIANCE_LANGUAGES

    def _text_terms(
        self, words: list[str], languages: tuple[str, ...]
    ) -> list[tuple[str, dict[str, float]]]:
        """Each query word with the indexed forms it matches and their credit; a word no
        profile has is split as a compound ('hochwasserrisiko' -> 'hochwasser' meeting
        'hochwasserschutz', and 'risiko'), each part a term, or matched by its beginning."""

        def exact(part: str) -> dict[str, float]:
            return {f: 1.0 for f in forms(part, languages) if f in self._terms}

        terms = []
        for word in words:
            matched = exact(word)
            if matched:
                terms.append((word, matched))
                continue
            split = self._lexicon.split(word, lambda part: bool(exact(part)))
            if split:
                parts = [(split[0], True), (split[1], False)]
            else:
                head = self._lexicon.head(fold(word))
                parts = [(head, True)] if head else [(word, False)]
            for part, is_head in parts:
                matched = exact(part)
                for other in self._lexicon.near_words(fold(part), head=is_head):
                    matched.setdefault(other, FUZZY)
                if matched:
                    terms.append((word, matched))
        return terms

    # -- scoring --------------------------------------------------------------------------

    def search(self, query: Query, limit: int = 10, offset: int = 0) -> SearchResult:
        """The profiles that match the query and pass its filters, best first."""
        skills, unknown = self.understand(query)
        words = self._query_words(query)
        if not skills and not words and not query.topics:
            raise QueryError("empty" if not unknown else "unknown_skills")
        n = len(self.docs)
        skill_score = np.zeros(n, dtype=np.float32)
        for skill in skills:
            best = np.zeros(n, dtype=np.float32)
            for uri, relation in self._expanded(skill):
                ids = self._skills[uri]
                value = skill.weight**2 * RELATION_CREDIT[relation] * self._skill_idf[uri]
                best[ids] = np.maximum(best[ids], value)
            skill_score += best
        text_score = np.zeros(n, dtype=np.float32)
        languages = self._query_languages(query)
        terms = self._text_terms(words, languages)
        for _, matched in terms:
            tf = np.zeros(n, dtype=np.float32)
            for form, value in matched.items():
                ids, values = self._terms[form]
                tf[ids] = np.maximum(tf[ids], value * values)
            hit = np.flatnonzero(tf)
            if not len(hit):
                continue
            idf = math.log(1 + (n - len(hit) + 0.5) / (len(hit) + 0.5))
            t = tf[hit]
            text_score[hit] += idf * t * (K1 + 1) / (t + self._norm[hit])
        topic_score = np.zeros(n, dtype=np.float32)
        for slug in dict.fromkeys(query.topics):
            ids = self._topics.get(slug)
            if ids is not None:
                topic_score[ids] += 1.0 / len(query.topics)
        parts = [(SKILL_SHARE, skill_score), (TEXT_SHARE, text_score), (TOPIC_SHARE, topic_score)]
        mask = self._mask(query)
        total = np.zeros(n, dtype=np.float32)
        shares = 0.0
        scaled = []
        for share, part in parts:
            top = float(part[mask].max()) if mask.any() else 0.0
            scaled.append(part / top if top > 0 else part)
            if top > 0:
                shares += share
                total += share * (part / top)
        if shares:
            total /= shares
        candidates = np.flatnonzero(mask & (total > 0))
        order = candidates[np.lexsort((candidates, -total[candidates]))]
        page = order[offset : offset + limit]
        results = tuple(
            Result(
                expert_id=self.docs[i].id,
                score=round(float(total[i]), 4),
                explanation=self._explain(
                    i,
                    query,
                    skills,
                    terms,
                    tuple(float(s[i]) for s in scaled),
                ),
            )
            for i in page
        )
        return SearchResult(
            results=results, total=len(candidates), query_skills=skills, unknown_skills=unknown
        )

    def _explain(
        self,
        i: int,
        query: Query,
        skills: tuple[QuerySkill, ...],
        terms: list[tuple[str, dict[str, float]]],
        scores: tuple[float, float, float],
    ) -> Explanation:
        doc = self.docs[i]
        held = set(doc.skills)
        evidence = []
        for skill in skills:
            best = None
            for uri, relation in self._expanded(skill):
                if uri in held:
                    value = skill.weight**2 * RELATION_CREDIT[relation] * self._skill_idf[uri]
                    if best is None or value > best.score:
                        best = SkillEvidence(
                            uri=uri,
                            query_uri=skill.uri,
                            relation=relation,
                            source=skill.source,
                            match=skill.match,
                            score=round(value, 4),
                        )
            if best is not None:
                evidence.append(best)
        evidence.sort(key=lambda e: (-e.score, e.uri))
        query_forms: dict[str, set[str]] = defaultdict(set)
        for word, matched in terms:
            query_forms[word] |= set(matched)
        doc_languages = tuple(dict.fromkeys([*doc.languages, "en"]))

        def containing(field: str, texts: tuple[str, ...]) -> tuple[TextEvidence, ...]:
            found = []
            for text in texts:
                text_forms = set()
                for w in _words(text):
                    text_forms |= forms(w, doc_languages)
                matched = tuple(w for w, f in query_forms.items() if f & text_forms)
                if matched:
                    found.append(TextEvidence(field=field, text=text, words=matched))
            return tuple(found)

        return Explanation(
            skills=tuple(evidence),
            topics=tuple(slug for slug in dict.fromkeys(query.topics) if slug in doc.topics),
            keywords=containing("keyword", doc.keywords),
            outputs=containing("output", doc.outputs),
            topic_words=containing("topic", doc.topics),
            skill_score=round(scores[0], 4),
            text_score=round(scores[1], 4),
            topic_score=round(scores[2], 4),
        )
