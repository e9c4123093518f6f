import datetime

import pytest
from django.urls import reverse

from campus.alliance import services
from campus.alliance.models import GovernanceBodyKind, Institution, MembershipRole, OrganisationType
from campus.people.models import Role
from tests.factories import InstitutionFactory, OrganisationFactory, PersonFactory, RegionFactory

pytestmark = pytest.mark.django_db


def test_institutions_page_lists_the_nine_partners(client, loaded):
    response = client.get(reverse("alliance:institutions"))

    assert response.status_code == 200
    page = response.content.decode()
    assert "<h1>Partner institutions</h1>" in page
    assert page.count('class="card"') == 9
    assert "Thomas More University of Applied Sciences" in page
    assert "Professionshøjskolen University College Nordjylland" in page
    assert "Aalborg" in page
    assert "Danish" in page


def test_institution_page_shows_its_facts_and_stakeholders(client, loaded):
    thomas_more = Institution.objects.get(slug="thomas-more")
    nearby = OrganisationFactory(name="Kempen Makers", region=thomas_more.region)
    partner = OrganisationFactory(name="Antwerp Port", partner_institution=thomas_more)
    OrganisationFactory(name="Far Away Ltd")

    response = client.get(reverse("alliance:institution", args=["thomas-more"]))

    assert response.status_code == 200
    page = response.content.decode()
    for fact in (
        "B  GEEL07",
        "thomasmore.be",
        "https://www.thomasmore.be",
        "BE213",
        "Arr. Turnhout",
        "51.1656",
    ):
        assert fact in page
    assert nearby.get_absolute_url() in page
    assert partner.get_absolute_url() in page
    assert "Far Away Ltd" not in page
    assert 'aria-labelledby="stakeholders-heading"' in page
    assert "/admin/" not in page


def test_unknown_institution_is_404(client, db):
    assert client.get(reverse("alliance:institution", args=["nowhere"])).status_code == 404


def test_coordinator_sees_edit_link_on_own_institution_only(client, coordinator, institution):
    other = InstitutionFactory()
    client.force_login(coordinator)

    own_page = client.get(institution.get_absolute_url()).content.decode()
    other_page = client.get(other.get_absolute_url()).content.decode()

    edit_url = reverse("admin:alliance_institution_change", args=[institution.pk])
    assert f'href="{edit_url}"' in own_page
    assert "/admin/" not in other_page


def test_organisations_page_filters_by_text_type_and_region(client, db):
    geel, aalborg = (
        RegionFactory(code="BE213", country="BE"),
        RegionFactory(code="DK050", country="DK"),
    )
    OrganisationFactory(name="Geel Solar", region=geel, type=OrganisationType.SME)
    OrganisationFactory(name="City of Geel", region=geel, type=OrganisationType.PUBLIC_AUTHORITY)
    OrganisationFactory(name="Aalborg Wind", region=aalborg, description="solar and wind")

    url = reverse("alliance:organisations")
    by_text = client.get(url, {"q": "solar"}).content.decode()
    by_type = client.get(url, {"type": "public"}).content.decode()
    by_country = client.get(url, {"country": "DK"}).content.decode()
    by_region = client.get(url, {"region": "BE213", "type": "sme"}).content.decode()

    assert "Geel Solar" in by_text and "Aalborg Wind" in by_text and "City of Geel" not in by_text
    assert "2 organisations found." in by_text
    assert "City of Geel" in by_type and "Geel Solar" not in by_type
    assert "Aalborg Wind" in by_country and "Geel Solar" not in by_country
    assert "Geel Solar" in by_region and "City of Geel" not in by_region
    assert "1 organisation found." in by_region


def test_organisations_filter_form_labels_every_input(client, db):
    page = client.get(reverse("alliance:organisations")).content.decode()

    for name in ("q", "type", "country", "region"):
        assert f'<label for="id_{name}">' in page
        assert f'id="id_{name}"' in page


def test_organisations_page_ignores_an_unknown_type_with_a_message(client, db):
    OrganisationFactory(name="Geel Solar")

    response = client.get(reverse("alliance:organisations"), {"type": "bakery"})

    assert response.status_code == 200
    page = response.content.decode()
    assert "Geel Solar" in page
    assert "errorlist" in page


def test_organisations_page_paginates_and_keeps_the_query(client, db):
    region = RegionFactory()
    for n in range(25):
        OrganisationFactory(name=f"Solar {n:02d}", region=region)
    OrganisationFactory(name="Wind Co", region=region)

    url = reverse("alliance:organisations")
    first = client.get(url, {"q": "solar"}).content.decode()
    second = client.get(url, {"q": "solar", "page": 2}).content.decode()

    assert "25 organisations found." in first
    assert first.count('class="card"') == 20
    assert 'href="?q=solar&amp;page=2"' in first
    assert "Page 1 of 2" in first
    assert second.count('class="card"') == 5
    assert "Solar 24" in second and "Wind Co" not in second
    assert 'href="?q=solar&amp;page=1"' in second


def test_organisations_htmx_request_gets_only_the_results(client, db):
    OrganisationFactory(name="Geel Solar")

    response = client.get(
        reverse("alliance:organisations"), {"q": "geel"}, headers={"HX-Request": "true"}
    )

    page = response.content.decode()
    assert "Geel Solar" in page
    assert "<html" not in page


def test_organisation_page_shows_its_facts(client, db):
    partner = InstitutionFactory(short_name="Fontys")
    organisation = OrganisationFactory(
        name="Brainport Development",
        type=OrganisationType.PUBLIC_AUTHORITY,
        region=RegionFactory(code="NL414", name="Zuidoost-Noord-Brabant", country="NL"),
        website="https://brainportdevelopment.nl",
        description="Regional development agency.",
        partner_institution=partner,
    )

    response = client.get(organisation.get_absolute_url())

    assert response.status_code == 200
    page = response.content.decode()
    for fact in (
        "<h1>Brainport Development</h1>",
        "Public authority",
        "NL414",
        "Zuidoost-Noord-Brabant",
        "https://brainportdevelopment.nl",
        "Regional development agency.",
        "Fontys",
        partner.get_absolute_url(),
    ):
        assert fact in page


def test_unknown_organisation_is_404(client, db):
    assert client.get(reverse("alliance:organisation", args=["nowhere"])).status_code == 404


def test_governance_page_shows_current_members_only(client, db):
    admin = PersonFactory(roles=[Role.ADMIN])
    board = services.governance_body_create(
        by=admin, name="Alliance Board", kind=GovernanceBodyKind.BOARD, description="The rectors."
    )
    home = InstitutionFactory(short_name="SEAMK")
    chair = PersonFactory(display_name="Aino Virtanen", institution=home)
    former = PersonFactory(display_name="Jan Peeters")
    services.membership_add(
        body=board,
        person=chair,
        role=MembershipRole.CHAIR,
        start=datetime.date(2025, 1, 1),
        by=admin,
    )
    services.membership_add(
        body=board,
        person=former,
        role=MembershipRole.MEMBER,
        start=datetime.date(2024, 1, 1),
        end=datetime.date(2024, 12, 31),
        by=admin,
    )

    response = client.get(reverse("alliance:governance"))

    assert response.status_code == 200
    page = response.content.decode()
    assert "Alliance Board" in page and "The rectors." in page and "Alliance board" in page
    assert "Aino Virtanen" in page and "Chair" in page and "SEAMK" in page
    assert 'datetime="2025-01-01"' in page
    assert "Jan Peeters" not in page
    assert f'aria-labelledby="body-{board.slug}"' in page
