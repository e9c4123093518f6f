"""Two experts press "accept" on the same routed request at the same moment: exactly one takes
it, the other is told it was taken, and the request has one expert (PostgreSQL row locks)."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from campus.people.models import Role
from campus.research import services, transfer
from campus.research.models import TransferInvitation
from tests.factories import InstitutionFactory, OrganisationFactory, PersonFactory, SkillFactory


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks under real concurrency: PostgreSQL"
)
def test_two_experts_accepting_at_once_one_takes_it():
    from django.db import connections

    services.topics_load()
    skill = SkillFactory(uri="http://data.europa.eu/esco/skill/flood-race", label="flood risk")
    home = InstitutionFactory()
    experts = []
    for _k in range(3):
        person = PersonFactory(institution=home, roles=[Role.RESEARCHER])
        services.expert_profile_save(
            person=person, by=person, skills=[skill.uri], available_for_consultancy=True
        )
        experts.append(person)
    stakeholder = PersonFactory(organisation=OrganisationFactory(), roles=[Role.STAKEHOLDER])
    request = transfer.transfer_request_create(
        by=stakeholder, title="Flood risk", question="Which streets?", skills=[skill.uri]
    )
    assert request.invitations.count() == 3
    barrier = threading.Barrier(len(experts))
    taken, refused, errors = [], [], []

    def press(person):
        try:
            barrier.wait()
            transfer.transfer_accept(request=request, by=person)
            taken.append(person.pk)
        except ValidationError as error:
            refused.append(" ".join(error.messages))
        except Exception as exc:  # noqa: BLE001 (every press must be answered; record what went wrong)
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=press, args=(p,)) for p in experts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert len(taken) == 1
    assert refused == ["This request has been taken by an expert already."] * 2
    request.refresh_from_db()
    assert request.state == "accepted"
    assert request.expert.person_id == taken[0]
    assert TransferInvitation.objects.filter(request=request, state="accepted").count() == 1
    assert TransferInvitation.objects.filter(request=request, state="closed").count() == 2
