"""The finder on the demo campus: the stakeholder looks for help with flood risk in a small
town and gets explained experts from at least two institutions, a private profile only for
those who may see it, and a group for one of the demo's challenges."""

import pytest

from campus.challenges.models import Challenge
from campus.challenges.permissions import PUBLIC_STATES
from campus.people.models import Person
from campus.research import expert_search
from campus.research.models import ExpertProfile, ResearchAgenda
from campus_demo.seed import seed

pytestmark = pytest.mark.django_db


def test_the_stakeholder_finds_flood_experts_from_two_institutions(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    seed()
    expert_search.forget()
    client.force_login(Person.objects.get(email="stakeholder@campus.test"))
    answer = client.get("/api/v1/experts", {"q": "help with flood risk in a small town"})
    assert answer.status_code == 200, answer.json()
    top = answer.json()["items"][:10]
    assert len({item["institution"] for item in top}) >= 2
    assert all(item["explanation"]["sentences"] for item in top)
    private = set(
        ExpertProfile.objects.filter(person__visibility="private").values_list("pk", flat=True)
    )
    assert private and not private & {item["id"] for item in answer.json()["items"]}
    page = client.get("/research/experts/", {"q": "overstromingsrisico kleine gemeente"})
    assert page.status_code == 200 and 'class="cards expert-hits"' in page.content.decode()

    challenge = Challenge.objects.filter(state__in=PUBLIC_STATES).first()
    match = client.get("/api/v1/experts/match", {"challenge": challenge.pk})
    assert match.status_code == 200, match.json()
    group = match.json()["group"]
    assert len(set(group["institutions"])) >= 2
    assert all(member["group_sentences"] for member in group["members"])

    # The researcher's agenda: newcomers only, with the agenda two institutions or more.
    agenda = ResearchAgenda.objects.get(title="Living with floods in small towns")
    members = set(agenda.members.values_list("person__expert_profile", flat=True))
    match = client.get("/api/v1/experts/match", {"agenda": agenda.pk})
    assert match.status_code == 200, match.json()
    body = match.json()
    assert body["needed_skills"] and body["group"]["members"]
    assert not members & {item["id"] for item in body["items"] + body["group"]["members"]}
    assert all(member["group_sentences"] for member in body["group"]["members"])
    shown = client.get(f"/api/v1/research/agendas/{agenda.pk}").json()["members"]
    together = {m["institution"] for m in shown} | set(body["group"]["institutions"])
    assert len(together - {""}) >= 2
    assert client.get(f"/research/agendas/{agenda.pk}/experts/").status_code == 200
    expert_search.forget()
