"""A mobility's declared way of travelling (Erasmus+ green travel): who declares it and when,
on the agreement's page and through the API. Each refusal leaves the data as it was."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from campus.mobility import services
from campus.mobility.models import LearningAgreement, MobilityEvent, OpportunityKind

from .conftest import make_agreement

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("porto_where_it_is")]


def state(agreement):
    """What a refusal must leave as it was."""
    agreement.refresh_from_db()
    return agreement.travel_mode, MobilityEvent.objects.filter(agreement=agreement).count()


# --- the service -------------------------------------------------------------------------


def test_the_student_declares_the_train_and_it_is_recorded(agreement, student):
    declared = services.declare_travel(agreement, mode="train", by=student)
    assert declared.travel_mode == "train"
    agreement.refresh_from_db()
    assert agreement.travel_mode == "train"
    event = MobilityEvent.objects.filter(agreement=agreement).latest("pk")
    assert (event.action, event.actor, event.note) == ("travel_declared", student, "train")


def test_the_sending_coordinator_declares_and_an_empty_mode_clears_it(agreement, home_coordinator):
    services.declare_travel(agreement, mode="bus", by=home_coordinator)
    services.declare_travel(agreement, mode="", by=home_coordinator)
    agreement.refresh_from_db()
    assert agreement.travel_mode == ""
    actions = list(
        MobilityEvent.objects.filter(agreement=agreement, action__startswith="travel")
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == ["travel_declared", "travel_cleared"]


def test_declaring_the_same_mode_again_writes_nothing(agreement, student):
    services.declare_travel(agreement, mode="train", by=student)
    before = state(agreement)
    services.declare_travel(agreement, mode="train", by=student)
    assert state(agreement) == before


@pytest.mark.parametrize("who", ["host_coordinator", "other_student", "third_coordinator", "admin"])
def test_only_the_student_and_the_sending_coordinators_declare(agreement, request, who):
    before = state(agreement)
    with pytest.raises(PermissionDenied, match="sending institution's coordinators"):
        services.declare_travel(agreement, mode="train", by=request.getfixturevalue(who))
    assert state(agreement) == before


def test_an_unknown_mode_is_refused_naming_the_modes(agreement, student):
    before = state(agreement)
    with pytest.raises(ValidationError) as error:
        services.declare_travel(agreement, mode="rocket", by=student)
    message = error.value.message_dict["mode"][0]
    assert "rocket" in message and "plane, train, bus, car_share, car" in message
    assert state(agreement) == before


def test_a_virtual_exchange_travels_nowhere(student, geel, porto):
    virtual = make_agreement(student, geel, porto, kind=OpportunityKind.VIRTUAL)
    before = state(virtual)
    with pytest.raises(services.TravelNotDeclarable, match="travels nowhere"):
        services.declare_travel(virtual, mode="train", by=student)
    assert state(virtual) == before


def test_a_completed_mobility_keeps_how_it_travelled(agreement, student):
    services.declare_travel(agreement, mode="train", by=student)
    LearningAgreement.objects.filter(pk=agreement.pk).update(completed_at=timezone.now())
    before = state(agreement)
    with pytest.raises(services.TravelNotDeclarable, match="completed"):
        services.declare_travel(agreement, mode="plane", by=student)
    assert state(agreement) == before == ("train", before[1])
