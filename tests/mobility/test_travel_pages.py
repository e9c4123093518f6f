"""Green travel on the pages a student plans with: the opportunity page from their home
institution, and each mobility of their overview."""

import pytest

from campus.alliance.models import Institution

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def porto_where_it_is(porto):
    Institution.objects.filter(pk=porto.pk).update(city="Porto", lat=41.15, lon=-8.61)


def test_the_opportunity_page_shows_the_journey_from_the_students_home(
    client, opportunity, student
):
    client.force_login(student)
    page = client.get(opportunity.get_absolute_url()).content.decode()
    assert "Travel from Geel to Porto" in page
    assert "500–1999 km" in page  # Geel-Porto, about 1,500 km one way
    for mode in ("Plane", "Train", "Bus or coach", "Shared car", "Car, alone"):
        assert mode in page
    assert "Virtual mobility" in page
    assert 'role="region" tabindex="0"' in page  # the table scrolls in a focusable region


def test_a_visitor_without_a_home_institution_sees_no_journey(client, opportunity):
    assert "Travel from" not in client.get(opportunity.get_absolute_url()).content.decode()


def test_each_mobility_of_the_overview_has_its_travel_options(client, agreement, student):
    client.force_login(student)
    page = client.get("/mobility/mine/").content.decode()
    assert "Travel options" in page and "Travel from Geel to Porto" in page
    # A semester is long-term: travelling green may add a top-up.
    assert "top-up" in page


def test_the_journey_is_said_in_the_readers_language(client, opportunity, student):
    student.language = "de"
    student.save(update_fields=["language"])
    client.force_login(student)
    page = client.get(opportunity.get_absolute_url(), headers={"accept-language": "de"})
    assert "Zug" in page.content.decode()
