"""The quiz engine: each kind's marks, the refusals of bad questions and responses, seeded
attempts, deadlines with extra time, and the wildcard matcher's bounded work."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from campus.learning.quiz import (
    KINDS,
    Question,
    QuestionError,
    ResponseError,
    due_at,
    grade,
    grade_attempt,
    is_late,
    matching_keys,
    normalise_text,
    option_order,
    plan_attempt,
    read_response,
    validate_question,
    wildcard_match,
    wildcard_match_steps,
)

FEEDBACK = {"correct": "Well done.", "incorrect": "Not quite.", "partial": "Partly."}


def options(*keys: str) -> list[dict[str, str]]:
    return [{"key": key, "text": f"Option {key}"} for key in keys]


def question(kind: str, spec: dict, *, points: float = 1, id: int = 1) -> Question:
    return Question(id=id, kind=kind, points=points, spec=validate_question(kind, spec, points))


def single(**extra) -> Question:
    return question("single", {"options": options("a", "b", "c"), "correct": "b", **extra})


def multiple(**extra) -> Question:
    spec = {"options": options("a", "b", "c", "d"), "correct": ["a", "c"], "feedback": FEEDBACK}
    return question("multiple", {**spec, **extra}, points=2)


def numeric(**extra) -> Question:
    return question("numeric", {"answer": 9.81, "tolerance": 0.05, "unit": "m/s²", **extra})


def text(**extra) -> Question:
    return question("text", {"patterns": ["photo*synthesis", "chlorophyll?"], **extra})


def matching(**extra) -> Question:
    spec = {
        "pairs": [
            {"left": "Lisbon", "right": "Portugal"},
            {"left": "Brno", "right": "Czechia"},
            {"left": "Aalborg", "right": "Denmark"},
            {"left": "Geel", "right": "Belgium"},
        ],
        "distractors": ["Sweden"],
        "feedback": FEEDBACK,
    }
    return question("matching", {**spec, **extra}, points=4)


# --- validation -------------------------------------------------------------------------


def test_kinds_are_the_five():
    assert KINDS == ("single", "multiple", "numeric", "text", "matching")


def test_validate_fills_defaults_in_order():
    spec = validate_question("single", {"correct": "a", "options": options("a", "b")})
    assert list(spec) == ["options", "correct", "shuffle", "feedback"]
    assert spec["shuffle"] is True
    assert spec["feedback"] == {"correct": "", "incorrect": "", "partial": ""}
    assert list(validate_question("numeric", {"answer": 3})) == [
        "answer",
        "tolerance",
        "unit",
        "feedback",
    ]
    assert validate_question("numeric", {"answer": 3})["tolerance"] == 0
    spec = validate_question("text", {"patterns": [" x "]})
    assert (spec["patterns"], spec["case_sensitive"], spec["ignore_accents"]) == (
        ["x"],
        False,
        True,
    )
    spec = validate_question("matching", {"pairs": matching().spec["pairs"]})
    assert (spec["distractors"], spec["shuffle"]) == ([], True)


def test_validate_sorts_multiple_correct_keys():
    spec = validate_question("multiple", {"options": options("a", "b", "c"), "correct": ["c", "a"]})
    assert spec["correct"] == ["a", "c"]


def test_validate_is_idempotent():
    for q in (single(), multiple(), numeric(), text(), matching()):
        assert validate_question(q.kind, dict(q.spec), q.points) == q.spec


CHOICE = {"options": options("a", "b"), "correct": "a"}
PAIRS = [{"left": "x", "right": "1"}, {"left": "y", "right": "2"}]


@pytest.mark.parametrize(
    ("kind", "spec", "points", "field"),
    [
        ("essay", {}, 1, "kind"),
        ("single", CHOICE, 0, "points"),
        ("single", CHOICE, -1, "points"),
        ("single", CHOICE, 100.5, "points"),
        ("single", CHOICE, True, "points"),
        ("single", CHOICE, float("nan"), "points"),
        ("single", [], 1, "spec"),
        ("single", {**CHOICE, "shufle": False}, 1, "spec"),
        ("single", {**CHOICE, "options": options("a")}, 1, "options"),
        ("single", {**CHOICE, "options": options(*(f"k{n}" for n in range(21)))}, 1, "options"),
        ("single", {**CHOICE, "options": "ab"}, 1, "options"),
        ("single", {**CHOICE, "options": options("a", "a")}, 1, "options"),
        ("single", {**CHOICE, "options": options("a", "")}, 1, "options"),
        ("single", {**CHOICE, "options": options("a", "B")}, 1, "options"),
        ("single", {**CHOICE, "options": options("a", "b c")}, 1, "options"),
        ("single", {**CHOICE, "options": options("a", "x" * 21)}, 1, "options"),
        ("single", {**CHOICE, "options": [{"key": "a", "text": "A"}, {"key": "b"}]}, 1, "options"),
        (
            "single",
            {**CHOICE, "options": [{"key": "a", "text": "A"}, {"key": "b", "text": "  "}]},
            1,
            "options",
        ),
        (
            "single",
            {**CHOICE, "options": [{"key": "a", "text": "A"}, {"key": "b", "text": "x" * 1001}]},
            1,
            "options",
        ),
        ("single", {**CHOICE, "correct": "z"}, 1, "correct"),
        ("single", {**CHOICE, "correct": ["a"]}, 1, "correct"),
        ("single", {**CHOICE, "shuffle": "yes"}, 1, "shuffle"),
        ("single", {**CHOICE, "feedback": {"correct": "x" * 2001}}, 1, "feedback"),
        ("single", {**CHOICE, "feedback": {"wrong": "no"}}, 1, "feedback"),
        ("single", {**CHOICE, "feedback": "Well done"}, 1, "feedback"),
        ("multiple", {**CHOICE, "correct": []}, 1, "correct"),
        ("multiple", {**CHOICE, "correct": "a"}, 1, "correct"),
        ("multiple", {**CHOICE, "correct": ["a", "z"]}, 1, "correct"),
        ("multiple", {**CHOICE, "correct": ["a", "a"]}, 1, "correct"),
        ("numeric", {}, 1, "answer"),
        ("numeric", {"answer": "3"}, 1, "answer"),
        ("numeric", {"answer": float("inf")}, 1, "answer"),
        ("numeric", {"answer": 3, "tolerance": -0.1}, 1, "tolerance"),
        ("numeric", {"answer": 3, "tolerance": "0.1"}, 1, "tolerance"),
        ("numeric", {"answer": 3, "unit": "m" * 51}, 1, "unit"),
        ("text", {"patterns": []}, 1, "patterns"),
        ("text", {"patterns": "photosynthesis"}, 1, "patterns"),
        ("text", {"patterns": ["x"] * 21}, 1, "patterns"),
        ("text", {"patterns": ["x" * 201]}, 1, "patterns"),
        ("text", {"patterns": [""]}, 1, "patterns"),
        ("text", {"patterns": [" * ? "]}, 1, "patterns"),
        ("text", {"patterns": [3]}, 1, "patterns"),
        ("text", {"patterns": ["x"], "case_sensitive": 1}, 1, "case_sensitive"),
        ("text", {"patterns": ["x"], "ignore_accents": None}, 1, "ignore_accents"),
        ("matching", {"pairs": PAIRS[:1]}, 1, "pairs"),
        ("matching", {"pairs": PAIRS * 11}, 1, "pairs"),
        ("matching", {"pairs": [*PAIRS, {"left": "z"}]}, 1, "pairs"),
        ("matching", {"pairs": [*PAIRS, {"left": "z", "right": ""}]}, 1, "pairs"),
        ("matching", {"pairs": [*PAIRS, {"left": "x", "right": "3"}]}, 1, "pairs"),
        ("matching", {"pairs": [*PAIRS, {"left": "z", "right": "1"}]}, 1, "pairs"),
        ("matching", {"pairs": PAIRS, "distractors": ["1"]}, 1, "distractors"),
        ("matching", {"pairs": PAIRS, "distractors": ["3", "3"]}, 1, "distractors"),
        ("matching", {"pairs": PAIRS, "distractors": "3"}, 1, "distractors"),
        (
            "matching",
            {"pairs": PAIRS, "distractors": [str(n) for n in range(3, 14)]},
            1,
            "distractors",
        ),
    ],
)
def test_validate_refuses_and_names_the_field(kind, spec, points, field):
    with pytest.raises(QuestionError) as error:
        validate_question(kind, spec, points)
    assert error.value.field == field
    assert str(error.value)[0].isupper() and str(error.value).endswith(".")


def test_question_error_is_a_value_error():
    assert issubclass(QuestionError, ValueError) and issubclass(ResponseError, ValueError)


# --- single ---------------------------------------------------------------------------


def test_single_correct_wrong_and_unanswered():
    q = question(
        "single",
        {**CHOICE, "options": options("a", "b", "c"), "correct": "b", "feedback": FEEDBACK},
        points=3,
    )
    assert grade(q, "b") == grade(q, read_response(q, " b "))
    right = grade(q, "b")
    assert (right.points, right.max_points, right.correct, right.answered) == (3.0, 3.0, True, True)
    assert right.feedback == "Well done."
    wrong = grade(q, "a")
    assert (wrong.points, wrong.correct, wrong.feedback) == (0.0, False, "Not quite.")
    blank = grade(q, None)
    assert (blank.points, blank.correct, blank.answered) == (0.0, False, False)
    assert blank.question_id == 1


def test_single_reads_a_list_of_one_from_a_form():
    assert read_response(single(), ["c"]) == "c"


@pytest.mark.parametrize("raw", ["z", ["a", "b"], 1, {"a": 1}])
def test_single_refuses_an_unknown_or_unreadable_choice(raw):
    with pytest.raises(ResponseError) as error:
        read_response(single(), raw)
    assert error.value.field == "response"


def test_feedback_is_empty_when_none_given():
    assert grade(single(), "b").feedback == "" and grade(single(), "a").feedback == ""


# --- multiple ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("chosen", "points", "correct", "feedback"),
    [
        (["a", "c"], 2.0, True, "Well done."),
        (["a"], 1.0, False, "Partly."),  # 2 × (1 − 0) / 2
        (["a", "b"], 0.0, False, "Not quite."),  # 2 × max(0, (1 − 1) / 2)
        (["a", "c", "b"], 1.0, False, "Partly."),  # 2 × (2 − 1) / 2
        (["a", "b", "c", "d"], 0.0, False, "Not quite."),  # ticking all earns nothing
        (["b", "d"], 0.0, False, "Not quite."),  # negative clamped to 0
    ],
)
def test_multiple_partial_credit(chosen, points, correct, feedback):
    graded = grade(multiple(), read_response(multiple(), chosen))
    assert (graded.points, graded.correct, graded.feedback) == (points, correct, feedback)


def test_multiple_partial_rounds_to_four_decimals():
    q = question("multiple", {"options": options("a", "b", "c", "d"), "correct": ["a", "b", "c"]})
    assert grade(q, ["a"]).points == 0.3333


def test_partial_feedback_falls_back_to_incorrect():
    q = multiple(feedback={"correct": "Yes.", "incorrect": "No."})
    assert grade(q, ["a"]).feedback == "No."


def test_multiple_reads_a_single_key_sorted_and_without_repeats():
    q = multiple()
    assert read_response(q, "c") == ["c"]
    assert read_response(q, ["d", " a", "d"]) == ["a", "d"]
    assert read_response(q, []) is None
    assert grade(q, None).answered is False and grade(q, None).points == 0


def test_multiple_refuses_unknown_keys():
    with pytest.raises(ResponseError):
        read_response(multiple(), ["a", "e"])
    with pytest.raises(ResponseError):
        read_response(multiple(), 3)


def test_a_removed_option_in_a_stored_response_counts_as_wrong():
    assert grade(multiple(), ["a", "c", "gone"]).points == 1.0
    assert grade(single(), "gone").points == 0.0


# --- numeric ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        ("9.81", 9.81),
        ("9,81", 9.81),
        (" 9.81 ", 9.81),
        (10, 10.0),
        (9.8, 9.8),
        ("-3", -3.0),
        ("\u22123.5", -3.5),
        (".5", 0.5),
        ("1e3", 1000.0),
        ("1,000", 1.0),  # a decimal comma, as the alliance's languages write it
    ],
)
def test_numeric_reads(raw, value):
    assert read_response(numeric(), raw) == value


@pytest.mark.parametrize(
    "raw",
    [
        "abc",
        "nan",
        "NaN",
        "inf",
        "-inf",
        "1e999",
        "1_000",
        "0x10",
        "1.000,5",
        "1,2,3",
        "3 m",
        True,
        float("nan"),
        float("inf"),
        10**400,
        ["3"],
        "9" * 65,
    ],
)
def test_numeric_refuses(raw):
    with pytest.raises(ResponseError) as error:
        read_response(numeric(), raw)
    assert error.value.field == "response"


@pytest.mark.parametrize(
    ("response", "correct"),
    [(9.81, True), (9.86, True), (9.76, True), (9.87, False), (9.75, False), (-9.81, False)],
)
def test_numeric_within_tolerance(response, correct):
    graded = grade(numeric(), response)
    assert graded.correct is correct and graded.points == (1.0 if correct else 0.0)


def test_numeric_allows_floating_point_error_only():
    q = question("numeric", {"answer": 0.3})
    assert grade(q, 0.1 + 0.2).correct  # 0.30000000000000004
    assert not grade(q, 0.3001).correct
    big = question("numeric", {"answer": 1e12, "tolerance": 0})
    assert grade(big, 1e12 + 999).correct and not grade(big, 1e12 + 1001).correct  # 1e-9 × 1e12
    assert grade(numeric(), None).answered is False


# --- text ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "correct"),
    [
        ("photosynthesis", True),
        ("  Photo   synthesis ", True),
        ("PHOTO-SYNTHESIS", True),
        ("chlorophyll", False),  # ? is exactly one character
        ("chlorophylls", True),
        ("synthesis", False),
        ("photosynthesis!", False),
    ],
)
def test_text_patterns(raw, correct):
    q = text()
    assert grade(q, read_response(q, raw)).correct is correct


def test_text_ignores_accents_unless_told():
    q = question("text", {"patterns": ["Café crème"]})
    assert grade(q, "cafe CREME").correct
    strict = question("text", {"patterns": ["Café crème"], "ignore_accents": False})
    assert not grade(strict, "cafe creme").correct
    assert grade(strict, "CAFE\u0301 CRE\u0300ME").correct  # decomposed accents still equal


def test_text_case_sensitive():
    q = question("text", {"patterns": ["DNA"], "case_sensitive": True})
    assert grade(q, "DNA").correct and not grade(q, "dna").correct


def test_text_response_is_trimmed_and_bounded():
    q = text()
    assert read_response(q, "  x  y ") == "x  y"
    assert read_response(q, "   ") is None
    assert len(read_response(q, "x" * 500)) == 500
    with pytest.raises(ResponseError):
        read_response(q, "x" * 501)
    with pytest.raises(ResponseError):
        read_response(q, 42)


# --- the wildcard matcher ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("pattern", "subject", "matches"),
    [
        ("*", "", True),
        ("a*", "a", True),
        ("*a", "ba", True),
        ("a*b", "ab", True),
        ("a*b", "a", False),
        ("a?b", "ab", False),
        ("a?b", "axb", True),
        ("a**b", "ab", True),
        ("*?*", "", False),
        ("?*", "x", True),
        ("a.b", "axb", False),  # no regex: a dot is a dot
        ("a+", "aa", False),
        ("(a|b)", "(a|b)", True),
        ("[ab]", "a", False),
        ("\\d", "\\D", True),
        ("*ab*ab*", "xabyab", True),
        ("*ab*ab*", "xaby", False),
        ("a * b", "a long b", True),
        ("a * b", "ab", False),
        ("？", "?", True),  # a full-width ? is literal text, not a wildcard
        ("Straße", "STRASSE", True),
    ],
)
def test_wildcard_matcher(pattern, subject, matches):
    assert wildcard_match(pattern, subject) is matches


def test_wildcard_matcher_work_is_bounded_on_a_backtracking_pattern():
    pattern, subject = "*a*a*a*a*a*b", "a" * 500
    started = time.perf_counter()
    matched, steps = wildcard_match_steps(pattern, subject)
    elapsed = time.perf_counter() - started
    assert not matched
    assert steps <= (len(pattern) + 1) * (len(subject) + 1)
    assert elapsed < 0.05
    assert wildcard_match(pattern, "a" * 500 + "b")


def test_wildcard_matcher_stops_once_nothing_can_match():
    matched, steps = wildcard_match_steps("abc*", "x" * 500)
    assert not matched and steps <= 2 * 5


_plain = st.text(
    alphabet=st.characters(blacklist_characters="*?", blacklist_categories=("Cs",)), max_size=40
)


@given(pattern=_plain, subject=_plain)
def test_a_pattern_without_wildcards_matches_exactly_its_normalised_text(pattern, subject):
    assert wildcard_match(pattern, pattern)
    assert wildcard_match(pattern, subject) == (normalise_text(pattern) == normalise_text(subject))


# --- matching ----------------------------------------------------------------------------


def test_matching_keys_number_lefts_and_rights_then_distractors():
    lefts, rights = matching_keys(matching())
    assert lefts == [("l1", "Lisbon"), ("l2", "Brno"), ("l3", "Aalborg"), ("l4", "Geel")]
    assert rights == [
        ("r1", "Portugal"),
        ("r2", "Czechia"),
        ("r3", "Denmark"),
        ("r4", "Belgium"),
        ("r5", "Sweden"),
    ]
    with pytest.raises(QuestionError):
        matching_keys(single())


@pytest.mark.parametrize(
    ("raw", "points", "correct", "feedback"),
    [
        ({"l1": "r1", "l2": "r2", "l3": "r3", "l4": "r4"}, 4.0, True, "Well done."),
        ({"l1": "r1", "l2": "r2", "l3": "r5", "l4": "r3"}, 2.0, False, "Partly."),
        (["l1:r1", "l2: r3"], 1.0, False, "Partly."),
        ({"l1": "r2", "l2": "r1"}, 0.0, False, "Not quite."),
        ({"l1": "r1", "l2": ""}, 1.0, False, "Partly."),
    ],
)
def test_matching_partial_credit(raw, points, correct, feedback):
    q = matching()
    graded = grade(q, read_response(q, raw))
    assert (graded.points, graded.max_points, graded.correct, graded.feedback) == (
        points,
        4.0,
        correct,
        feedback,
    )


def test_matching_unanswered():
    q = matching()
    assert read_response(q, {}) is None and read_response(q, {"l1": ""}) is None
    assert grade(q, None) == grade(q, read_response(q, []))
    assert grade(q, None).answered is False


@pytest.mark.parametrize(
    "raw",
    [{"l9": "r1"}, {"l1": "r9"}, ["l1-r1"], ["l1:r1", "l1:r2"], "l1:r1", {"l1": 1}, [3]],
)
def test_matching_refuses(raw):
    with pytest.raises(ResponseError):
        read_response(matching(), raw)


def test_canonical_responses_read_back_unchanged():
    for q, raw in [
        (single(), "a"),
        (multiple(), ["c", "a"]),
        (numeric(), "9,8"),
        (text(), " photo synthesis "),
        (matching(), ["l2:r2", "l1:r5"]),
    ]:
        canonical = read_response(q, raw)
        assert read_response(q, canonical) == canonical


def test_a_spec_stored_without_defaults_still_grades():
    q = Question(id=7, kind="text", points=1, spec={"patterns": ["Ab*"]})
    assert grade(q, "abc").correct


# --- attempts ----------------------------------------------------------------------------


def test_grade_attempt_totals_and_pass_mark():
    questions = [single(), multiple(), numeric()]  # 1 + 2 + 1 points
    questions = [Question(n, q.kind, q.points, q.spec) for n, q in enumerate(questions, start=1)]
    result = grade_attempt(questions, {1: "b", 2: ["a"], 99: "ignored"}, pass_percent=50)
    assert (result.points, result.max_points, result.percent, result.passed) == (
        2.0,
        4.0,
        50.0,
        True,
    )
    assert [g.question_id for g in result.questions] == [1, 2, 3]
    assert result.questions[2].answered is False
    assert not grade_attempt(questions, {1: "b", 2: ["a"]}, pass_percent=50.01).passed


def test_grade_attempt_percent_rounds_and_empty_attempt_is_zero():
    q = [Question(n, "single", 1, single().spec) for n in (1, 2, 3)]
    assert grade_attempt(q, {1: "b"}, pass_percent=0).percent == 33.33
    empty = grade_attempt([], {}, pass_percent=0)
    assert (empty.percent, empty.max_points, empty.passed) == (0.0, 0.0, True)


def test_grade_attempt_refuses_a_bad_pass_mark_or_repeated_question():
    with pytest.raises(ValueError):
        grade_attempt([single()], {}, pass_percent=101)
    with pytest.raises(ValueError):
        grade_attempt([single(), single()], {}, pass_percent=50)


BANK = list(range(101, 121))
SEEDS = range(20)


def test_plan_attempt_without_pick_or_shuffle_is_the_bank():
    assert plan_attempt(BANK, pick=None, shuffle=False, seed=3) == BANK


def test_plan_attempt_is_deterministic_for_a_seed_and_varies_across_seeds():
    plans = []
    for seed in SEEDS:
        plan = plan_attempt(BANK, pick=5, shuffle=True, seed=seed)
        assert plan == plan_attempt(BANK, pick=5, shuffle=True, seed=seed)
        assert len(plan) == len(set(plan)) == 5 and set(plan) <= set(BANK)
        plans.append(tuple(plan))
    assert len(set(plans)) >= 18


def test_plan_attempt_without_shuffle_keeps_the_bank_order_of_the_same_pick():
    for seed in SEEDS:
        ordered = plan_attempt(BANK, pick=5, shuffle=False, seed=seed)
        assert ordered == sorted(ordered, key=BANK.index)
        assert set(ordered) == set(plan_attempt(BANK, pick=5, shuffle=True, seed=seed))


def test_plan_attempt_shuffles_the_whole_bank():
    orders = {tuple(plan_attempt(BANK, pick=None, shuffle=True, seed=s)) for s in SEEDS}
    assert all(sorted(order) == BANK for order in orders)
    assert len(orders) == len(SEEDS) and tuple(BANK) not in orders


@pytest.mark.parametrize(("bank", "pick"), [(BANK, 21), (BANK, 0), (BANK, -1), ([1, 1], None)])
def test_plan_attempt_refuses(bank, pick):
    with pytest.raises(ValueError):
        plan_attempt(bank, pick=pick, shuffle=False, seed=1)


def test_option_order_is_deterministic_and_varies_by_seed_and_question():
    q = question("single", {"options": options(*"abcdefgh"), "correct": "a"})
    other = Question(2, q.kind, q.points, q.spec)
    orders = set()
    for seed in SEEDS:
        order = option_order(q, seed=seed)
        assert order == option_order(q, seed=seed) and sorted(order) == list("abcdefgh")
        orders.add(tuple(order))
    assert len(orders) >= 18
    assert sum(option_order(q, seed=s) != option_order(other, seed=s) for s in SEEDS) >= 18


def test_option_order_respects_no_shuffle_and_covers_matching_rights():
    fixed = single(shuffle=False)
    assert all(option_order(fixed, seed=s) == ["a", "b", "c"] for s in SEEDS)
    rights = {tuple(option_order(matching(), seed=s)) for s in SEEDS}
    assert all(sorted(r) == ["r1", "r2", "r3", "r4", "r5"] for r in rights) and len(rights) > 1
    assert option_order(matching(shuffle=False), seed=1) == ["r1", "r2", "r3", "r4", "r5"]
    assert option_order(numeric(), seed=1) == [] and option_order(text(), seed=1) == []


# --- time ------------------------------------------------------------------------------

START = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)


def test_due_at():
    assert due_at(START, limit_minutes=None) is None
    assert due_at(START, limit_minutes=None, extra_percent=50) is None
    assert due_at(START, limit_minutes=60) == START + timedelta(minutes=60)
    assert due_at(START, limit_minutes=60, extra_percent=50) == START + timedelta(minutes=90)
    assert due_at(START, limit_minutes=30, extra_percent=200) == START + timedelta(minutes=90)
    assert due_at(START, limit_minutes=1, extra_percent=1) == START + timedelta(seconds=60.6)


@pytest.mark.parametrize(
    ("limit", "extra"), [(60, -1), (60, 201), (0, 0), (-5, 0), (1.5, 0), (60, 2.5), (60, True)]
)
def test_due_at_refuses(limit, extra):
    with pytest.raises(ValueError):
        due_at(START, limit_minutes=limit, extra_percent=extra)


def test_is_late_at_the_boundary():
    due = START + timedelta(minutes=60)
    assert not is_late(due, due)
    assert not is_late(due + timedelta(seconds=15), due)
    assert is_late(due + timedelta(seconds=15, microseconds=1), due)
    assert is_late(due + timedelta(seconds=1), due, grace_seconds=0)
    assert not is_late(START + timedelta(days=30), None)
    with pytest.raises(ValueError):
        is_late(due, due, grace_seconds=-1)
