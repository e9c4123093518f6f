"""A regional needs survey uploaded as CSV: a preview with each row's problems, nothing saved
until confirmed, and then every row or none; only coordinators of the region's institutions
(granted) and alliance administrators upload."""

import base64
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from campus.impact.models import SurveyNeed, SurveyUpload
from campus.people.models import AffiliationState, Role
from tests.factories import AffiliationFactory, PersonFactory

URL = reverse("impact:surveys")


def _csv(*lines: str) -> SimpleUploadedFile:
    text = "\n".join(["region,skill,weight,source", *lines]) + "\n"
    return SimpleUploadedFile("needs.csv", text.encode(), content_type="text/csv")


def _preview(client, *lines, source="Kempen survey"):
    return client.post(URL, {"file": _csv(*lines), "source": source})


def test_preview_shows_each_rows_problems_and_saves_nothing(client, alliance):
    s1 = alliance["skills"][0]
    client.force_login(alliance["coordinator"])
    before = SurveyNeed.objects.count()

    response = _preview(
        client,
        f"BE21,{s1.uri},4,",
        "ZZ99,weld metal,2,",
        "BE21,http://data.europa.eu/esco/skill/nothing,2,",
        "BE21,weld metal,eleven,",
        "BE21,weld metal,10.5,",
        "PT11,weld metal,3,",
        f"be21,{s1.label},2,",
    )

    assert response.status_code == 400
    rows = {row.row: row.errors for row in response.context["rows"]}
    assert rows[2] == []
    assert "Unknown region code “ZZ99”" in rows[3][0]
    assert "Unknown skill" in rows[4][0]
    assert "is not a number" in rows[5][0]
    assert "at most 10" in rows[6][0]
    assert "regions of the institutions you coordinate" in rows[7][0]
    assert "on row 2 already" in rows[8][0]
    assert "Nothing was saved" in response.content.decode()
    assert SurveyNeed.objects.count() == before


def test_a_clean_file_is_previewed_then_saved_whole_on_confirming(client, alliance):
    s1, s2 = alliance["skills"][:2]
    client.force_login(alliance["coordinator"])
    before = SurveyNeed.objects.count()

    preview = _preview(client, f"BE21,{s1.uri},4.5,Chamber of commerce", "be21,Weld Metal,2,")

    assert preview.status_code == 200
    assert SurveyNeed.objects.count() == before
    content = preview.context["content"]
    assert base64.b64decode(content).decode().startswith("region,skill")

    saved = client.post(
        URL,
        {"content": content, "source": "Kempen survey", "file_name": "needs.csv", "confirm": "1"},
    )

    assert saved.status_code == 302
    upload = SurveyUpload.objects.get(source="Kempen survey")
    assert (upload.uploaded_by, upload.file_name) == (alliance["coordinator"], "needs.csv")
    needs = {(n.skill, n.weight, n.source) for n in upload.needs.all()}
    assert needs == {
        (s1, Decimal("4.5"), "Chamber of commerce"),
        (s2, Decimal("2"), "Kempen survey"),
    }


def test_confirming_a_file_with_a_bad_row_saves_none_of_it(client, alliance):
    s1 = alliance["skills"][0]
    client.force_login(alliance["coordinator"])
    before = SurveyNeed.objects.count()
    text = f"region,skill,weight\nBE21,{s1.uri},4\nBE21,weld metal,-1\n"
    content = base64.b64encode(text.encode()).decode()

    response = client.post(URL, {"content": content, "source": "Survey", "confirm": "1"})

    assert response.status_code == 400
    assert SurveyNeed.objects.count() == before
    assert not SurveyUpload.objects.filter(source="Survey").exists()


def test_a_file_without_the_needed_columns_is_refused(client, alliance):
    client.force_login(alliance["coordinator"])
    bad = SimpleUploadedFile("x.csv", b"region,what\nBE21,x\n")

    response = client.post(URL, {"file": bad, "source": "S"})

    assert response.status_code == 400
    assert "Missing columns: skill, weight" in response.content.decode()


def test_one_need_entered_by_hand(client, alliance):
    client.force_login(alliance["coordinator"])

    response = client.post(
        reverse("impact:survey_need_add"),
        {
            "region": alliance["kempen"].pk,
            "skill": "restore peatland",
            "weight": "7",
            "source": "Phone call",
        },
    )

    assert response.status_code == 302
    need = SurveyNeed.objects.get(source="Phone call")
    assert (need.region, need.skill.label, need.weight) == (
        alliance["kempen"],
        "restore peatland",
        Decimal(7),
    )


def test_an_unknown_skill_entered_by_hand_is_a_form_error(client, alliance):
    client.force_login(alliance["coordinator"])

    response = client.post(
        reverse("impact:survey_need_add"),
        {"region": alliance["kempen"].pk, "skill": "juggling", "weight": "2", "source": "S"},
    )

    assert response.status_code == 400
    assert "Unknown skill “juggling”" in response.content.decode()


@pytest.mark.parametrize("who", ["student", "requested_coordinator", "anonymous"])
def test_only_granted_coordinators_upload(client, alliance, who):
    if who == "student":
        client.force_login(PersonFactory(institution=alliance["geel"], roles=[Role.STUDENT]))
    elif who == "requested_coordinator":
        person = PersonFactory(institution=alliance["geel"])
        AffiliationFactory(
            person=person,
            role=Role.COORDINATOR,
            institution=alliance["geel"],
            state=AffiliationState.REQUESTED,
        )
        client.force_login(person)
    s1 = alliance["skills"][0]
    before = SurveyNeed.objects.count()

    response = _preview(client, f"BE21,{s1.uri},4,")

    assert response.status_code in (302, 403)
    if who != "anonymous":
        assert response.status_code == 403
    assert SurveyNeed.objects.count() == before


def test_an_alliance_administrator_uploads_for_any_region(client, alliance):
    admin = PersonFactory(roles=[Role.ADMIN])
    client.force_login(admin)
    s2 = alliance["skills"][1]

    response = _preview(client, f"PT11,{s2.uri},3,")

    assert response.status_code == 200
    assert response.context["rows"][0].errors == []


def test_the_preview_asks_as_many_queries_for_many_rows_as_for_few(client, alliance):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    skills = alliance["skills"]
    client.force_login(alliance["coordinator"])

    def queries(lines):
        with CaptureQueriesContext(connection) as captured:
            assert _preview(client, *lines).status_code == 200
        return len(captured.captured_queries)

    few = queries([f"BE21,{skills[0].uri},1,"])
    many = queries([f"BE21,{s.uri},{i},x" for i, s in enumerate(skills)])
    assert many == few
