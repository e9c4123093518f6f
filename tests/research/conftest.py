"""A small research hub: two institutions, a researcher at each, a lecturer whose affiliation is
only requested, a practitioner of an organisation, topics, and an agenda led by the first."""

import pytest

from campus.people.models import AffiliationState, Role, Visibility
from campus.research import expert_search, services
from tests.factories import (
    AffiliationFactory,
    InstitutionFactory,
    OrganisationFactory,
    PersonFactory,
    RegionFactory,
    SkillFactory,
)


@pytest.fixture(autouse=True)
def _fresh_index():
    """Each test's database is new; so is the process's finder index (its version would tell
    too, but ids and timestamps can repeat between tests)."""
    expert_search.forget()
    yield
    expert_search.forget()


@pytest.fixture
def geel():
    return InstitutionFactory(code="B  GEEL07", region=RegionFactory(code="BE21"))


@pytest.fixture
def porto():
    return InstitutionFactory(
        code="P  PORTO05", country="PT", region=RegionFactory(code="PT11", country="PT")
    )


@pytest.fixture
def topics(db):
    services.topics_load()


@pytest.fixture
def flood_skill(db):
    return SkillFactory(uri="http://data.europa.eu/esco/skill/flood-test", label="flood risk")


@pytest.fixture
def rita(geel, topics):
    return PersonFactory(
        institution=geel,
        roles=[Role.RESEARCHER],
        display_name="Rita Researcher",
        visibility=Visibility.MEMBERS,
    )


@pytest.fixture
def paulo(porto, topics):
    return PersonFactory(
        institution=porto,
        roles=[Role.LECTURER],
        display_name="Paulo Lecturer",
        visibility=Visibility.PUBLIC,
    )


@pytest.fixture
def declared(geel):
    """Declared a researcher's role that nobody has granted yet."""
    person = PersonFactory(institution=geel, display_name="Dora Declared")
    AffiliationFactory(
        person=person, role=Role.RESEARCHER, institution=geel, state=AffiliationState.REQUESTED
    )
    return person


@pytest.fixture
def practitioner(topics):
    organisation = OrganisationFactory(name="Kempen Water")
    return PersonFactory(
        organisation=organisation, roles=[Role.STAKEHOLDER], display_name="Pia Practitioner"
    )


@pytest.fixture
def student(geel):
    return PersonFactory(institution=geel, roles=[Role.STUDENT])


@pytest.fixture
def coordinator(geel):
    return PersonFactory(institution=geel, roles=[Role.COORDINATOR])


@pytest.fixture
def rita_profile(rita, flood_skill):
    return services.expert_profile_save(
        person=rita,
        by=rita,
        headline="Flood resilience of small towns",
        skills=[flood_skill.uri],
        keywords=["overstromingsrisico", "klimaatadaptatie"],
        topics=["climate-adaptation", "water-management"],
        languages=["nl", "en"],
        available_for_consultancy=True,
        orcid="0000-0002-1825-0097",
    )


@pytest.fixture
def paulo_profile(paulo):
    return services.expert_profile_save(
        person=paulo, by=paulo, keywords=["economia circular"], topics=["circular-economy"]
    )


@pytest.fixture
def agenda(rita, rita_profile):
    return services.agenda_create(
        by=rita,
        title="Living with floods in small towns",
        aims="Shared research on flood risk for towns under 20,000 people.",
        topics=["climate-adaptation"],
    )
