"""Reading a person's query: words, OR, quoted phrases; and the measures of a typo."""

import pytest

from campus.search.query import MAX_QUERY_LENGTH, MAX_WORDS, Term, parse
from campus.search.vocabulary import (
    edit_distance,
    similarity,
    trigrams,
    typo_allowance,
    vocabulary_words,
)


def clauses(q):
    return [[term.words for term in clause] for clause in parse(q).clauses]


def test_words_are_all_required_and_folded():
    assert clauses("Energy  TRANSITION") == [[("energy",)], [("transition",)]]
    assert clauses("São Paulo") == [[("sao",)], [("paulo",)]]


def test_or_joins_its_neighbours_only():
    assert clauses("climate solar OR wind") == [[("climate",)], [("solar",), ("wind",)]]
    assert clauses("solar OR wind OR water") == [[("solar",), ("wind",), ("water",)]]
    assert clauses("solar|wind") == [[("solar",), ("wind",)]]


def test_a_lower_case_or_is_a_word():
    assert clauses("solar or wind") == [[("solar",)], [("or",)], [("wind",)]]


def test_quotes_make_a_phrase():
    assert clauses('"Climate adaptation" Geel') == [[("climate", "adaptation")], [("geel",)]]
    assert clauses('"São Paulo" OR Geel') == [[("sao", "paulo"), ("geel",)]]
    assert parse('"climate adaptation"').clauses[0][0].is_phrase


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ('"climate adaptation', [[("climate", "adaptation")]]),  # an unclosed quote runs on
        ('climate"', [[("climate",)]]),
        ('""', []),
        ("OR", []),
        ("OR solar OR", [[("solar",)]]),
        ("'\"*&|!()", []),
        ("  ,;!  ", []),
    ],
)
def test_odd_queries_read_as_well_as_they_can(q, expected):
    assert clauses(q) == expected


def test_a_long_query_is_cut_to_its_first_words():
    assert len(parse("energy " * 1000).words()) == 1
    words = parse(" ".join(f"w{n}" for n in range(1000)))
    assert len(words.words()) == MAX_WORDS
    assert parse("x" * 10_000).words() == ["x" * MAX_QUERY_LENGTH]


def test_the_text_of_a_query_reads_back_as_the_same_query():
    for q in ['solar OR wind "climate adaptation"', '"São Paulo" OR Geel care', "a|b c"]:
        assert parse(parse(q).text()) == parse(q)


def test_replacing_a_word_makes_an_or_of_its_replacements_and_keeps_phrases_whole():
    query = parse('enrgy "watr management" care')
    replaced = query.replaced({"enrgy": ["energy", "energie"], "watr": ["water", "wafer"]})
    assert replaced.clauses == (
        (Term(("energy",)), Term(("energie",))),
        (Term(("water", "management")),),
        (Term(("care",)),),
    )
    assert replaced.text() == 'energy OR energie "water management" care'


def test_trigrams_are_pg_trgms():
    assert trigrams("sun") == {"  s", " su", "sun", "un "}
    assert similarity("water", "water") == 1.0
    assert similarity("watr", "water") == pytest.approx(3 / 8)


@pytest.mark.parametrize(
    ("a", "b", "distance"),
    [
        ("enrgy", "energy", 1),
        ("watr", "water", 1),
        ("wtaer", "water", 1),
        ("care", "core", 1),
        ("", "abc", 3),
        ("kitten", "sitting", 3),
        ("same", "same", 0),
    ],
)
def test_edit_distance_counts_a_swap_as_one(a, b, distance):
    assert edit_distance(a, b) == distance


def test_short_words_allow_fewer_typos():
    assert [typo_allowance(w) for w in ("ai", "sun", "watr", "enrgy", "biodiversty")] == [
        0,
        1,
        1,
        2,
        3,
    ]


def test_the_vocabulary_leaves_out_numbers_codes_and_single_letters():
    assert vocabulary_words(["Energy 2030, B-000123 a Café"]) == {"energy", "cafe"}
