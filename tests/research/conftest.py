"""A small research hub: two institutions, a researcher at each, a lecturer whose affiliation is
only requested, a practitioner of an organisation, topics, and an agenda led by the first."""

import pytest

from campus.challenges import services as challenge_services
from campus.people.models import AffiliationState, Role, Visibility
from campus.research import expert_search, services
from tests.challenges.conftest import challenge_fields
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


# --- the expert finder and matchmaking ---------------------------------------------------------


@pytest.fixture
def poster(db):
    """Who posts and opens challenges near Geel: a stakeholder of Kempen Water, a partner of
    Geel (B  GEEL07), and Geel's coordinator; Porto (P  PORTO05) as a second institution."""
    region = RegionFactory(code="BE21")
    geel = InstitutionFactory(code="B  GEEL07", region=region)
    organisation = OrganisationFactory(name="Kempen Water", region=region, partner_institution=geel)
    return {
        "geel": geel,
        "porto": InstitutionFactory(
            code="P  PORTO05", country="PT", region=RegionFactory(code="PT11", country="PT")
        ),
        "organisation": organisation,
        "stakeholder": PersonFactory(organisation=organisation, roles=[Role.STAKEHOLDER]),
        "coordinator": PersonFactory(institution=geel, roles=[Role.COORDINATOR]),
    }


def challenge_posted(poster, skills, *, opened: bool = True, **fields):
    """A challenge of ``poster``'s stakeholder needing ``skills`` (weights 2 and 1), opened
    (public) unless ``opened`` is False (a draft)."""
    stakeholder, coordinator = poster["stakeholder"], poster["coordinator"]
    challenge = challenge_services.challenge_create(
        by=stakeholder, organisation=poster["organisation"], **challenge_fields(skills, **fields)
    )
    if opened:
        challenge_services.challenge_submit(challenge=challenge, by=stakeholder)
        challenge_services.challenge_approve(challenge=challenge, by=coordinator, feedback="Ok.")
        challenge_services.challenge_open(challenge=challenge, by=coordinator)
    return challenge


def expert_made(name, institution, skills, *, visibility=Visibility.PUBLIC, **profile):
    """A researcher at ``institution`` with an expert profile holding ``skills``."""
    person = PersonFactory(
        institution=institution, roles=[Role.RESEARCHER], display_name=name, visibility=visibility
    )
    return services.expert_profile_save(
        person=person, by=person, skills=[s.uri for s in skills], **profile
    )


def experts_page(client, subject) -> str:
    """The text of the experts page of ``subject`` (a challenge or an agenda), after checking
    that the subject's own page links it."""
    url = f"{subject.get_absolute_url()}experts/"
    page = client.get(subject.get_absolute_url()).content.decode()
    assert f'href="{url}"' in page
    experts = client.get(url)
    assert experts.status_code == 200
    return experts.content.decode()
