"""The challenges API: the public board and challenge page, posting and review, applications,
team formation, teams and evaluation; errors as 4xx with a detail; query counts pinned."""

import pytest

from campus.challenges import services
from campus.challenges.models import Application, Challenge, ChallengeState, Team, TeamMember
from campus.people.models import Role

from .conftest import challenge_fields, person

pytestmark = pytest.mark.django_db


def _post(client, url, data=None):
    return client.post(url, data or {}, content_type="application/json")


def _as(client, someone):
    client.force_login(someone)
    return client


def _open_one(stakeholder, organisation, coordinator, skills, **fields):
    challenge = services.challenge_create(
        by=stakeholder, organisation=organisation, **challenge_fields(skills, **fields)
    )
    services.challenge_submit(challenge=challenge, by=stakeholder)
    services.challenge_approve(challenge=challenge, by=coordinator)
    return services.challenge_open(challenge=challenge, by=coordinator)


# --- the board -----------------------------------------------------------------------------


def test_the_board_lists_public_challenges_only(client, draft, open_challenge, skills):
    other_draft = Challenge.objects.create(
        **{
            **{k: v for k, v in challenge_fields(skills).items() if k not in ("skills", "region")},
            "title": "Secret draft",
            "organisation": open_challenge.organisation,
            "region": open_challenge.region,
            "institution": open_challenge.institution,
            "posted_by": open_challenge.posted_by,
        }
    )
    response = client.get("/api/v1/challenges")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    assert body["items"] == [
        {
            "id": open_challenge.pk,
            "title": "Drought-proof the Kempen",
            "state": "open",
            "region": "BE21",
            "skills": [skills[0].uri, skills[1].uri],
            "organisation": "Kempen Water",
            "languages": ["en", "nl"],
            "teams_wanted": 1,
        }
    ]
    assert other_draft.pk not in [i["id"] for i in body["items"]]


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("region=BE21", 1),
        ("region=BE", 1),
        ("region=PT", 0),
        ("theme=nature", 1),
        ("theme=digital", 0),
        ("language=nl", 1),
        ("language=fi", 0),
        ("state=open", 1),
        ("state=closed", 0),
        ("state=draft", 0),
        ("q=Kempen", 1),
    ],
)
def test_the_board_filters(client, open_challenge, query, found):
    assert client.get(f"/api/v1/challenges?{query}").json()["count"] == found


def test_the_board_filters_by_skill_uri(client, open_challenge, skills):
    assert client.get(f"/api/v1/challenges?skill={skills[0].uri}").json()["count"] == 1
    assert client.get(f"/api/v1/challenges?skill={skills[2].uri}").json()["count"] == 0


@pytest.mark.parametrize("query", ["theme=space", "state=nonsense", "language=E N", "limit=0"])
def test_bad_board_filters_are_a_422_with_a_detail(client, query):
    response = client.get(f"/api/v1/challenges?{query}")
    assert response.status_code == 422
    assert response.json()["detail"]


def test_the_board_costs_three_queries_however_many_challenges(
    client, stakeholder, organisation, coordinator, skills, django_assert_num_queries
):
    for n in range(4):
        _open_one(stakeholder, organisation, coordinator, skills, title=f"Challenge {n}")
    with django_assert_num_queries(3):  # count, page, skills
        body = client.get("/api/v1/challenges").json()
    assert body["count"] == 4


def test_the_board_selector_costs_two_queries(
    stakeholder, organisation, coordinator, skills, django_assert_num_queries
):
    from campus.challenges.selectors import challenges_board

    for n in range(3):
        _open_one(stakeholder, organisation, coordinator, skills, title=f"Challenge {n}")
    with django_assert_num_queries(2):
        items = [
            (c.organisation.name, c.region.code, [n.skill.uri for n in c.skill_needs.all()])
            for c in challenges_board(region="BE21", skill=skills[0].uri)
        ]
    assert len(items) == 3


# --- one challenge -------------------------------------------------------------------------


def test_a_public_challenge_is_seen_by_anyone(client, open_challenge):
    body = client.get(f"/api/v1/challenges/{open_challenge.pk}").json()
    assert body["state"] == "open"
    assert body["institution"] == "B  GEEL07"
    assert body["events"] is None  # the audit trail is for the poster and reviewers


def test_a_draft_is_a_404_for_others_and_seen_by_its_poster(
    client, draft, stakeholder, other_coordinator
):
    assert client.get(f"/api/v1/challenges/{draft.pk}").status_code == 404
    _as(client, other_coordinator)
    assert client.get(f"/api/v1/challenges/{draft.pk}").status_code == 404
    _as(client, stakeholder)
    body = client.get(f"/api/v1/challenges/{draft.pk}").json()
    assert body["state"] == "draft"
    assert [e["to_state"] for e in body["events"]] == ["draft"]


def test_an_unknown_challenge_is_a_404(client):
    response = client.get("/api/v1/challenges/999999")
    assert response.status_code == 404
    assert response.json() == {"detail": "There is no challenge with the id 999999."}


# --- posting and review --------------------------------------------------------------------


def _payload(skill_list, **overrides):
    fields = challenge_fields(skill_list)
    fields["starts_on"] = fields["starts_on"].isoformat()
    fields["ends_on"] = fields["ends_on"].isoformat()
    fields["organisation"] = "kempen-water"
    fields.update(overrides)
    return fields


def test_posting_reviewing_and_opening_through_the_api(
    client, stakeholder, organisation, coordinator, skills
):
    organisation.slug = "kempen-water"
    organisation.save()
    _as(client, stakeholder)
    response = _post(client, "/api/v1/challenges", _payload(skills))
    assert response.status_code == 201, response.json()
    pk = response.json()["id"]
    assert response.json()["state"] == "draft"
    assert _post(client, f"/api/v1/challenges/{pk}/submit").json()["state"] == "submitted"
    _as(client, coordinator)
    response = _post(client, f"/api/v1/challenges/{pk}/approve", {"feedback": "Fine."})
    assert response.json()["state"] == "approved"
    assert response.json()["review_feedback"] == "Fine."
    assert _post(client, f"/api/v1/challenges/{pk}/open").json()["state"] == "open"


@pytest.mark.parametrize(
    ("overrides", "status", "detail"),
    [
        ({"region": ""}, 400, "Choose the region"),
        ({"skills": {}}, 400, "Name at least one skill"),
        ({"organisation": "nobody"}, 404, "no organisation"),
        ({"team_min": 0}, 422, "team_min"),
        ({"starts_on": "soon"}, 422, "starts_on"),
        ({"colour": "blue"}, 422, "colour"),
    ],
)
def test_bad_postings_are_4xx_with_a_detail(
    client, stakeholder, organisation, skills, overrides, status, detail
):
    organisation.slug = "kempen-water"
    organisation.save()
    _as(client, stakeholder)
    response = _post(client, "/api/v1/challenges", _payload(skills, **overrides))
    assert response.status_code == status
    assert detail in response.json()["detail"]
    assert not Challenge.objects.exists()


def test_posting_needs_a_sign_in(client, skills):
    assert _post(client, "/api/v1/challenges", _payload(skills)).status_code == 401


def test_another_institutions_coordinator_cannot_approve(
    client, draft, stakeholder, other_coordinator, geel
):
    services.challenge_submit(challenge=draft, by=stakeholder)
    _as(client, other_coordinator)
    # another institution's process is not even visible to them
    response = _post(client, f"/api/v1/challenges/{draft.pk}/approve")
    assert response.status_code == 404
    assert response.json()["detail"]
    # the poster sees it, but may not approve it
    _as(client, stakeholder)
    response = _post(client, f"/api/v1/challenges/{draft.pk}/approve")
    assert response.status_code == 403
    assert response.json()["detail"] == "You may not approve this challenge."
    draft.refresh_from_db()
    assert draft.state == ChallengeState.SUBMITTED


def test_returning_without_a_reason_is_a_400(client, draft, stakeholder, coordinator):
    services.challenge_submit(challenge=draft, by=stakeholder)
    _as(client, coordinator)
    response = _post(client, f"/api/v1/challenges/{draft.pk}/return", {"reason": ""})
    assert response.status_code == 400
    assert "Give the reason" in response.json()["detail"]
    response = _post(client, f"/api/v1/challenges/{draft.pk}/reject", {"reason": "Out of scope"})
    assert response.json()["state"] == "rejected"


# --- applications --------------------------------------------------------------------------


def test_applying_and_listing_ones_applications(client, open_challenge, geel):
    student = person(geel, Role.STUDENT)
    _as(client, student)
    response = _post(
        client,
        f"/api/v1/challenges/{open_challenge.pk}/applications",
        {"rank": 1, "motivation": "I grew up there."},
    )
    assert response.status_code == 201
    assert response.json()["status"] == "submitted"
    again = _post(client, f"/api/v1/challenges/{open_challenge.pk}/applications", {"rank": 1})
    assert again.status_code == 400
    assert again.json() == {"detail": "You have applied to this challenge already."}
    mine = client.get("/api/v1/me/applications").json()
    assert [(a["challenge"], a["rank"], a["role"]) for a in mine] == [
        (open_challenge.pk, 1, "student")
    ]


def test_applying_to_a_closed_challenge_is_a_400(client, stakeholder, draft, geel, coordinator):
    services.challenge_submit(challenge=draft, by=stakeholder)
    services.challenge_approve(challenge=draft, by=coordinator)
    student = person(geel, Role.STUDENT)
    _as(client, student)
    response = _post(client, f"/api/v1/challenges/{draft.pk}/applications", {"rank": 1})
    assert response.status_code == 400
    assert response.json() == {"detail": "Applications for this challenge are closed."}
    assert not Application.objects.exists()


# --- formation, teams, evaluation ----------------------------------------------------------


@pytest.fixture
def applicants(open_challenge, geel, porto, lecturer):
    students = [person(geel, Role.STUDENT), person(porto, Role.STUDENT)]
    for student in students:
        services.application_submit(
            challenge=open_challenge, person=student, by=student, role="student", rank=1
        )
    services.application_submit(
        challenge=open_challenge, person=lecturer, by=lecturer, role="coach", hours=2
    )
    return students


def test_forming_moving_and_confirming_through_the_api(
    client, open_challenge, applicants, coordinator, other_coordinator
):
    _as(client, coordinator)
    response = _post(client, "/api/v1/formations", {"challenges": [open_challenge.pk]})
    assert response.status_code == 201, response.json()
    run = response.json()
    assert (run["status"], run["progress"]) == ("done", 100)
    assert run["violations"] == []
    assert len(run["proposal"]["teams"]) == 1

    assert client.get(f"/api/v1/formations/{run['id']}").json()["id"] == run["id"]
    mover = applicants[0]
    moved = _post(client, f"/api/v1/formations/{run['id']}/move", {"person": mover.pk, "to": None})
    assert moved.status_code == 200
    assert moved.json()["delta"] < 0
    assert moved.json()["violations"]
    refused = _post(client, f"/api/v1/formations/{run['id']}/confirm")
    assert refused.status_code == 400
    back = _post(
        client,
        f"/api/v1/formations/{run['id']}/move",
        {"person": mover.pk, "to": {"challenge": open_challenge.pk, "slot": 0}},
    )
    assert back.json()["violations"] == []
    confirmed = _post(client, f"/api/v1/formations/{run['id']}/confirm")
    assert confirmed.status_code == 200
    assert [t["name"] for t in confirmed.json()] == ["Drought-proof the Kempen — team 1"]

    _as(client, other_coordinator)
    assert client.get(f"/api/v1/formations/{run['id']}").status_code == 404


def test_forming_teams_for_unknown_challenges_is_a_400(client, coordinator):
    _as(client, coordinator)
    response = _post(client, "/api/v1/formations", {"challenges": [424242]})
    assert response.status_code == 400
    assert "no challenge with the id 424242" in response.json()["detail"]
    assert _post(client, "/api/v1/formations", {"challenges": []}).status_code == 422


def test_a_team_is_seen_by_its_members_and_evaluated_by_the_stakeholder(
    client, open_challenge, stakeholder, geel
):
    team = Team.objects.create(challenge=open_challenge, slot=0, name="Team 1")
    member = person(geel, Role.STUDENT)
    TeamMember.objects.create(team=team, person=member, role="student")
    TeamMember.objects.create(team=team, person=stakeholder, role="stakeholder")
    Challenge.objects.filter(pk=open_challenge.pk).update(state=ChallengeState.DELIVERED)

    assert client.get(f"/api/v1/teams/{team.pk}").status_code == 401
    _as(client, person(geel, Role.STUDENT))
    assert client.get(f"/api/v1/teams/{team.pk}").status_code == 404
    _as(client, member)
    body = client.get(f"/api/v1/teams/{team.pk}").json()
    assert [(m["person"], m["role"]) for m in body["members"]] == [
        (stakeholder.pk, "stakeholder"),
        (member.pk, "student"),
    ]
    assert body["evaluation"] is None
    assert (
        _post(client, f"/api/v1/teams/{team.pk}/evaluation", {"rating": 5, "feedback": "!"})
    ).status_code == 403

    _as(client, stakeholder)
    assert (
        _post(client, f"/api/v1/teams/{team.pk}/evaluation", {"rating": 9, "feedback": "x"})
    ).status_code == 422
    response = _post(
        client, f"/api/v1/teams/{team.pk}/evaluation", {"rating": 4, "feedback": "Solid."}
    )
    assert response.status_code == 200
    assert response.json()["rating"] == 4
    open_challenge.refresh_from_db()
    assert open_challenge.state == ChallengeState.EVALUATED
