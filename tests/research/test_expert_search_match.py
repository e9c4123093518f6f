"""Experts for a challenge (GET /api/v1/experts/match and /challenges/<id>/experts/): ranked for
its words and skills, a complementary group from at least two institutions explained member by
member, and a draft the reader may not see is a 404."""

import pytest

from campus.matchmaking.group import Candidate, group_propose
from campus.people.models import Role, Visibility
from tests.factories import PersonFactory, SkillFactory, SkillLabelFactory
from tests.research.conftest import challenge_posted, expert_made, experts_page

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(poster):
    """A challenge needing drainage (weight 2) and community engagement (1); a hydrologist and
    a drainage engineer at Geel (together they hold both), a sociologist at Porto holding
    engagement only, and a private expert at Geel who holds both."""
    geel, porto = poster["geel"], poster["porto"]
    drainage = SkillFactory(label="design drainage systems")
    SkillLabelFactory(
        skill=drainage, language="nl", text="afwateringssystemen ontwerpen", preferred=True
    )
    engagement = SkillFactory(label="engage with communities")
    other = SkillFactory(label="perform laboratory tests")
    both = [drainage, engagement]

    def expert(name, institution, skills, **more):
        return expert_made(name, institution, skills, available_for_challenges=True, **more)

    profiles = {
        "both": expert("Hanna Hydrologist", geel, both),
        "drain": expert("Dirk Drainage", geel, [drainage]),
        "social": expert("Sofia Sociologist", porto, [engagement]),
        "lab": expert("Lars Lab", porto, [other]),
        "hidden": expert("Petra Private", geel, both, visibility=Visibility.PRIVATE),
    }
    challenge = challenge_posted(
        poster,
        both,
        title="Wet streets in Geel",
        problem="Rain floods the streets; the drains and the neighbours need a plan.",
    )
    return {
        "challenge": challenge,
        "draft": challenge_posted(poster, both, opened=False),
        "stakeholder": poster["stakeholder"],
        "profiles": profiles,
        "drainage": drainage,
    }


def test_the_match_of_a_visible_challenge_ranks_and_groups_across_institutions(client, world):
    answer = client.get("/api/v1/experts/match", {"challenge": world["challenge"].pk})
    assert answer.status_code == 200, answer.json()
    body = answer.json()
    profiles = world["profiles"]
    ids = [item["id"] for item in body["items"]]
    assert ids[0] == profiles["both"].pk and profiles["hidden"].pk not in ids
    assert profiles["lab"].pk not in ids
    assert {n["label"] for n in body["needed_skills"]} == {
        "design drainage systems",
        "engage with communities",
    }
    group = body["group"]
    members = [m["id"] for m in group["members"]]
    assert len(set(group["institutions"])) >= 2 and group["coverage"] == 1.0
    assert members[0] == profiles["both"].pk and profiles["hidden"].pk not in members
    assert members[1] in (profiles["social"].pk,)  # the other institution, not a second Geel
    first = group["members"][0]
    assert {c["label"] for c in first["covers"] if c["new"]} == {
        "design drainage systems",
        "engage with communities",
    }
    assert "design drainage systems" in first["group_sentences"][0]
    assert "second institution" in group["members"][1]["group_sentences"][-1]
    assert "100%" in group["sentences"][0]


def test_a_draft_is_404_for_a_reader_who_may_not_see_it_and_there_for_its_poster(client, world):
    draft = world["draft"]
    assert client.get("/api/v1/experts/match", {"challenge": draft.pk}).status_code == 404
    assert client.get(f"/challenges/{draft.pk}/experts/").status_code == 404
    client.force_login(PersonFactory(roles=[Role.STUDENT]))
    missing = client.get("/api/v1/experts/match", {"challenge": draft.pk})
    assert missing.status_code == 404 and missing.json()["detail"]
    client.force_login(world["stakeholder"])
    assert client.get("/api/v1/experts/match", {"challenge": draft.pk}).status_code == 200
    assert client.get("/api/v1/experts/match", {"challenge": 10**6}).status_code == 404
    assert client.get("/api/v1/experts/match").status_code == 422
    assert client.get("/api/v1/experts/match", {"challenge": "x"}).status_code == 422


def test_the_challenge_page_links_its_experts_page(client, world):
    text = experts_page(client, world["challenge"])
    assert "Hanna Hydrologist" in text and "Sofia Sociologist" in text
    assert "Petra Private" not in text


def test_the_group_takes_a_second_institution_even_when_one_covers_everything():
    needs = {"a": 2.0, "b": 1.0}
    candidates = [
        Candidate(id=1, institution="X", score=1.0, covers={"a": (1.0, "a"), "b": (1.0, "b")}),
        Candidate(id=2, institution="X", score=0.9, covers={"a": (1.0, "a")}),
        Candidate(id=3, institution="Y", score=0.2, covers={}),
    ]
    group = group_propose(candidates, needs)
    assert [m.candidate.id for m in group.members] == [1, 3]
    assert group.members[1].for_institution and group.coverage == 1.0


def test_the_group_covers_the_heaviest_needs_first_within_its_size():
    needs = {"a": 3.0, "b": 1.0, "c": 1.0}
    candidates = [
        Candidate(id=1, institution="X", score=0.9, covers={"b": (1.0, "b"), "c": (1.0, "c")}),
        Candidate(id=2, institution="Y", score=0.5, covers={"a": (1.0, "a")}),
        Candidate(id=3, institution="X", score=0.4, covers={"a": (0.5, "x")}),
    ]
    group = group_propose(candidates, needs, size=2)
    assert [m.candidate.id for m in group.members] == [2, 1] and group.coverage == 1.0
    lonely = group_propose([candidates[0]], needs, size=3)
    assert len(lonely.members) == 1 and lonely.coverage == 0.4
