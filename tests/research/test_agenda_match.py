"""Experts for a research agenda (GET /api/v1/experts/match?agenda=<id> and
/research/agendas/<id>/experts/): needs from its visible linked challenges and its topics'
experts, its members left out, a group that gives the agenda two institutions, explained."""

import pytest

from campus.matchmaking.group import Candidate, group_propose
from campus.people.models import Role, Visibility
from campus.research import services
from tests.factories import PersonFactory, SkillFactory
from tests.research.conftest import challenge_posted, expert_made, experts_page

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(poster, topics):
    """An agenda on water management led by Lena (Geel), linked to an open challenge needing
    drainage (2) and community engagement (1) and to a draft needing a secret skill. Experts
    on the topic: Lena (drainage), Hanna at Geel (drainage, engagement), Mia at Porto
    (hydrological modelling) and Petra, private, at Geel (laboratory tests). Sofia at Porto
    holds engagement, not on the topic."""
    geel, porto = poster["geel"], poster["porto"]
    drainage = SkillFactory(label="design drainage systems")
    engagement = SkillFactory(label="engage with communities")
    modelling = SkillFactory(label="model hydrological systems")
    lab = SkillFactory(label="perform laboratory tests")
    secret = SkillFactory(label="negotiate land rights")
    water = ["water-management"]
    profiles = {
        "lena": expert_made("Lena Lead", geel, [drainage], topics=water),
        "hanna": expert_made("Hanna Hydrologist", geel, [drainage, engagement], topics=water),
        "mia": expert_made("Mia Modeller", porto, [modelling], topics=water),
        "petra": expert_made(
            "Petra Private", geel, [lab], topics=water, visibility=Visibility.PRIVATE
        ),
        "sofia": expert_made("Sofia Sociologist", porto, [engagement]),
    }
    challenge = challenge_posted(
        poster,
        [drainage, engagement],
        title="Wet streets in Geel",
        problem="Rain floods the streets; the drains and the neighbours need a plan.",
    )
    draft = challenge_posted(
        poster, [secret, drainage], opened=False, title="Who owns the river banks"
    )
    agenda = services.agenda_create(
        by=profiles["lena"].person,
        title="Living with water in small towns",
        aims="Shared research on drainage and flood risk in small towns.",
        topics=water,
        challenge_ids=[challenge.pk, draft.pk],
    )
    return {
        "agenda": agenda,
        "challenge": challenge,
        "draft": draft,
        "stakeholder": poster["stakeholder"],
        "profiles": {key: profile.pk for key, profile in profiles.items()},
    }


def _labels(needs):
    return {n["label"]: n for n in needs}


def test_an_agenda_needs_its_visible_challenges_and_its_topics_skills(client, world):
    answer = client.get("/api/v1/experts/match", {"agenda": world["agenda"].pk})
    assert answer.status_code == 200, answer.json()
    body = answer.json()
    assert body["challenge"] is None and body["agenda"]["id"] == world["agenda"].pk
    assert body["agenda"]["challenge_ids"] == [world["challenge"].pk]  # not the draft
    needs = _labels(body["needed_skills"])
    # The draft's skill and the private expert's skill stay out; the topic's experts' are in.
    assert set(needs) == {
        "design drainage systems",
        "engage with communities",
        "model hydrological systems",
    }
    # Drainage: 2 from the challenge + 2 of the topic's 3 visible experts.
    assert needs["design drainage systems"]["weight"] == pytest.approx(2 + 2 / 3, abs=0.001)
    assert needs["model hydrological systems"]["weight"] == pytest.approx(1 / 3, abs=0.001)
    sources = needs["design drainage systems"]["sources"]
    assert any("Wet streets in Geel" in s for s in sources)
    assert any("Water management" in s and "67%" in s for s in sources)


def test_the_agenda_group_leaves_out_members_and_brings_a_second_institution(client, world):
    body = client.get("/api/v1/experts/match", {"agenda": world["agenda"].pk}).json()
    profiles = world["profiles"]
    ranked = [item["id"] for item in body["items"]]
    assert profiles["lena"] not in ranked and profiles["petra"] not in ranked
    assert profiles["hanna"] in ranked and profiles["mia"] in ranked
    group = body["group"]
    assert [m["id"] for m in group["members"]] == [profiles["hanna"], profiles["mia"]]
    assert group["coverage"] == 1.0 and group["institutions"] == ["B  GEEL07", "P  PORTO05"]
    assert "model hydrological systems" in group["members"][1]["group_sentences"][0]
    assert any("2 institutions" in s for s in group["sentences"])


def test_the_agenda_group_counts_its_members_institutions():
    needs = {"a": 1.0}
    candidates = [
        Candidate(id=1, institution="X", score=1.0, covers={"a": (1.0, "a")}),
        Candidate(id=2, institution="Y", score=0.5, covers={}),
    ]
    # The agenda has people from Y already: one from X covering everything is enough.
    joined = group_propose(candidates, needs, present=frozenset({"Y"}))
    assert [m.candidate.id for m in joined.members] == [1]
    # Its members are all at X: someone from another institution comes in.
    alone = group_propose(candidates, needs, present=frozenset({"X"}))
    assert [m.candidate.id for m in alone.members] == [1, 2]
    assert alone.members[1].for_institution


def test_an_administrator_sees_the_private_experts_skills_counted(client, world):
    client.force_login(PersonFactory(roles=[Role.ADMIN]))
    body = client.get("/api/v1/experts/match", {"agenda": world["agenda"].pk}).json()
    assert "perform laboratory tests" in _labels(body["needed_skills"])


def test_exactly_one_of_challenge_and_agenda_and_unknown_ids_are_404(client, world):
    both = client.get(
        "/api/v1/experts/match", {"agenda": world["agenda"].pk, "challenge": world["challenge"].pk}
    )
    assert both.status_code == 422 and "exactly one" in both.json()["detail"]
    neither = client.get("/api/v1/experts/match")
    assert neither.status_code == 422 and "exactly one" in neither.json()["detail"]
    assert client.get("/api/v1/experts/match", {"agenda": "x"}).status_code == 422
    missing = client.get("/api/v1/experts/match", {"agenda": 10**6})
    assert missing.status_code == 404 and "10000" in missing.json()["detail"]
    assert client.get("/research/agendas/1000000/experts/").status_code == 404


def test_the_agenda_page_links_its_experts_page(client, world):
    text = experts_page(client, world["agenda"])
    assert "Hanna Hydrologist" in text and "Mia Modeller" in text
    assert "Petra Private" not in text and "Lena Lead" not in text
    assert "Wet streets in Geel" in text  # where a need comes from
    assert "Who owns the river banks" not in text  # the draft stays unseen


def test_an_agenda_naming_an_id_no_database_holds_still_matches(client, world):
    agenda = world["agenda"]
    services.agenda_update(
        agenda=agenda, by=agenda.created_by, challenge_ids=[10**20, world["challenge"].pk]
    )
    answer = client.get("/api/v1/experts/match", {"agenda": agenda.pk})
    assert answer.status_code == 200
    assert answer.json()["agenda"]["challenge_ids"] == [world["challenge"].pk]
    assert client.get(f"/research/agendas/{agenda.pk}/experts/").status_code == 200
