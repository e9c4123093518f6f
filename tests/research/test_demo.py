"""The demo research hub: topics, experts over all nine partners and some organisations, some
private, agendas across institutions, researcher@campus.test leading the flood agenda."""

import pytest

from campus.alliance.models import Institution
from campus.people.models import Person
from campus.research.models import (
    AgendaJoinRequest,
    AgendaMember,
    ExpertProfile,
    ResearchAgenda,
    ResearchOutput,
    Topic,
)
from campus_demo.research import seed_research
from campus_demo.seed import seed

pytestmark = pytest.mark.django_db


def test_the_demo_research_hub(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    seed()
    assert Topic.objects.count() == 12
    experts = ExpertProfile.objects.select_related("person")
    assert 55 <= experts.filter(person__institution__isnull=False).count() <= 60
    assert (
        experts.filter(person__organisation__isnull=False, person__institution__isnull=True).count()
        == 8
    )
    assert set(experts.values_list("person__institution", flat=True).distinct()) >= set(
        Institution.objects.values_list("pk", flat=True)
    )
    assert experts.filter(person__visibility="private").exists()
    assert ResearchOutput.objects.exclude(doi="").filter(doi__startswith="10.").count() >= 50
    assert ResearchAgenda.objects.count() == 6
    for agenda in ResearchAgenda.objects.all():
        institutions = set(
            agenda.members.exclude(person__institution=None).values_list(
                "person__institution", flat=True
            )
        )
        assert len(institutions) >= 2, agenda.title
    rita = Person.objects.get(email="researcher@campus.test")
    floods = ResearchAgenda.objects.get(title="Living with floods in small towns")
    assert AgendaMember.objects.get(agenda=floods, person=rita).role == "lead"
    assert AgendaJoinRequest.objects.filter(agenda=floods, state="pending").exists()
    # Rita sees her queue on the agenda page.
    client.force_login(rita)
    assert "Requests to join" in client.get(floods.get_absolute_url()).text
    # Seeding again adds nothing.
    counts = (ExpertProfile.objects.count(), ResearchOutput.objects.count())
    report = seed_research()
    assert report.experts_created == 0 and report.agendas_created == 0
    assert counts == (ExpertProfile.objects.count(), ResearchOutput.objects.count())
