"""Affiliations: who grants, refuses and revokes; the queue; only granted ones count."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from campus.people import services
from campus.people.models import AffiliationEvent, Notification, Person, Role
from campus.permissions import Action, can, coordinates
from tests.factories import InstitutionFactory, OrganisationFactory, PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def alliance():
    a, b = InstitutionFactory(), InstitutionFactory()
    return {
        "a": a,
        "b": b,
        "coord_a": PersonFactory(institution=a, roles=[Role.COORDINATOR]),
        "coord_b": PersonFactory(institution=b, roles=[Role.COORDINATOR]),
        "admin": PersonFactory(roles=[Role.ADMIN]),
    }


def _ask(role, **where):
    person = PersonFactory(roles=[Role.LIFELONG_LEARNER])
    return services.affiliation_request(person=person, role=role, by=person, **where)


def test_a_coordinator_grants_a_student_of_their_own_institution(alliance):
    asked = _ask(Role.STUDENT, institution=alliance["a"], note="Student number 123")
    assert not asked.person.has_role(Role.STUDENT)
    services.affiliation_grant(affiliation=asked, by=alliance["coord_a"])
    person = Person.objects.get(pk=asked.person_id)
    assert person.has_role(Role.STUDENT) and person.institution_id == alliance["a"].pk
    events = list(AffiliationEvent.objects.filter(affiliation=asked).values_list("state", "by"))
    assert events == [("requested", person.pk), ("granted", alliance["coord_a"].pk)]
    assert Notification.objects.filter(person=person, message__contains="granted").exists()


@pytest.mark.parametrize("service", ["affiliation_grant", "affiliation_refuse"])
def test_a_coordinator_of_a_cannot_decide_for_b(alliance, service):
    asked = _ask(Role.LECTURER, institution=alliance["b"])
    with pytest.raises(PermissionDenied):
        getattr(services, service)(affiliation=asked, by=alliance["coord_a"], reason="No")
    asked.refresh_from_db()
    assert asked.state == "requested"
    assert asked.events.count() == 1


def test_a_coordinator_of_a_cannot_revoke_a_lecturer_of_b(alliance):
    lecturer = PersonFactory(institution=alliance["b"], roles=[Role.LECTURER])
    granted = lecturer.affiliations.get(role=Role.LECTURER)
    with pytest.raises(PermissionDenied):
        services.affiliation_revoke(affiliation=granted, by=alliance["coord_a"], reason="x")
    services.affiliation_revoke(affiliation=granted, by=alliance["coord_b"], reason="Left")
    lecturer = Person.objects.get(pk=lecturer.pk)
    assert not lecturer.has_role(Role.LECTURER) and lecturer.institution_id is None


def test_only_alliance_administrators_grant_coordinators(alliance):
    asked = _ask(Role.COORDINATOR, institution=alliance["a"])
    with pytest.raises(PermissionDenied):
        services.affiliation_grant(affiliation=asked, by=alliance["coord_a"])
    services.affiliation_grant(affiliation=asked, by=alliance["admin"])
    assert coordinates(Person.objects.get(pk=asked.person_id), alliance["a"].pk)


def test_stakeholders_are_granted_by_their_representatives_or_any_coordinator(alliance):
    org, other_org = OrganisationFactory(), OrganisationFactory()
    rep = PersonFactory(organisation=org, roles=[Role.STAKEHOLDER])
    other_rep = PersonFactory(organisation=other_org, roles=[Role.STAKEHOLDER])
    first, second = (
        _ask(Role.STAKEHOLDER, organisation=org),
        _ask(Role.STAKEHOLDER, organisation=org),
    )
    with pytest.raises(PermissionDenied):
        services.affiliation_grant(affiliation=first, by=other_rep)
    services.affiliation_grant(affiliation=first, by=rep)
    services.affiliation_grant(affiliation=second, by=alliance["coord_b"])
    for asked in (first, second):
        assert Person.objects.get(pk=asked.person_id).organisation_id == org.pk


def test_a_refusal_needs_a_reason_and_nobody_decides_their_own(alliance):
    asked = _ask(Role.STAFF, institution=alliance["a"])
    with pytest.raises(ValidationError, match="why"):
        services.affiliation_refuse(affiliation=asked, by=alliance["coord_a"], reason=" ")
    services.affiliation_refuse(affiliation=asked, by=alliance["coord_a"], reason="Unknown here")
    asked.refresh_from_db()
    assert (asked.state, asked.reason, asked.decided_by) == (
        "refused",
        "Unknown here",
        alliance["coord_a"],
    )
    coord = alliance["coord_a"]
    own = services.affiliation_request(
        person=coord, role=Role.RESEARCHER, institution=alliance["a"], by=coord
    )
    with pytest.raises(PermissionDenied, match="own"):
        services.affiliation_grant(affiliation=own, by=coord)


def test_moving_keeps_the_old_institution_until_the_new_one_is_granted(alliance):
    student = PersonFactory(institution=alliance["a"], roles=[Role.STUDENT])
    asked = services.affiliation_request(
        person=student, role=Role.STUDENT, institution=alliance["b"], by=student
    )
    student = Person.objects.get(pk=student.pk)
    assert student.institution_id == alliance["a"].pk and student.has_role(Role.STUDENT)
    assert can(alliance["coord_a"], Action.VIEW, student)
    services.affiliation_grant(affiliation=asked, by=alliance["coord_b"])
    student = Person.objects.get(pk=student.pk)
    assert student.institution_id == alliance["b"].pk
    old = student.affiliations.get(institution=alliance["a"])
    assert old.state == "revoked"
    assert not can(alliance["coord_a"], Action.VIEW, student)


def test_a_second_request_for_the_same_affiliation_is_refused(alliance):
    asked = _ask(Role.STUDENT, institution=alliance["a"])
    with pytest.raises(ValidationError, match="already"):
        services.affiliation_request(
            person=asked.person, role=Role.STUDENT, institution=alliance["a"], by=asked.person
        )


def test_the_queue_shows_a_coordinator_their_institutions_requests_only(client, alliance):
    mine = _ask(Role.STUDENT, institution=alliance["a"])
    theirs = _ask(Role.STUDENT, institution=alliance["b"])
    coordinator_request = _ask(Role.COORDINATOR, institution=alliance["a"])
    client.force_login(alliance["coord_a"])
    home = client.get("/").content.decode()
    assert "/people/affiliations/" in home  # reachable from the menu
    page = client.get("/people/affiliations/").content.decode()
    assert mine.person.display_name in page
    assert theirs.person.display_name not in page
    assert coordinator_request.person.display_name not in page
    # Deciding for another institution through the page does nothing.
    client.post(f"/people/affiliations/{theirs.pk}/grant/")
    theirs.refresh_from_db()
    assert theirs.state == "requested"
    response = client.post(f"/people/affiliations/{mine.pk}/refuse/", {"reason": ""}, follow=True)
    assert "Say why" in response.content.decode()
    client.post(f"/people/affiliations/{mine.pk}/grant/")
    mine.refresh_from_db()
    assert mine.state == "granted"
    client.force_login(alliance["admin"])
    assert (
        coordinator_request.person.display_name
        in client.get("/people/affiliations/").content.decode()
    )


def test_the_queue_is_closed_to_people_who_decide_nothing(client):
    client.force_login(PersonFactory(roles=[Role.STUDENT]))
    assert client.get("/people/affiliations/").status_code == 403


def test_the_profile_offers_a_request_and_shows_its_state(client, alliance):
    person = PersonFactory(roles=[Role.LIFELONG_LEARNER])
    client.force_login(person)
    response = client.post(
        "/people/me/affiliations/request/",
        {"role": "lecturer", "institution": alliance["a"].pk, "note": "Since May"},
        follow=True,
    )
    page = response.content.decode()
    assert "Lecturer" in page and "Requested" in page
    assert not Person.objects.get(pk=person.pk).has_role(Role.LECTURER)
    bad = client.post("/people/me/affiliations/request/", {"role": "lecturer"})
    assert bad.status_code == 200 and "home institution" in bad.content.decode()


def test_the_queue_finds_granted_people_by_name_and_shows_how_many_there_are(client, alliance):
    ada = PersonFactory(
        display_name="Ada Lovelace", institution=alliance["a"], roles=[Role.STUDENT]
    )
    PersonFactory(display_name="Brian Kernighan", institution=alliance["a"], roles=[Role.STUDENT])
    PersonFactory(display_name="Other Place", institution=alliance["b"], roles=[Role.STUDENT])
    client.force_login(alliance["coord_a"])
    page = client.get("/people/affiliations/").content.decode()
    assert "Ada Lovelace" in page and "Brian Kernighan" in page and "Other Place" not in page
    found = client.get("/people/affiliations/", {"q": "lovelace"}).content.decode()
    assert "Ada Lovelace" in found and "Brian Kernighan" not in found
    assert "1 of 1 granted affiliation" in found
    assert f'id="revoke-{ada.affiliations.get().pk}"' in found  # revoking needs a reason
    nobody = client.get("/people/affiliations/", {"q": "nobody-like-this"}).content.decode()
    assert "Nobody granted matches that search." in nobody


def test_a_decision_is_told_in_the_language_of_the_person_it_concerns(alliance):
    asked = _ask(Role.STUDENT, institution=alliance["a"])
    Person.objects.filter(pk=asked.person_id).update(language="de")
    asked.person.refresh_from_db()
    with translation.override("en"):  # the coordinator decides in English
        services.affiliation_grant(affiliation=asked, by=alliance["coord_a"])
    told = Notification.objects.get(person=asked.person)
    with translation.override("de"):  # she reads it in German
        assert told.text == f"Ihre Zugehörigkeit „Studierende/r, {alliance['a']}“ wurde bestätigt."
    with translation.override("nl"):  # and after switching the campus to Dutch, in Dutch
        assert str(alliance["a"]) in told.text and "Studierende" not in told.text
        assert told.text != told.message
