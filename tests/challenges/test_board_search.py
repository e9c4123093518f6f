"""The challenge board's forgiving text search: typos, accents, OR, phrases and suggestions,
only ever from public challenges' words."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from campus.challenges import services
from campus.challenges.models import Challenge
from campus.challenges.selectors import (
    VOCABULARY,
    board_spelling,
    board_suggestions,
    challenges_board,
)
from campus.search.models import Word

from .conftest import challenge_fields

pytestmark = pytest.mark.django_db


def _open(stakeholder, organisation, coordinator, skills, **fields):
    challenge = services.challenge_create(
        by=stakeholder, organisation=organisation, **challenge_fields(skills, **fields)
    )
    services.challenge_submit(challenge=challenge, by=stakeholder)
    services.challenge_approve(challenge=challenge, by=coordinator)
    return services.challenge_open(challenge=challenge, by=coordinator)


@pytest.fixture
def board(stakeholder, organisation, coordinator, skills):
    return {
        "drought": _open(
            stakeholder,
            organisation,
            coordinator,
            skills,
            title="Drought-proof the Kempen",
            problem="Our wells run dry every summer; groundwater must be stored.",
        ),
        "energy": _open(
            stakeholder,
            organisation,
            coordinator,
            skills,
            title="Energy cooperative for Geel",
            problem="Citizens want solar panels on every school in São Bento street.",
        ),
        "wind": _open(
            stakeholder,
            organisation,
            coordinator,
            skills,
            title="Wind for farmers",
            problem="Small wind turbines, stored energy and climate adaptation of farms.",
        ),
    }


def titles(q) -> list[str]:
    return sorted(c.title for c in challenges_board(q=q))


def test_a_typo_finds_the_challenge(board):
    assert titles("enrgy cooperatve") == ["Energy cooperative for Geel"]
    assert titles("drougth") == ["Drought-proof the Kempen"]
    assert board_spelling("wels groundwatr").query.text() == "wells groundwater"
    assert titles("wels groundwatr") == ["Drought-proof the Kempen"]


def test_accents_and_case_do_not_matter(board):
    assert titles("sao bento") == ["Energy cooperative for Geel"]
    assert titles("SÃO") == ["Energy cooperative for Geel"]


def test_words_are_beginnings_and_all_required(board):
    assert titles("coop") == ["Energy cooperative for Geel"]
    assert titles("energy wind") == ["Wind for farmers"]


def test_or_and_phrases(board):
    assert titles("solar OR turbines") == ["Energy cooperative for Geel", "Wind for farmers"]
    assert titles('"stored energy"') == ["Wind for farmers"]
    assert titles('"energy stored"') == []
    assert titles('"run dry" OR "solar panels"') == [
        "Drought-proof the Kempen",
        "Energy cooperative for Geel",
    ]


def test_a_draft_lends_no_words(board, stakeholder, organisation, skills):
    services.challenge_create(
        by=stakeholder,
        organisation=organisation,
        **challenge_fields(skills, title="Confidential hydrogen plant", problem="Secret."),
    )
    assert not Word.objects.filter(scope=VOCABULARY, word="hydrogen").exists()
    assert board_suggestions("hydrogn") == []
    assert titles("hydrogen") == []


def test_the_page_says_what_it_searched_and_suggests_when_nothing_matches(client, board):
    page = client.get(reverse("challenges:board"), {"q": "enrgy"}).content.decode()
    assert "Showing results for <strong>energy</strong> instead of “enrgy”." in page
    assert "Energy cooperative for Geel" in page

    empty = client.get(reverse("challenges:board"), {"q": "cooperatve", "theme": "digital"})
    assert empty.context["count"] == 0
    assert '<a href="?q=cooperative&amp;theme=digital">cooperative</a>' in empty.content.decode()


@pytest.mark.parametrize("q", ["x" * 3000, '"unclosed', "!!! ??? ...", "OR", "a OR OR b"])
def test_odd_queries_give_a_page_never_an_error(client, board, q):
    assert client.get(reverse("challenges:board"), {"q": q}).status_code in (200, 400)
    api = client.get("/api/v1/challenges", {"q": q[:200]})
    assert api.status_code in (200, 422)


def test_the_rebuild_command_keeps_public_words_only(board):
    Challenge.objects.filter(pk=board["wind"].pk).update(state="draft")
    out = io.StringIO()
    call_command("search_index_rebuild", stdout=out)
    assert "challenges: " in out.getvalue()
    assert not Word.objects.filter(scope=VOCABULARY, word="turbines").exists()
    assert Word.objects.filter(scope=VOCABULARY, word="cooperative").exists()
