"""Knowledge transfer: a stakeholder of a regional organisation (granted), one who only
declared it, and the research hub's experts of tests/research/conftest.py."""

import pytest

from campus.people.models import AffiliationState, Role
from campus.research import services, transfer
from tests.factories import AffiliationFactory, OrganisationFactory, PersonFactory


@pytest.fixture
def kempen(db):
    return OrganisationFactory(name="Gemeente Kempen")


@pytest.fixture
def stefan(kempen, topics):
    return PersonFactory(
        organisation=kempen, roles=[Role.STAKEHOLDER], display_name="Stefan Stakeholder"
    )


@pytest.fixture
def only_declared(kempen):
    """Says they represent the organisation; nobody granted it."""
    person = PersonFactory(display_name="Otto Declared")
    AffiliationFactory(
        person=person,
        role=Role.STAKEHOLDER,
        organisation=kempen,
        state=AffiliationState.REQUESTED,
    )
    return person


@pytest.fixture
def paulo_available(paulo_profile, flood_skill):
    return services.expert_profile_save(
        person=paulo_profile.person,
        by=paulo_profile.person,
        skills=[flood_skill.uri],
        topics=["climate-adaptation"],
        available_for_challenges=True,
    )


def ask(stefan, **kwargs):
    """Stefan asks about flood risk in a small town (kwargs change what he sends)."""
    values = {
        "by": stefan,
        "title": "Flood risk in a small town",
        "question": "Which streets flood first when the Nete rises, and what helps?",
        "topics": ["climate-adaptation"],
    }
    return transfer.transfer_request_create(**(values | kwargs))
