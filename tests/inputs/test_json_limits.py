import pytest

from campus.inputs.json_limits import JsonRefused, json_depth, json_loads_bounded


@pytest.mark.parametrize(
    ("value", "depth"),
    [(1, 0), ("x", 0), ([], 1), ({"a": [1, {"b": []}]}, 4), ([[[]], []], 3)],
)
def test_the_depth_of_a_value_counts_nested_arrays_and_objects(value, depth):
    assert json_depth(value) == depth


def test_a_document_within_the_limits_is_read():
    assert json_loads_bounded('{"a": [[1]]}', max_depth=3) == {"a": [[1]]}


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ('{"a": [[1]]}', "too_deep"),
        ('{"a": "' + "x" * 200 + '"}', "too_large"),
        ("{nope", "not_json"),
        (b"\xff\xfe", "not_json"),
    ],
)
def test_a_document_beyond_the_limits_is_refused_with_its_reason(text, reason):
    with pytest.raises(JsonRefused) as refused:
        json_loads_bounded(text, max_depth=2, max_bytes=100)
    assert refused.value.reason == reason


def test_nesting_deeper_than_the_parser_can_recurse_is_refused_not_a_recursion_error():
    with pytest.raises(JsonRefused) as refused:
        json_loads_bounded("[" * 100_000 + "]" * 100_000)
    assert refused.value.reason == "too_deep"
