"""The expert finder on the campus: the engine (campus.research.finder) fed from the database.

One skills vocabulary (every SkillLabel, in every language, preferred and alternative, and
Skill.broader) and one index over every expert profile are kept per process. Each search
reads, in one query, what they were built from (``selectors.expert_index_version``); when
another process (or this one) changed profiles, outputs or skills since, they are built
again. What the visibility rule reads of the people behind the profiles (active, a granted
expert role, their visibility, institution, organisation and country) is kept beside them,
read again (one query, a few hundred milliseconds at 50,000) when the same version query shows
that a person or an affiliation changed; each search applies the reader's rule to it
(``selectors.expert_people_visible``) and hands the engine the profiles it allows as
``Filters(expert_ids=...)``, so a private profile is neither ranked, nor counted, nor shown to
a reader who may not see it. (Reading visibility with a query for every search cost half of
a broad search's time at 50,000 profiles, bench/bench_expert_search.py.) The page's profiles
are read through ``selectors.experts_visible_to`` as well.

The index is rebuilt inside the search that notices the change: well under a second for a
few thousand profiles, about ten seconds at 50,000 (bench/bench_expert_search.py), once per
process and change. Not in a thread of the web process (the campus's rule for long work);
at that scale the next step is an index updated profile by profile. Decision record 0010
says how the engine ranks.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field, replace

import numpy as np
from django.utils.translation import get_language_info
from django.utils.translation import gettext as _

from campus.skills.models import LABEL_LANGUAGE, Skill, SkillLabel, reader_language

from . import selectors
from .finder import (
    AVAILABILITY,
    BROADER,
    EXACT,
    FROM_TEXT,
    NARROWER,
    ExpertDoc,
    ExpertIndex,
    Filters,
    Query,
    QueryError,
    SearchResult,
    SkillVocabulary,
)
from .models import Topic

MAX_QUERY_LENGTH = 1000  # the engine reads this much of a text; longer input is refused


class _CampusIndex(ExpertIndex):
    """The engine's index, able also to list every candidate of a query cheaply: the first of
    a search's two passes (below). A profile is a candidate when it passes the filters and
    holds a skill answering a query skill, a word of the query or a named topic, which is
    when the engine gives it a score above 0 (tests/research/test_expert_search.py checks
    that the two agree, so a change of the engine shows there)."""

    def __init__(self, docs, vocabulary):
        super().__init__(docs, vocabulary)
        self._ids = np.array([doc.id for doc in self.docs], dtype=np.int64)

    def ids_at(self, places: np.ndarray) -> list[int]:
        """The profile ids at these places of the index."""
        return self._ids[places].tolist()

    def candidate_ids(self, query: Query) -> list[int]:
        """The ids of every profile that matches the query and passes its filters, unranked;
        QueryError as ``search`` raises it."""
        return self.ids_at(self.candidates(query))

    def candidates(self, query: Query) -> np.ndarray:
        """The places in the index of ``candidate_ids``."""
        skills, unknown = self.understand(query)
        words = self._query_words(query)
        if not skills and not words and not query.topics:
            raise QueryError("empty" if not unknown else "unknown_skills")
        hit = np.zeros(len(self.docs), dtype=bool)
        for skill in skills:
            for uri, _relation in self._expanded(skill):
                hit[self._skills[uri]] = True
        for _word, matched in self._text_terms(words, self._query_languages(query)):
            for form in matched:
                hit[self._terms[form][0]] = True
        for slug in query.topics:
            ids = self._topics.get(slug)
            if ids is not None:
                hit[ids] = True
        return np.flatnonzero(hit & self._mask(query))


_VOCABULARY_PART = slice(4, None)  # the skills' share of selectors.expert_index_version()


class ExpertSearchError(ValueError):
    """A search the finder cannot run; ``message`` says why in the reader's language."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass
class _Vocabulary:
    version: tuple
    vocabulary: SkillVocabulary
    # (uri, language) -> preferred label; English from Skill.label where no label row says.
    preferred: dict[tuple[str, str], str]


@dataclass
class _People:
    version: tuple  # the people's part of the version (selectors.PEOPLE_VERSION)
    people: selectors.ExpertPeople
    # For each profile of the index, in its order: its person's place in ``people`` (-1 when
    # the person was read before the profile was made: not shown until read again).
    of_profile: np.ndarray


@dataclass
class _Built:
    version: tuple
    vocabulary: _Vocabulary
    index: _CampusIndex
    person_of: dict[int, int]  # profile id -> its person's id (fixed for a profile)
    people: _People | None = None


@dataclass
class _State:
    lock: threading.Lock = field(default_factory=threading.Lock)
    built: _Built | None = None


_state = _State()


def forget() -> None:
    """Drop this process's vocabulary and index (tests; after loading a new ESCO release)."""
    with _state.lock:
        _state.built = None


def _build_vocabulary(version: tuple) -> _Vocabulary:
    grouped: dict[tuple[str, str], list] = {}
    for uri, language, text, preferred in SkillLabel.objects.values_list(
        "skill__uri", "language", "text", "preferred"
    ).order_by("skill_id", "language", "-preferred", "text"):
        entry = grouped.setdefault((uri, language), ["", []])
        if preferred and not entry[0]:
            entry[0] = text
        else:
            entry[1].append(text)
    preferred_labels = {key: entry[0] for key, entry in grouped.items() if entry[0]}
    broader: dict[str, list[str]] = {}
    for uri, label, parent in Skill.objects.values_list("uri", "label", "broader__uri"):
        preferred_labels.setdefault((uri, LABEL_LANGUAGE), label)
        entry = grouped.setdefault((uri, LABEL_LANGUAGE), ["", []])
        if not entry[0]:
            entry[0] = label
        if parent:
            broader[uri] = [parent]
    rows = [(uri, lang, pref, alts) for (uri, lang), (pref, alts) in grouped.items()]
    return _Vocabulary(
        version=version[_VOCABULARY_PART],
        vocabulary=SkillVocabulary(rows, broader=broader),
        preferred=preferred_labels,
    )


def _build(version: tuple, previous: _Built | None) -> _Built:
    if previous is not None and previous.vocabulary.version == version[_VOCABULARY_PART]:
        vocabulary = previous.vocabulary
    else:
        vocabulary = _build_vocabulary(version)
    documents = selectors.expert_documents_all()
    docs = [
        ExpertDoc(
            id=d["id"],
            languages=tuple(d["languages"]),
            skills=tuple(d["skills"]),
            keywords=tuple(str(k) for k in d["keywords"]),
            topics=tuple(d["topics"]),
            outputs=tuple(d["outputs"]),
            available_for=frozenset(flag for flag in AVAILABILITY if d[f"available_for_{flag}"]),
        )
        for d in documents
    ]
    return _Built(
        version=version,
        vocabulary=vocabulary,
        index=_CampusIndex(docs, vocabulary.vocabulary),
        person_of={d["id"]: d["person_id"] for d in documents},
    )


def _read_people(built: _Built, version: tuple) -> _People:
    people = selectors.expert_people_all()
    person_ids = np.array([built.person_of[doc.id] for doc in built.index.docs], dtype=np.int64)
    of_profile = np.full(len(person_ids), -1, dtype=np.int64)
    if len(people.ids):
        places = np.minimum(np.searchsorted(people.ids, person_ids), len(people.ids) - 1)
        of_profile = np.where(people.ids[places] == person_ids, places, -1)
    return _People(version=version[selectors.PEOPLE_VERSION], people=people, of_profile=of_profile)


def current() -> _Built:
    """This process's vocabulary, index and people, read again first when the data changed."""
    version = selectors.expert_index_version()
    index_version = version[: selectors.PEOPLE_VERSION.start]
    people_version = version[selectors.PEOPLE_VERSION]
    built = _state.built
    if (
        built is not None
        and built.version == index_version
        and built.people is not None
        and built.people.version == people_version
    ):
        return built
    with _state.lock:
        built = _state.built
        if built is None or built.version != index_version:
            built = _build(index_version, built)
        if built.people is None or built.people.version != people_version:
            built = replace(built, people=_read_people(built, version))
        _state.built = built
        return built


def _visible_profiles(built: _Built, candidates: np.ndarray, user, criteria) -> frozenset[int]:
    """The ids of the candidates (places in the index) whose people ``user`` may see, less
    the people the criteria leave out."""
    people = built.people
    allowed = selectors.expert_people_visible(
        people.people,
        user,
        institution=criteria.institution.strip() or None,
        country=criteria.country.strip() or None,
    )
    if criteria.exclude_people:
        allowed = allowed & ~np.isin(people.people.ids, list(criteria.exclude_people))
    places = people.of_profile[candidates]
    known = places >= 0
    keep = candidates[known][allowed[places[known]]]
    return frozenset(built.index.ids_at(keep))


# --- searching ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Criteria:
    """What a reader asks for, as the API and the finder page read it."""

    text: str = ""
    skills: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    institution: str = ""
    country: str = ""
    language: str = ""  # a language the expert speaks
    available: tuple[str, ...] = ()
    text_language: str | None = None  # the language the text is written in, when known
    exclude_people: frozenset[int] = frozenset()  # people left out (an agenda's members)


@dataclass
class Found:
    """A page of ranked experts, each a plain dict ready for the API and the page."""

    items: list[dict]
    count: int
    query_skills: list[dict]
    unknown_skills: list[str]


def _refuse_empty() -> ExpertSearchError:
    return ExpertSearchError("empty", _("Say what to look for: some words, a skill or a topic."))


def _refusal(error: QueryError, skills: tuple[str, ...]) -> ExpertSearchError:
    if error.code == "unknown_skills":
        return ExpertSearchError(
            "unknown_skills",
            _("The campus knows none of these skills: %(uris)s.")
            % {"uris": ", ".join(s[:200] for s in skills[:5])},
        )
    return _refuse_empty()


def experts_search(user, criteria: Criteria, *, limit: int = 20, offset: int = 0) -> Found:
    """The experts ``user`` may see that match ``criteria``, best first, explained.

    Raises ExpertSearchError for a query with nothing to look for, text too long, or only
    unknown skills. Queries: the index's version, the reader's visible profiles, the page's
    profiles and the topics' names (plus a rebuild when the data changed).
    """
    text = " ".join((criteria.text or "").split())
    if len(criteria.text or "") > MAX_QUERY_LENGTH:
        raise ExpertSearchError(
            "too_long",
            _("Say it in at most %(most)s characters (this was %(length)s).")
            % {"most": MAX_QUERY_LENGTH, "length": len(criteria.text)},
        )
    skills = tuple(dict.fromkeys(s.strip() for s in criteria.skills if s and s.strip()))
    topics = tuple(dict.fromkeys(t.strip() for t in criteria.topics if t and t.strip()))
    if not text and not skills and not topics:
        raise _refuse_empty()
    available = frozenset(flag for flag in criteria.available if flag in AVAILABILITY)
    built = current()
    query = Query(
        text=text,
        language=criteria.text_language or None,
        skills=skills,
        topics=topics,
        filters=Filters(
            language=criteria.language.strip().lower() or None, available_for=available
        ),
    )
    # Two passes: every candidate first (scores only), then who of them the reader may see
    # (one query), then the ranking among those, so that scores are scaled, counted and
    # paged over visible profiles only.
    try:
        candidates = built.index.candidates(query)
    except QueryError as error:
        raise _refusal(error, skills) from None
    # Visibility is a property of the people behind the profiles: applied to them.
    visible = _visible_profiles(built, candidates, user, criteria)
    query = Query(
        text=query.text,
        language=query.language,
        skills=query.skills,
        topics=query.topics,
        filters=Filters(
            language=query.filters.language,
            available_for=available,
            expert_ids=visible,
        ),
    )
    result = built.index.search(query, limit=limit, offset=offset)
    return _present(result, built, reader_language(), user)


def _label(built: _Built, uri: str, language: str) -> str:
    preferred = built.vocabulary.preferred
    return preferred.get((uri, language)) or preferred.get((uri, LABEL_LANGUAGE)) or uri


def language_name(code: str) -> str:
    """A language's name in the reader's language ('nl' -> 'Dutch', 'Niederländisch')."""
    try:
        return str(get_language_info(code)["name_translated"])
    except KeyError:
        return code


def _quoted(words) -> str:
    return ", ".join(f"“{w}”" for w in words)


def _skill_sentence(evidence: dict) -> str:
    values = {"skill": evidence["label"], "asked": evidence["query_label"]}
    relation = evidence["relation"]
    if relation == EXACT:
        if evidence["source"] == FROM_TEXT and evidence["matched_label"]:
            return _(
                "Holds the skill “%(skill)s”: your words %(words)s match its label "
                "“%(label)s” (%(language)s)."
            ) % {
                **values,
                "words": _quoted(evidence["matched_words"]),
                "label": evidence["matched_label"],
                "language": language_name(evidence["matched_language"]),
            }
        return _("Holds the skill “%(skill)s” you asked for.") % values
    if relation == BROADER:
        return _("Holds “%(skill)s”, a broader skill than “%(asked)s”.") % values
    if relation == NARROWER:
        return _("Holds “%(skill)s”, a more specific skill than “%(asked)s”.") % values
    return _("Holds “%(skill)s”, a skill close to “%(asked)s”.") % values


def _present(result: SearchResult, built: _Built, language: str, user) -> Found:
    ids = [r.expert_id for r in result.results]
    profiles = {p.pk: p for p in selectors.experts_visible_to(user).filter(pk__in=ids)}
    topic_names = {t.slug: t.name_in(language) for t in Topic.objects.all()}
    items = []
    for found in result.results:
        profile = profiles.get(found.expert_id)
        if profile is None:  # removed, or hidden, since the people were read
            continue
        person = profile.person
        if person.institution_id:
            where, country = person.institution.code, person.institution.country
            where_name = str(person.institution)
        elif person.organisation_id:
            where = where_name = person.organisation.name
            country = person.organisation.region.country
        else:
            where = where_name = country = ""
        e = found.explanation
        skills = []
        for s in e.skills:
            match = s.match
            skills.append(
                {
                    "uri": s.uri,
                    "label": _label(built, s.uri, language),
                    "relation": s.relation,
                    "query_uri": s.query_uri,
                    "query_label": _label(built, s.query_uri, language),
                    "source": s.source,
                    "matched_label": match.label if match else "",
                    "matched_language": match.language if match else "",
                    "matched_words": list(match.words) if match else [],
                    "fuzzy": bool(match and match.fuzzy),
                    "score": s.score,
                }
            )
        topics = [
            {"slug": slug, "name": topic_names.get(slug, slug), "words": []} for slug in e.topics
        ] + [
            {"slug": t.text, "name": topic_names.get(t.text, t.text), "words": list(t.words)}
            for t in e.topic_words
            if t.text not in e.topics
        ]
        keywords = [{"text": k.text, "words": list(k.words)} for k in e.keywords]
        outputs = [{"text": o.text, "words": list(o.words)} for o in e.outputs]
        sentences = [_skill_sentence(s) for s in skills]
        for topic in topics:
            if topic["words"]:
                sentences.append(
                    _("Works on the topic “%(topic)s”, which matches %(words)s.")
                    % {"topic": topic["name"], "words": _quoted(topic["words"])}
                )
            else:
                sentences.append(_("Works on the topic “%(topic)s”.") % {"topic": topic["name"]})
        for keyword in keywords:
            sentences.append(
                _("Keyword “%(keyword)s” matches %(words)s.")
                % {"keyword": keyword["text"], "words": _quoted(keyword["words"])}
            )
        for output in outputs:
            sentences.append(
                _("Output “%(title)s” matches %(words)s.")
                % {"title": output["text"], "words": _quoted(output["words"])}
            )
        items.append(
            {
                "id": profile.pk,
                "name": person.display_name,
                "url": profile.get_absolute_url(),
                "institution": where,
                "institution_name": where_name,
                "country": country,
                "headline": profile.headline,
                "score": found.score,
                "explanation": {
                    "skills": skills,
                    "topics": topics,
                    "keywords": keywords,
                    "outputs": outputs,
                    "skill_score": e.skill_score,
                    "text_score": e.text_score,
                    "topic_score": e.topic_score,
                    "sentences": sentences,
                },
            }
        )
    query_skills = [
        {
            "uri": q.uri,
            "label": _label(built, q.uri, language),
            "weight": q.weight,
            "source": q.source,
            "matched_label": q.match.label if q.match else "",
            "matched_language": q.match.language if q.match else "",
            "matched_words": list(q.match.words) if q.match else [],
            "fuzzy": bool(q.match and q.match.fuzzy),
        }
        for q in result.query_skills
    ]
    return Found(
        items=items,
        count=result.total,
        query_skills=query_skills,
        unknown_skills=list(result.unknown_skills),
    )


def skill_label(uri: str, language: str | None = None) -> str:
    """A skill's preferred label in the reader's language, else English (from the index's
    vocabulary, no query)."""
    built = _state.built
    if built is None:
        return uri
    return _label(built, uri, language or reader_language())


__all__ = [
    "MAX_QUERY_LENGTH",
    "Criteria",
    "ExpertSearchError",
    "Found",
    "current",
    "experts_search",
    "forget",
    "language_name",
    "skill_label",
]
