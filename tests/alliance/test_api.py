import datetime
from urllib.parse import quote

import pytest

from campus.alliance import services
from campus.alliance.models import GovernanceBodyKind, Institution, MembershipRole, OrganisationType
from campus.people.models import Role
from tests.factories import OrganisationFactory, PersonFactory, RegionFactory

pytestmark = pytest.mark.django_db

INSTITUTION_FIELDS = {
    "code",
    "other_codes",
    "name",
    "short_name",
    "local_name",
    "country",
    "city",
    "region",
    "lat",
    "lon",
    "schac",
    "website",
    "languages",
}


def test_institutions_list_is_public_with_all_fields(client, loaded):
    response = client.get("/api/v1/institutions")

    assert response.status_code == 200
    items = response.json()
    assert len(items) == 9
    assert set(items[0]) == INSTITUTION_FIELDS
    ucn = next(item for item in items if item["short_name"] == "UCN")
    assert ucn == {
        "code": "DK ALBORG02",
        "other_codes": [],
        "name": "University College of Northern Denmark",
        "short_name": "UCN",
        "local_name": "Professionshøjskolen University College Nordjylland",
        "country": "DK",
        "city": "Aalborg",
        "region": "DK050",
        "lat": 57.048,
        "lon": 9.9187,
        "schac": "ucn.dk",
        "website": "https://www.ucn.dk",
        "languages": ["da", "en"],
    }


@pytest.mark.parametrize("code", ["B  GEEL07", "B GEEL07", "b  geel07"])
def test_institution_by_url_encoded_code(client, loaded, code):
    response = client.get(f"/api/v1/institutions/{quote(code)}")

    assert response.status_code == 200
    assert response.json()["code"] == "B  GEEL07"
    assert response.json()["region"] == "BE213"


def test_unknown_institution_is_a_404_with_detail(client, loaded):
    response = client.get(f"/api/v1/institutions/{quote('XX NOWHERE01')}")

    assert response.status_code == 404
    assert response.json() == {
        "detail": "No partner institution has the Erasmus code “XX NOWHERE01”."
    }


def test_organisations_filter_and_count(client, loaded):
    geel = Institution.objects.get(slug="thomas-more")
    OrganisationFactory(
        name="Geel Solar",
        region=geel.region,
        partner_institution=geel,
        website="https://solar.example",
    )
    OrganisationFactory(
        name="City of Geel", region=geel.region, type=OrganisationType.PUBLIC_AUTHORITY
    )
    OrganisationFactory(
        name="Aalborg Wind",
        region=Institution.objects.get(slug="ucn").region,
        description="wind for Geel too",
    )

    everything = client.get("/api/v1/organisations").json()
    by_text = client.get("/api/v1/organisations", {"q": "geel"}).json()
    by_type = client.get("/api/v1/organisations", {"type": "sme", "country": "BE"}).json()
    by_region = client.get("/api/v1/organisations", {"region": "DK050"}).json()

    assert everything["count"] == 3
    assert by_text["count"] == 3
    assert [o["name"] for o in by_type["items"]] == ["Geel Solar"]
    assert by_type["items"][0] == {
        "slug": by_type["items"][0]["slug"],
        "name": "Geel Solar",
        "type": "sme",
        "region": "BE213",
        "country": "BE",
        "website": "https://solar.example",
        "partner_institution": "B  GEEL07",
    }
    assert [o["name"] for o in by_region["items"]] == ["Aalborg Wind"]
    assert by_region["items"][0]["partner_institution"] is None


def test_organisations_limit_and_offset(client, db):
    region = RegionFactory()
    for n in range(7):
        OrganisationFactory(name=f"Org {n}", region=region)

    page = client.get("/api/v1/organisations", {"limit": 3, "offset": 3}).json()

    assert page["count"] == 7
    assert [o["name"] for o in page["items"]] == ["Org 3", "Org 4", "Org 5"]


@pytest.mark.parametrize(
    "params", [{"limit": 101}, {"limit": 0}, {"offset": -1}, {"type": "bakery"}]
)
def test_organisations_rejects_bad_query_with_detail(client, db, params):
    response = client.get("/api/v1/organisations", params)

    assert response.status_code == 422
    assert response.json()["detail"]


def test_governance_bodies_are_public_with_current_members(client, db):
    admin = PersonFactory(roles=[Role.ADMIN])
    board = services.governance_body_create(
        by=admin, name="Alliance Board", kind=GovernanceBodyKind.BOARD
    )
    services.governance_body_create(
        by=admin, name="Student Forum", kind=GovernanceBodyKind.STUDENT_FORUM
    )
    chair = PersonFactory(display_name="Aino Virtanen")
    services.membership_add(
        body=board,
        person=chair,
        role=MembershipRole.CHAIR,
        start=datetime.date(2025, 1, 1),
        by=admin,
    )

    response = client.get("/api/v1/governance-bodies")

    assert response.status_code == 200
    bodies = response.json()
    assert [b["name"] for b in bodies] == ["Alliance Board", "Student Forum"]
    assert bodies[0]["kind"] == "board"
    assert bodies[0]["members"] == [
        {"name": "Aino Virtanen", "role": "chair", "institution": None, "since": "2025-01-01"}
    ]
    assert bodies[1]["members"] == []


def test_openapi_declares_the_error_responses(client, db):
    schema = client.get("/api/v1/openapi.json").json()

    detail = schema["paths"]["/api/v1/institutions/{code}"]["get"]["responses"]
    assert "404" in detail
    organisations = schema["paths"]["/api/v1/organisations"]["get"]
    assert "422" in organisations["responses"]
    assert organisations.get("security") in (None, [])


def test_institutions_filter_by_country(client, loaded):
    response = client.get("/api/v1/institutions", {"country": "fi"})

    assert [item["short_name"] for item in response.json()] == ["SEAMK"]
    assert client.get("/api/v1/institutions", {"country": "Finland"}).status_code == 422


def test_governance_bodies_on_a_past_day(client, db):
    admin = PersonFactory(roles=[Role.ADMIN])
    board = services.governance_body_create(by=admin, name="Board", kind=GovernanceBodyKind.BOARD)
    services.membership_add(
        body=board,
        person=PersonFactory(display_name="Jan Peeters"),
        role=MembershipRole.CHAIR,
        start=datetime.date(2024, 1, 1),
        end=datetime.date(2024, 12, 31),
        by=admin,
    )

    then = client.get("/api/v1/governance-bodies", {"on": "2024-06-01"}).json()
    now = client.get("/api/v1/governance-bodies").json()

    assert [m["name"] for m in then[0]["members"]] == ["Jan Peeters"]
    assert now[0]["members"] == []
    assert client.get("/api/v1/governance-bodies", {"on": "yesterday"}).status_code == 422


def test_every_alliance_operation_declares_an_error_response(client, db):
    schema = client.get("/api/v1/openapi.json").json()

    for path in (
        "/api/v1/institutions",
        "/api/v1/institutions/{code}",
        "/api/v1/organisations",
        "/api/v1/governance-bodies",
    ):
        assert set(schema["paths"][path]["get"]["responses"]) - {"200"}, path
