"""The expert finder: ranks expert profiles for a query in any alliance language.

Plain Python, no Django: the research app builds ``ExpertDoc`` rows from the profiles a
reader may see and a ``SkillVocabulary`` from the skills' labels, builds an ``ExpertIndex``
once, and calls ``ExpertIndex.search(Query(...))``. Decision record 0010 says why.
"""

from .baseline import KeywordIndex
from .index import ExpertIndex
from .model import (
    AVAILABILITY,
    BROADER,
    EXACT,
    FROM_QUERY,
    FROM_TEXT,
    NARROWER,
    RELATED,
    ExpertDoc,
    Explanation,
    Filters,
    LabelMatch,
    Query,
    QueryError,
    QuerySkill,
    Result,
    SearchResult,
    SkillEvidence,
    TextEvidence,
)
from .vocabulary import SkillVocabulary, vocabulary_from_esco

__all__ = [
    "AVAILABILITY",
    "BROADER",
    "EXACT",
    "FROM_QUERY",
    "FROM_TEXT",
    "NARROWER",
    "RELATED",
    "ExpertDoc",
    "ExpertIndex",
    "Explanation",
    "Filters",
    "KeywordIndex",
    "LabelMatch",
    "Query",
    "QueryError",
    "QuerySkill",
    "Result",
    "SearchResult",
    "SkillEvidence",
    "SkillVocabulary",
    "TextEvidence",
    "vocabulary_from_esco",
]
