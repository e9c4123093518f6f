"""The permission helper as a matrix: roles × own / other institution."""

import pytest

from campus.people.models import Role
from campus.permissions import Action, can
from tests.factories import InstitutionFactory, OrganisationFactory, PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_institutions():
    return InstitutionFactory(), InstitutionFactory()


# (role, may change own institution, may change other institution, may change a person of own, of other)
MATRIX = [
    (Role.ADMIN, True, True, True, True),
    (Role.COORDINATOR, True, False, True, False),
    (Role.LECTURER, False, False, False, False),
    (Role.RESEARCHER, False, False, False, False),
    (Role.STAFF, False, False, False, False),
    (Role.STUDENT, False, False, False, False),
    (Role.LIFELONG_LEARNER, False, False, False, False),
    (Role.STAKEHOLDER, False, False, False, False),
]


@pytest.mark.parametrize(("role", "own_inst", "other_inst", "own_person", "other_person"), MATRIX)
def test_permission_matrix(two_institutions, role, own_inst, other_inst, own_person, other_person):
    own, other = two_institutions
    actor = PersonFactory(institution=own, roles=[role])
    colleague = PersonFactory(institution=own, roles=[Role.STUDENT])
    stranger = PersonFactory(institution=other, roles=[Role.STUDENT])

    assert can(actor, Action.CHANGE, own) is own_inst
    assert can(actor, Action.CHANGE, other) is other_inst
    assert can(actor, Action.CHANGE, colleague) is own_person
    assert can(actor, Action.VIEW, colleague) is own_person
    assert can(actor, Action.CHANGE, stranger) is other_person
    assert can(actor, Action.VIEW, stranger) is other_person


@pytest.mark.parametrize("role", [r for r in Role if r != Role.ADMIN])
def test_only_administrators_create_institutions_and_organisations(two_institutions, role):
    own, _other = two_institutions
    actor = PersonFactory(institution=own, roles=[role])
    admin = PersonFactory(roles=[Role.ADMIN])
    organisation = OrganisationFactory(partner_institution=own)
    assert not can(actor, Action.CREATE, type(own))
    assert not can(actor, Action.DELETE, own)
    assert not can(actor, Action.CHANGE, organisation)
    assert can(admin, Action.CREATE, type(own))
    assert can(admin, Action.CHANGE, organisation)


def test_everyone_changes_their_own_profile_and_nobody_elses(two_institutions):
    own, _other = two_institutions
    student = PersonFactory(institution=own, roles=[Role.STUDENT])
    other_student = PersonFactory(institution=own, roles=[Role.STUDENT])
    assert can(student, Action.CHANGE, student)
    assert not can(student, Action.CHANGE, other_student)


def test_anonymous_and_inactive_people_may_do_nothing(two_institutions):
    from django.contrib.auth.models import AnonymousUser

    own, _other = two_institutions
    inactive_admin = PersonFactory(roles=[Role.ADMIN], is_active=False)
    assert not can(AnonymousUser(), Action.VIEW, own)
    assert not can(inactive_admin, Action.CHANGE, own)


def test_a_coordinator_without_a_home_institution_acts_for_none(two_institutions):
    own, _other = two_institutions
    coordinator = PersonFactory(institution=None, roles=[Role.COORDINATOR])
    assert not can(coordinator, Action.CHANGE, own)


def _not_granted(role, institution, organisation, state):
    """A person whose affiliation in ``role`` is requested (or was granted and revoked)."""
    from campus.people.models import AffiliationState
    from tests.factories import AffiliationFactory

    person = PersonFactory()
    AffiliationFactory(
        person=person,
        role=role,
        institution=institution,
        organisation=organisation,
        state=AffiliationState(state),
    )
    return person


@pytest.mark.parametrize("state", ["requested", "revoked", "refused"])
@pytest.mark.parametrize("role", list(Role))
def test_the_matrix_for_a_requested_or_revoked_affiliation_is_all_false(
    two_institutions, role, state
):
    own, other = two_institutions
    org = OrganisationFactory()
    actor = _not_granted(role, own, org, state)
    colleague = PersonFactory(institution=own, roles=[Role.STUDENT])
    assert not actor.has_role(role)
    for target in (own, other, colleague, org):
        for action in (Action.VIEW, Action.CHANGE, Action.APPROVE):
            assert can(actor, action, target) is False
