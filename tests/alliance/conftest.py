import pytest

from campus.alliance.services import institutions_load
from campus.people.models import Role
from tests.factories import InstitutionFactory, PersonFactory


@pytest.fixture
def loaded(db):
    """The nine partners, loaded from the shipped data file."""
    institutions_load()


@pytest.fixture
def admin_person(db):
    return PersonFactory(roles=[Role.ADMIN])


@pytest.fixture
def institution(db):
    return InstitutionFactory()


@pytest.fixture
def coordinator(institution):
    return PersonFactory(roles=[Role.COORDINATOR], institution=institution)


@pytest.fixture
def student(institution):
    return PersonFactory(roles=[Role.STUDENT], institution=institution)
