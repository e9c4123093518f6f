"""A mobility's declared way of travelling (Erasmus+ green travel): who declares it and when,
on the agreement's page and through the API. Each refusal leaves the data as it was."""

import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from campus.mobility import services, travel
from campus.mobility.models import LearningAgreement, MobilityEvent, OpportunityKind

from .conftest import GEEL, PORTO, make_agreement

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


# --- the page ----------------------------------------------------------------------------


def test_the_student_sees_the_form_beside_the_travel_options(client, agreement, student):
    client.force_login(student)
    page = client.get(agreement.get_absolute_url()).content.decode()
    assert "Travel from Geel to Porto" in page
    assert "How will you travel?" in page
    assert page.count('type="radio" name="mode"') == 1 + len(travel.MODE_KEYS)
    assert "<legend>How will you travel?</legend>" in page  # the radios are one group
    assert "No way of travelling declared yet" in page


def test_declaring_on_the_page_shows_the_modes_co2e_and_that_it_is_green(
    client, agreement, student
):
    client.force_login(student)
    answer = client.post(agreement.get_absolute_url(), {"action": "travel", "mode": "train"})
    assert answer.status_code == 302
    agreement.refresh_from_db()
    assert agreement.travel_mode == "train"
    page = client.get(agreement.get_absolute_url()).content.decode()
    assert "How the mobility travels is recorded." in page
    train = travel.travel_estimate(*GEEL, *PORTO, mode="train").by_mode("train")
    assert f"Declared way of travelling: Train, {round(train.co2e_kg)} kg CO₂e" in page
    assert "Green travel for Erasmus+" in page
    assert re.search(r'value="train"[^>]*checked', page)  # the form shows what is declared


def test_a_plane_is_not_green(client, agreement, home_coordinator):
    client.force_login(home_coordinator)
    client.post(agreement.get_absolute_url(), {"action": "travel", "mode": "plane"})
    page = client.get(agreement.get_absolute_url()).content.decode()
    assert "Declared way of travelling: Plane" in page
    assert "Erasmus+ does not count it as green travel." in page


def test_an_unknown_mode_on_the_page_is_a_form_error(client, agreement, student):
    client.force_login(student)
    before = state(agreement)
    answer = client.post(agreement.get_absolute_url(), {"action": "travel", "mode": "rocket"})
    assert answer.status_code == 400
    assert "field-error" in answer.content.decode()
    assert state(agreement) == before


def test_the_host_coordinator_sees_the_declared_mode_as_text_only(
    client, agreement, student, host_coordinator
):
    services.declare_travel(agreement, mode="bus", by=student)
    client.force_login(host_coordinator)
    page = client.get(agreement.get_absolute_url()).content.decode()
    assert "Declared way of travelling: Bus or coach" in page
    assert 'name="mode"' not in page
    before = state(agreement)
    answer = client.post(agreement.get_absolute_url(), {"action": "travel", "mode": "plane"})
    assert answer.status_code == 400
    assert "sending institution&#x27;s coordinators" in answer.content.decode()
    assert state(agreement) == before


def test_a_completed_mobility_shows_no_form(client, agreement, student):
    services.declare_travel(agreement, mode="train", by=student)
    LearningAgreement.objects.filter(pk=agreement.pk).update(completed_at=timezone.now())
    client.force_login(student)
    page = client.get(agreement.get_absolute_url()).content.decode()
    assert "Declared way of travelling: Train" in page
    assert 'name="mode"' not in page


# --- the API -----------------------------------------------------------------------------


def travel_url(agreement):
    return f"/api/v1/mobility/learning-agreements/{agreement.pk}/travel"


def post(client, url, body):
    return client.post(url, body, content_type="application/json")


def test_declaring_through_the_api(client, agreement, student):
    client.force_login(student)
    answer = post(client, travel_url(agreement), {"mode": "train"})
    assert answer.status_code == 200, answer.json()
    assert answer.json()["travel_mode"] == "train"
    read = client.get(f"/api/v1/mobility/learning-agreements/{agreement.pk}").json()
    assert read["travel_mode"] == "train"
    assert post(client, travel_url(agreement), {"mode": ""}).json()["travel_mode"] == ""


def test_the_api_refuses_with_a_detail_and_changes_nothing(
    client, agreement, student, host_coordinator, third_coordinator, geel, porto
):
    before = state(agreement)
    assert post(client, travel_url(agreement), {"mode": "train"}).status_code == 401
    client.force_login(student)
    unknown = post(client, travel_url(agreement), {"mode": "rocket"})
    assert unknown.status_code == 400 and "car_share" in unknown.json()["detail"]
    client.force_login(host_coordinator)
    refused = post(client, travel_url(agreement), {"mode": "train"})
    assert refused.status_code == 403 and refused.json()["detail"]
    client.force_login(third_coordinator)
    assert post(client, travel_url(agreement), {"mode": "train"}).status_code == 404
    assert state(agreement) == before

    virtual = make_agreement(student, geel, porto, kind=OpportunityKind.VIRTUAL)
    client.force_login(student)
    conflict = post(client, travel_url(virtual), {"mode": "train"})
    assert conflict.status_code == 409 and "travels nowhere" in conflict.json()["detail"]
    LearningAgreement.objects.filter(pk=agreement.pk).update(completed_at=timezone.now())
    assert post(client, travel_url(agreement), {"mode": "bus"}).status_code == 409
    assert state(agreement) == before
