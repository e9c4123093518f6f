"""Full-text search of the catalogue: one interface, two back ends.

* SQLite (the default database): an FTS5 table ``catalog_course_fts`` with the
  ``unicode61 remove_diacritics 2`` tokenizer, one row per course (rowid = course id),
  queried with prefix terms (``"energ"* "transit"*``) and ranked by bm25.
* PostgreSQL: a ``tsvector`` column ``catalog_course.search_vector`` (titles weighted A,
  the rest D) with a GIN index, queried with a prefix tsquery (``energ:* & transit:*``) and
  ranked by ``ts_rank``. The ``simple`` configuration because the text mixes the alliance's
  nine languages (no stemming). The vector is stored, not computed in the query (parsing
  every matching document cost ~0.1 ms a course), and kept uncompressed in the row. (A
  separate narrow table joined to the courses measured slower in bench/bench_catalogue.py.)

Both search ``Course.search_document``, which ``course_search_document`` builds: titles,
descriptions, learning outcomes and the preferred labels of the outcomes' skills in every
language. (Not the alternative labels: they were four fifths of a document and as much of
the vector a broad search reads for every match, bench/bench_catalogue.py; the skill filter
still takes any of them.) A match in a title ranks higher: FTS5 keeps the titles in a
second column weighted in bm25; PostgreSQL weights them A. Accents: FTS5 folds them itself
(``remove_diacritics 2``); PostgreSQL's vector is made of the folded words (``normalise``),
as every query is, so "Sao" finds "São", in a title too, and no word is stored twice.

Both are written by ``course_reindex`` (which the services call after every write to a
course or its outcomes), not by triggers or a generated column: Django rebuilds SQLite
tables when a later migration alters ``catalog_course``, which would silently drop
triggers, and PostgreSQL refuses to alter a column that a generated column uses. Migration
0002_fulltext_index creates the column and the FTS5 table in raw SQL, outside the models'
state. The FTS5 table is joined to ``catalog_course``, so rows of deleted courses are
harmless; ``search_index_rebuild`` clears them.

A query is read by ``campus.search.query`` (words, ``OR``, quoted phrases; AND between the
rest) and compiled to either back end: ``("solar"* OR "wind"*) AND "climate adaptation"*``
for FTS5, ``(solar:* | wind:*) & (climate <-> adaptation:*)`` for PostgreSQL.
``course_reindex`` also adds the words of published courses to the ``catalog`` vocabulary
(``campus.search.vocabulary``), from which ``catalogue_spelling`` corrects a query's unknown
words and ``catalogue_suggestions`` offers near words when nothing matches.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from django.db import connection
from django.db.models import BooleanField, FloatField, QuerySet
from django.db.models.expressions import RawSQL

from campus.search.query import Query, normalise, parse
from campus.search.spelling import Spelling, spelling_correct, spelling_suggestions
from campus.search.vocabulary import vocabulary_add, vocabulary_replace

from .models import Course, LearningOutcome

FTS_TABLE = "catalog_course_fts"  # SQLite
PG_INDEX = "catalog_course_search_gin"  # PostgreSQL, on catalog_course.search_vector
VOCABULARY = "catalog"  # the scope of the catalogue's words in campus.search
_REINDEX_BATCH = 500

TITLE_WEIGHT = 5.0  # of a word in a title, against 1 elsewhere (FTS5's bm25)
# PostgreSQL: the document, and its vector of folded words (titles A, the rest D), by id.
_PG_UPDATE_FROM = (
    "UPDATE catalog_course AS c SET search_document = d.doc, search_vector = "
    "setweight(to_tsvector('simple', d.titles), 'A') || "
    "setweight(to_tsvector('simple', d.words), 'D') "
    "FROM unnest(%s::bigint[], %s::text[], %s::text[], %s::text[]) AS d(id, doc, titles, words) "
    "WHERE c.id = d.id"
)


def query_words(q: str | Query | None) -> list[str]:
    """The searchable words of a user's query, folded; operators and punctuation dropped."""
    return parse(q).words()


def _document(parts: Iterable[str]) -> str:
    return "\n".join(p.strip() for p in parts if p and p.strip())


def _documents(course_ids: list[int]) -> dict[int, tuple[str, str, bool]]:
    """The titles, the search document and whether published, of many courses, in four
    queries."""
    from campus.skills.models import SkillLabel  # skills' labels in every language

    courses = Course.objects.filter(pk__in=course_ids).values_list(
        "pk", "title", "title_local", "description", "description_local", "published"
    )
    outcomes: dict[int, list[str]] = defaultdict(list)
    outcome_course: dict[int, int] = {}
    for pk, course_id, text in (
        LearningOutcome.objects.filter(course_id__in=course_ids)
        .order_by("course_id", "position", "pk")
        .values_list("pk", "course_id", "text")
    ):
        outcomes[course_id].append(text)
        outcome_course[pk] = course_id
    course_skills: dict[int, set[int]] = defaultdict(set)
    for outcome_id, skill_id in LearningOutcome.skills.through.objects.filter(
        learningoutcome_id__in=list(outcome_course)
    ).values_list("learningoutcome_id", "skill_id"):
        course_skills[outcome_course[outcome_id]].add(skill_id)
    labels: dict[int, list[str]] = defaultdict(list)
    all_skills = set().union(*course_skills.values()) if course_skills else set()
    for skill_id, text in (
        SkillLabel.objects.filter(skill_id__in=all_skills, preferred=True)
        .order_by("skill_id", "language", "text")
        .values_list("skill_id", "text")
    ):
        labels[skill_id].append(text)
    documents = {}
    for pk, title, title_local, description, description_local, published in courses:
        skill_labels = [
            label for skill_id in sorted(course_skills[pk]) for label in labels[skill_id]
        ]
        documents[pk] = (
            _document([title, title_local]),
            _document(
                [
                    title,
                    title_local,
                    description,
                    description_local,
                    *outcomes[pk],
                    " ; ".join(dict.fromkeys(skill_labels)),
                ]
            ),
            published,
        )
    return documents


def course_search_document(course: Course) -> str:
    """The text the full-text index holds for one course (saved courses only)."""
    return _documents([course.pk]).get(course.pk, ("", "", False))[1]


def _ids(course_or_ids) -> list[int]:
    if isinstance(course_or_ids, Course):
        return [course_or_ids.pk]
    if isinstance(course_or_ids, int):
        return [course_or_ids]
    if isinstance(course_or_ids, QuerySet):
        return list(course_or_ids.values_list("pk", flat=True))
    return [c.pk if isinstance(c, Course) else int(c) for c in course_or_ids]


def course_reindex(course_or_ids) -> int:
    """Refresh ``search_document`` (and the SQLite FTS row) of a course, ids or a queryset.

    The services call this after every write to a course or its outcomes. Returns how many
    courses were reindexed. ``updated_at`` is left alone: the course itself did not change.
    """
    ids = _ids(course_or_ids)
    done = 0
    for start in range(0, len(ids), _REINDEX_BATCH):
        batch = ids[start : start + _REINDEX_BATCH]
        documents = _documents(batch)
        if not documents:
            continue
        # Only published courses' words: a suggestion must not name a course no one may see.
        vocabulary_add(VOCABULARY, (doc for _t, doc, published in documents.values() if published))
        if connection.vendor == "postgresql":
            # The document and its vector in one UPDATE: one new version of each row, not two
            # (every dead version is a row that a broad search's scan still walks past).
            with connection.cursor() as cursor:
                cursor.execute(
                    _PG_UPDATE_FROM,
                    [
                        list(documents),
                        [doc for _titles, doc, _p in documents.values()],
                        [normalise(titles) for titles, _doc, _p in documents.values()],
                        [normalise(doc) for _titles, doc, _p in documents.values()],
                    ],
                )
            done += len(documents)
            continue
        Course.objects.bulk_update(
            [Course(pk=pk, search_document=doc) for pk, (_t, doc, _p) in documents.items()],
            ["search_document"],
        )
        if connection.vendor == "sqlite":
            with connection.cursor() as cursor:
                marks = ",".join(["%s"] * len(documents))
                cursor.execute(
                    f"DELETE FROM {FTS_TABLE} WHERE rowid IN ({marks})",  # noqa: S608 - placeholders only
                    list(documents),
                )
                cursor.executemany(
                    f"INSERT INTO {FTS_TABLE}(rowid, titles, search_document) VALUES (%s, %s, %s)",  # noqa: S608 - constant table name
                    [(pk, titles, doc) for pk, (titles, doc, _p) in documents.items()],
                )
        done += len(documents)
    return done


def search_index_rebuild() -> None:
    """Rebuild the index and the vocabulary from the titles and ``search_document`` of every
    course."""
    if connection.vendor == "postgresql":
        # The vector is of words folded in Python (accents), so it is rebuilt through
        # course_reindex, which also refreshes each document from the courses' own text.
        course_reindex(list(Course.objects.order_by("pk").values_list("pk", flat=True)))
    vocabulary_replace(
        VOCABULARY,
        Course.objects.filter(published=True)
        .values_list("search_document", flat=True)
        .iterator(chunk_size=2000),
    )
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {FTS_TABLE}")  # noqa: S608 - constant table name
        cursor.execute(
            f"INSERT INTO {FTS_TABLE}(rowid, titles, search_document) "  # noqa: S608 - constant table name
            "SELECT id, title || ' ' || title_local, search_document FROM catalog_course"
        )


def _fts5_match(query: Query) -> str:
    # Each word quoted (so AND/OR/NEAR are plain words) and prefix-matched, a phrase's last
    # word too; words hold letters and digits only, so no quote can slip in.
    return " AND ".join(
        "(" + " OR ".join(f'"{" ".join(term.words)}"*' for term in clause) + ")"
        for clause in query.clauses
    )


def _tsquery(query: Query) -> str:
    # Words hold letters and digits only, so no tsquery operator can slip in.
    return " & ".join(
        "(" + " | ".join("(" + " <-> ".join(term.words) + ":*)" for term in clause) + ")"
        for clause in query.clauses
    )


def catalogue_spelling(q: str | Query | None) -> Spelling:
    """``q`` read, its words that no published course holds corrected ("enrgy" -> "energy")."""
    return spelling_correct(VOCABULARY, q)


def catalogue_suggestions(q: str | Query | None) -> list[str]:
    """Queries near ``q`` for a search that found nothing ("Did you mean: energy?")."""
    return spelling_suggestions(VOCABULARY, q)


def courses_matching(
    courses: QuerySet[Course], q: str | Query | None, *, ranked: bool = True
) -> QuerySet[Course]:
    """``courses`` narrowed to those matching ``q`` (a query as typed, or read: see
    ``catalogue_spelling``), annotated with ``search_rank`` (higher is better) unless
    ``ranked`` is false (for other sort orders: the rank costs a little a row).

    A query without searchable words leaves ``courses`` as they are (with no rank).
    """
    query = parse(q)
    if not query:
        return courses
    if connection.vendor == "postgresql":
        tsquery = _tsquery(query)
        courses = courses.filter(
            RawSQL(  # noqa: S611 - constant SQL, the user's words are a parameter
                "catalog_course.search_vector @@ to_tsquery('simple', %s)",
                [tsquery],
                output_field=BooleanField(),
            )
        )
        if not ranked:
            return courses
        return courses.annotate(
            search_rank=RawSQL(  # noqa: S611 - constant SQL, the user's words are a parameter
                "ts_rank(catalog_course.search_vector, to_tsquery('simple', %s))",
                [tsquery],
                output_field=FloatField(),
            )
        )
    # SQLite: join the FTS table, whose MATCH then drives the query.
    return courses.extra(  # noqa: S610 - constant SQL, the user's words are a parameter
        tables=[FTS_TABLE],
        where=[f"{FTS_TABLE}.rowid = catalog_course.id", f"{FTS_TABLE} MATCH %s"],
        params=[_fts5_match(query)],
        select={"search_rank": f"-bm25({FTS_TABLE}, {TITLE_WEIGHT}, 1.0)"} if ranked else None,
    )


def course_ids_matching(q: str | Query | None) -> QuerySet:
    """A subquery of the ids of courses matching ``q`` (all courses when it has no words).

    Use it as ``Course.objects.filter(pk__in=course_ids_matching(q))``; to rank, use
    ``courses_matching``.
    """
    return courses_matching(Course.objects.all(), q, ranked=False).order_by().values("pk")
