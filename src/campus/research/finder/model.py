"""The finder's plain data: profiles in, a query in, ranked results with explanations out.

Explanations are data, not sentences: the campus renders and translates them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

AVAILABILITY = ("challenges", "supervision", "consultancy")

# How a profile's skill relates to a skill of the query.
EXACT = "exact"
BROADER = "broader"  # the profile holds a broader skill than the one asked for
NARROWER = "narrower"  # the profile holds a narrower (more specific) skill
RELATED = "related"  # both skills sit under the same broader skill

# Where a query skill came from.
FROM_QUERY = "query"  # named in Query.skills
FROM_TEXT = "text"  # found in the query's text through a label


class QueryError(ValueError):
    """A query the finder cannot answer (nothing to look for); ``code`` names the reason."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class ExpertDoc:
    """One expert profile as the finder sees it (only what the reader may see)."""

    id: str | int
    name: str = ""
    institution: str = ""  # Erasmus code or organisation key
    country: str = ""  # ISO 3166-1 alpha-2
    languages: tuple[str, ...] = ()  # ISO 639-1 codes of the languages spoken
    skills: tuple[str, ...] = ()  # ESCO skill URIs
    keywords: tuple[str, ...] = ()  # free keywords, any language
    topics: tuple[str, ...] = ()  # transversal topic slugs
    outputs: tuple[str, ...] = ()  # output titles
    available_for: frozenset[str] = frozenset()  # a subset of AVAILABILITY


@dataclass(frozen=True)
class Filters:
    """Hard filters: a profile failing any of them is never ranked."""

    institution: str | None = None
    country: str | None = None
    language: str | None = None  # a language the expert speaks
    topic: str | None = None
    available_for: frozenset[str] = frozenset()  # every one of these is required
    # Only these profiles (say, the ones this reader may see beyond the public ones); None: all.
    expert_ids: frozenset[str | int] | None = None


@dataclass(frozen=True)
class Query:
    """What to look for: free text in any language, ESCO skills, topics; and filters."""

    text: str = ""
    language: str | None = None  # the text's language, when known; None: any
    skills: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    filters: Filters = field(default_factory=Filters)


@dataclass(frozen=True)
class LabelMatch:
    """A label of a skill that the query's words matched."""

    label: str  # the label as ESCO writes it
    language: str
    preferred: bool
    words: tuple[str, ...]  # the query's words (as typed, lower case) that matched it
    fuzzy: bool  # matched only through a shared word beginning (compound, cognate)


@dataclass(frozen=True)
class QuerySkill:
    """A skill the query asks for, with its weight in [0, 1] and where it came from."""

    uri: str
    weight: float
    source: str  # FROM_QUERY or FROM_TEXT
    match: LabelMatch | None = None  # how the text named it (FROM_TEXT only)


@dataclass(frozen=True)
class SkillEvidence:
    """A skill of the profile that answers a skill of the query."""

    uri: str  # the profile's skill
    query_uri: str  # the query's skill it answers (== uri when EXACT)
    relation: str  # EXACT, BROADER, NARROWER or RELATED
    source: str  # FROM_QUERY or FROM_TEXT
    match: LabelMatch | None
    score: float


@dataclass(frozen=True)
class TextEvidence:
    """A keyword, output title or topic of the profile that contains words of the query."""

    field: str  # "keyword", "output" or "topic"
    text: str  # the profile's keyword, title or topic slug
    words: tuple[str, ...]  # the query's words that it contains


@dataclass(frozen=True)
class Explanation:
    """What matched, part by part, with each part's share of the score."""

    skills: tuple[SkillEvidence, ...] = ()
    topics: tuple[str, ...] = ()  # topic slugs of Query.topics the profile holds
    keywords: tuple[TextEvidence, ...] = ()
    outputs: tuple[TextEvidence, ...] = ()
    topic_words: tuple[TextEvidence, ...] = ()  # topics named by the query's words
    skill_score: float = 0.0
    text_score: float = 0.0
    topic_score: float = 0.0


@dataclass(frozen=True)
class Result:
    expert_id: str | int
    score: float  # in [0, 1]; comparable within one search only
    explanation: Explanation


@dataclass(frozen=True)
class SearchResult:
    results: tuple[Result, ...]
    total: int  # profiles that matched anything and passed the filters
    query_skills: tuple[QuerySkill, ...]  # how the query was understood
    unknown_skills: tuple[str, ...] = ()  # Query.skills the vocabulary does not know
