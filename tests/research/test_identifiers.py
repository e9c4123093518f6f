"""ORCID iDs are checked with ISO 7064 11,2; DOIs are kept bare and lower case."""

import pytest

from campus.research.identifiers import doi_normalise, orcid_check_character, orcid_normalise


def test_orcid_of_the_orcid_documentation_example_is_valid():
    assert orcid_check_character("000000021825009") == "7"
    assert orcid_normalise("0000-0002-1825-0097") == "0000-0002-1825-0097"


def test_orcid_with_a_wrong_check_digit_is_refused():
    assert orcid_normalise("0000-0002-1825-0098") is None


def test_orcid_whose_check_character_is_x():
    assert orcid_normalise("0000-0002-1694-233x") == "0000-0002-1694-233X"


@pytest.mark.parametrize(
    "text",
    [
        "https://orcid.org/0000-0002-1825-0097",
        "0000000218250097",
        " orcid.org/0000-0002-1825-0097 ",
    ],
)
def test_orcid_as_an_address_or_without_hyphens(text):
    assert orcid_normalise(text) == "0000-0002-1825-0097"


@pytest.mark.parametrize(
    "text", ["", "0000-0002-1825", "abcd-0002-1825-0097", "0000-0002-1825-00977"]
)
def test_orcid_of_the_wrong_shape_is_refused(text):
    assert orcid_normalise(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "10.1016/J.WATRES.2020.115974",
        "https://doi.org/10.1016/j.watres.2020.115974",
        "doi:10.1016/j.watres.2020.115974",
        "  https://dx.doi.org/10.1016/j.WATRES.2020.115974 ",
    ],
)
def test_doi_is_normalised_to_its_bare_lower_case_form(text):
    assert doi_normalise(text) == "10.1016/j.watres.2020.115974"


@pytest.mark.parametrize("text", ["", "11.1000/abc", "10.12/abc", "10.1000/", "a doi"])
def test_not_a_doi(text):
    assert doi_normalise(text) is None
