"""The CO2e the impact area counts from the declared ways of travelling: agreements grouped
in the database by pair, kind and mode, each group one trip of the travel engine; the expected
figures come from the engine's estimate of one trip."""

import pytest

from campus.mobility import selectors, travel
from campus.mobility.models import LearningAgreement, OpportunityKind
from tests.factories import InstitutionFactory

from .conftest import GEEL, KAUNAS, PORTO, make_agreement

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("porto_where_it_is")]


def test_two_by_train_and_one_virtual(student, geel, porto, django_assert_num_queries):
    for _ in range(2):
        make_agreement(student, geel, porto, mode="train")
    make_agreement(student, geel, porto, kind=OpportunityKind.VIRTUAL)
    trip = travel.travel_estimate(*GEEL, *PORTO)
    train = trip.by_mode("train").co2e_kg
    usual = trip.by_mode(trip.reference_mode).co2e_kg
    assert trip.reference_mode == "plane"  # Geel-Porto is about 1,500 km
    with django_assert_num_queries(1):
        total = selectors.travel_totals(LearningAgreement.objects.all())
    assert total.co2e_emitted_kg == pytest.approx(2 * train, rel=1e-12)
    assert total.co2e_avoided_kg == pytest.approx(2 * (usual - train) + usual, rel=1e-12)
    assert (total.mobilities, total.travellers) == (3, 3)
    assert total.mobilities_by_format == {"physical": 2, "blended": 0, "virtual": 1}
    assert total.emitted_by_mode == {"train": pytest.approx(2 * train, rel=1e-12)}


def test_the_totals_over_formats_modes_and_pairs(
    student, other_student, geel, porto, django_assert_num_queries
):
    kaunas = InstitutionFactory(short_name="Kaunas", lat=KAUNAS[0], lon=KAUNAS[1])
    make_agreement(student, geel, porto, kind=OpportunityKind.SHORT_TERM, mode="bus")
    make_agreement(other_student, geel, porto, kind=OpportunityKind.STAFF)  # the usual way
    make_agreement(student, geel, kaunas, kind=OpportunityKind.BLENDED)  # one trip, usual way
    make_agreement(student, geel, kaunas, kind=OpportunityKind.SEMESTER, mode="car_share")
    make_agreement(student, geel, porto, kind=None, mode="train")  # no opportunity: left out
    to_porto = travel.travel_estimate(*GEEL, *PORTO)
    to_kaunas = travel.travel_estimate(*GEEL, *KAUNAS)
    porto_usual = to_porto.by_mode(to_porto.reference_mode).co2e_kg
    kaunas_usual = to_kaunas.by_mode(to_kaunas.reference_mode).co2e_kg
    bus = to_porto.by_mode("bus").co2e_kg
    shared = to_kaunas.by_mode("car_share").co2e_kg
    with django_assert_num_queries(1):
        total = selectors.travel_totals(LearningAgreement.objects.all())
    assert total.co2e_emitted_kg == pytest.approx(
        bus + porto_usual + kaunas_usual + shared, rel=1e-12
    )
    # The usual way avoids nothing; a blended programme's one trip is its usual round trip.
    assert total.co2e_avoided_kg == pytest.approx(
        (porto_usual - bus) + (kaunas_usual - shared), rel=1e-12
    )
    assert (total.mobilities, total.travellers) == (4, 4)
    assert total.mobilities_by_format == {"physical": 3, "blended": 1, "virtual": 0}


def test_the_totals_of_nothing_are_zero():
    total = selectors.travel_totals(LearningAgreement.objects.none())
    assert (total.mobilities, total.co2e_emitted_kg, total.co2e_avoided_kg) == (0, 0.0, 0.0)


def test_the_totals_follow_the_queryset(student, geel, porto):
    kept = make_agreement(student, geel, porto, mode="train")
    make_agreement(student, geel, porto, mode="plane")
    total = selectors.travel_totals(LearningAgreement.objects.filter(pk=kept.pk))
    assert total.travellers == 1 and set(total.emitted_by_mode) == {"train"}
