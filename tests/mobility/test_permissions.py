"""Who sees and does what with a mobility, as a matrix over granted, requested-not-granted and
other-institution people: the student sees and signs their own; each coordinator signs for
their own institution only; a third institution's coordinator sees nothing."""

import pytest

from campus.mobility import selectors
from campus.mobility.permissions import may_declare_travel, signing_roles
from campus.people.models import AffiliationState, Role
from campus.permissions import Action, can
from tests.factories import AffiliationFactory, PersonFactory

pytestmark = pytest.mark.django_db


def _requested(institution, role):
    someone = PersonFactory(institution=institution)
    AffiliationFactory(
        person=someone, role=role, institution=institution, state=AffiliationState.REQUESTED
    )
    someone.forget_affiliations()
    return someone


@pytest.fixture
def people(
    student,
    other_student,
    home_coordinator,
    host_coordinator,
    third_coordinator,
    geel,
    porto,
    admin,
):
    return {
        "student": student,
        "other student": other_student,
        "home coordinator": home_coordinator,
        "home coordinator requested": _requested(geel, Role.COORDINATOR),
        "host coordinator": host_coordinator,
        "host coordinator requested": _requested(porto, Role.COORDINATOR),
        "third coordinator": third_coordinator,
        "admin": admin,
    }


# who: (sees the agreement, signs as, recognises, sees the submitted application, declares
# how the mobility travels)
MATRIX = {
    "student": (True, ["student"], False, True, True),
    "other student": (False, [], False, False, False),
    "home coordinator": (True, ["sending"], True, True, True),
    "home coordinator requested": (False, [], False, False, False),
    "host coordinator": (True, ["receiving"], False, False, False),
    "host coordinator requested": (False, [], False, False, False),
    "third coordinator": (False, [], False, False, False),
    # Administrators see everything but sign for nobody, nor declare anyone's travel.
    "admin": (True, [], True, True, False),
}


@pytest.mark.parametrize("who", list(MATRIX))
def test_the_matrix_of_a_learning_agreement(people, agreement, who):
    sees, signs_as, recognises, _sees_application, declares_travel = MATRIX[who]
    person = people[who]
    assert can(person, Action.VIEW, agreement) is sees
    assert (agreement in selectors.agreements_visible_to(person)) is sees
    assert signing_roles(person, agreement) == signs_as
    assert can(person, Action.ASSESS, agreement) is recognises
    assert may_declare_travel(person, agreement) is declares_travel
    version = agreement.versions.get()
    assert can(person, Action.VIEW, version) is sees
    assert can(person, Action.VIEW, version.components.first()) is sees


@pytest.mark.parametrize("who", list(MATRIX))
def test_the_matrix_of_a_submitted_application(people, application, who):
    sees = MATRIX[who][3]
    person = people[who]
    assert can(person, Action.VIEW, application) is sees
    assert (application in selectors.applications_visible_to(person)) is sees


def test_the_host_sees_an_application_once_it_is_nominated(
    nominated, host_coordinator, third_coordinator
):
    assert can(host_coordinator, Action.VIEW, nominated)
    assert nominated in selectors.applications_visible_to(host_coordinator)
    assert not can(third_coordinator, Action.VIEW, nominated)
    assert nominated not in selectors.applications_visible_to(third_coordinator)


def test_the_queue_holds_what_awaits_each_coordinator(
    application, home_coordinator, host_coordinator, third_coordinator, student
):
    from campus.mobility import services

    assert selectors.coordinator_queue(home_coordinator).to_nominate == [application]
    assert selectors.coordinator_queue(host_coordinator).empty
    services.application_nominate(application=application, by=home_coordinator)
    assert selectors.coordinator_queue(host_coordinator).to_decide == [application]
    services.application_decide(application=application, by=host_coordinator, accept=True)
    queue = selectors.coordinator_queue(host_coordinator)
    assert [(a.student, v.number, role) for a, v, role in queue.to_sign] == [
        (student, 1, "receiving")
    ]
    assert selectors.coordinator_queue(third_coordinator).empty
