"""Full-text search of the catalogue, on whichever database the suite runs (SQLite or PostgreSQL)."""

import pytest
from django.db import connection

from campus.catalog.models import Course
from campus.catalog.search import (
    course_ids_matching,
    course_reindex,
    course_search_document,
    courses_matching,
    query_words,
    search_index_rebuild,
)
from tests.factories import CourseFactory, SkillFactory, SkillLabelFactory

pytestmark = pytest.mark.django_db


def make_course(outcomes=(), **fields) -> Course:
    """A course with outcomes ``[(text, [skill, ...])]``, indexed as the services do."""
    course = CourseFactory(**fields)
    for position, (text, skills) in enumerate(outcomes):
        outcome = course.outcomes.create(position=position, text=text)
        outcome.skills.set(skills)
    course_reindex(course)
    return course


def found(q: str) -> list[str]:
    return list(
        courses_matching(Course.objects.all(), q).order_by("code").values_list("code", flat=True)
    )


@pytest.fixture
def courses():
    solar = SkillFactory(label="solar energy technologies")
    SkillLabelFactory(skill=solar, language="nl", text="zonne-energietechnologieën", preferred=True)
    SkillLabelFactory(skill=solar, language="da", text="solenergiteknologier", preferred=True)
    SkillLabelFactory(skill=solar, language="en", text="photovoltaic thermal hybrid collectors")
    return {
        "energy": make_course(
            code="ENE",
            title="Energy transition in regions",
            description="How regions move to renewable energy.",
            local_language="nl",
            title_local="Energietransitie in regio's",
            outcomes=[("Plan a local heat network.", [solar])],
        ),
        "care": make_course(
            code="CARE",
            title="Resilient care",
            description="Community care in São Paulo and Geel.",
            local_language="pt",
            title_local="Cuidados resilientes",
        ),
        "ai": make_course(
            code="AI",
            title="Applied artificial intelligence",
            description="Machine learning for small businesses.",
            outcomes=[("Train and evaluate a classifier.", [])],
        ),
    }


def test_the_document_holds_titles_descriptions_outcomes_and_skill_labels(courses):
    document = course_search_document(courses["energy"])

    for text in (
        "Energy transition in regions",
        "Energietransitie in regio's",
        "renewable energy",
        "Plan a local heat network.",
        "solar energy technologies",
        "zonne-energietechnologieën",
        "solenergiteknologier",
    ):
        assert text in document
    # Alternative labels stay out: the skill filter takes them, full-text search does not.
    assert "photovoltaic" not in document
    assert Course.objects.get(pk=courses["energy"].pk).search_document == document


def test_a_word_finds_the_course(courses):
    assert found("machine") == ["AI"]


def test_the_beginning_of_a_word_finds_the_course(courses):
    assert found("energ") == ["ENE"]
    assert found("artif intell") == ["AI"]


def test_every_word_must_match(courses):
    assert found("energy machine") == []
    assert found("regions energy") == ["ENE"]


def test_accents_and_case_do_not_matter(courses):
    assert found("Sao Paulo") == ["CARE"]
    assert found("SÃO") == ["CARE"]
    assert found("energietechnologieen") == ["ENE"]


def test_a_skill_label_in_another_language_finds_the_course(courses):
    assert found("zonne") == ["ENE"]
    assert found("solenergiteknologier") == ["ENE"]


def test_a_local_language_title_finds_the_course(courses):
    assert found("energietransitie") == ["ENE"]
    assert found("cuidados") == ["CARE"]


def test_an_outcome_finds_the_course(courses):
    assert found("classifier") == ["AI"]


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ('energy" OR "care', []),
        ("energy & !care", []),
        ("energy:*|care", ["CARE", "ENE"]),  # | is OR
        ("NEAR(energy care)", []),
        ("energy*", ["ENE"]),
        ("(-_-)", ["AI", "CARE", "ENE"]),
    ],
)
def test_query_operators_are_plain_words(courses, q, expected):
    assert found(q) == expected  # every word must match; never a syntax error


def test_a_query_without_words_leaves_the_courses_as_they_are(courses):
    assert found("  ,;!  ") == ["AI", "CARE", "ENE"]
    assert query_words("'\"*&|") == []


def test_a_title_match_ranks_above_a_description_match(courses):
    make_course(code="LATE", title="Community work", description="Some energy in the end.")

    ranked = list(
        courses_matching(Course.objects.all(), "energy")
        .order_by("-search_rank", "code")
        .values_list("code", flat=True)
    )

    assert ranked == ["ENE", "LATE"]


def test_reindex_follows_a_changed_title(courses):
    Course.objects.filter(pk=courses["ai"].pk).update(title="Applied robotics")
    course_reindex([courses["ai"].pk])

    assert found("robotics") == ["AI"]
    assert found("artificial") == []


def test_course_ids_matching_is_a_subquery(courses):
    ids = course_ids_matching("care")
    assert list(Course.objects.filter(pk__in=ids).values_list("code", flat=True)) == ["CARE"]


def test_a_rebuilt_index_finds_the_same(courses):
    search_index_rebuild()
    assert found("energ") == ["ENE"]


def test_a_deleted_course_is_not_found(courses):
    courses["care"].delete()
    assert found("care") == []


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the FTS5 table is SQLite's")
def test_sqlite_keeps_one_fts_row_per_course(courses):
    course_reindex(Course.objects.all())
    course_reindex(courses["ai"])
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM catalog_course_fts")
        assert cursor.fetchone()[0] == 3


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the GIN index is PostgreSQL's")
def test_postgresql_searches_a_gin_index(courses):
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
        cursor.execute(
            "EXPLAIN SELECT id FROM catalog_course "
            "WHERE search_vector @@ to_tsquery('simple', 'energ:*')"
        )
        plan = "\n".join(row[0] for row in cursor.fetchall())
        cursor.execute("RESET enable_seqscan")
    assert "catalog_course_search_gin" in plan


def test_a_ranked_search_pages_and_counts_every_match_once():
    # 45 matches over three pages of 20: each page in rank order, the total on each, no course
    # on two pages, filters and unpublished courses honoured (on SQLite: one query for both).
    from campus.catalog.selectors import courses_filter, courses_page, total_in_page

    for n in range(45):
        make_course(
            code=f"W{n:02d}",
            title=f"Water {'water ' * (n % 4)}management {n}",
            mode="online" if n % 3 else "onsite",
        )
    make_course(code="HIDDEN", title="Water water water", published=False)
    make_course(code="OTHER", title="Energy in regions")
    filters = {"q": "water", "sort": "relevance"}
    assert total_in_page(filters)
    everything = list(
        courses_matching(Course.objects.filter(published=True), "water")
        .order_by("-search_rank", "title", "pk")
        .values_list("code", flat=True)
    )
    pages = [
        courses_page(courses_filter(**filters), offset=offset, limit=20, total_in_page=True)
        for offset in (0, 20, 40, 60)
    ]
    assert [total for _rows, total in pages[:3]] == [45, 45, 45]
    assert [len(rows) for rows, _total in pages] == [20, 20, 5, 0]
    assert [course.code for rows, _t in pages for course in rows] == everything
    assert pages[3][1] == 45  # past the end: still the total
    first = pages[0][0][0]
    assert first.title.count("Water") + first.title.count("water") == 4  # most mentions first
    assert "hosts" in first._prefetched_objects_cache and hasattr(first, "upcoming_runs")

    online, total = courses_page(
        courses_filter(q="water", mode="online", sort="relevance"),
        offset=0,
        limit=20,
        total_in_page=True,
    )
    assert total == 30 and all(course.mode == "online" for course in online)


def test_an_accented_title_ranks_as_a_title_for_a_query_without_accents():
    titled = make_course(code="TIT", title="Gestão da água", description="Rivers and towns.")
    mentioned = make_course(
        code="MEN", title="Rivers", description="Água, água e mais água: a gestão da água."
    )

    ranked = list(
        courses_matching(Course.objects.all(), "agua")
        .order_by("-search_rank", "code")
        .values_list("code", flat=True)
    )

    assert ranked == [titled.code, mentioned.code]
