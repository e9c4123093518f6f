"""An automation-exposure data set: uploaded with a preview, kept with its source; the gap then
marks demanded skills at or above the threshold and proposes less exposed transversal, green
and digital skills; ISCO-08 rows are kept and said not to apply; without a data set the gap
says so."""

import base64
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from campus.impact.models import Exposure, ExposureUpload
from campus.impact.selectors import DemandFilter, skills_gap
from campus.people.models import Role
from campus.skills.models import SkillKind
from tests.factories import PersonFactory, SkillFactory

URL = reverse("impact:exposure")


def _upload(client, text, source="Frey & Osborne 2017, mapped to ESCO"):
    file = SimpleUploadedFile("exposure.csv", text.encode(), content_type="text/csv")
    return client.post(URL, {"file": file, "source": source})


def _confirm(client, preview, source="Frey & Osborne 2017, mapped to ESCO"):
    return client.post(
        URL, {"content": preview.context["content"], "source": source, "confirm": "1"}
    )


def test_bad_rows_are_shown_and_nothing_is_saved(client, alliance):
    weld = alliance["skills"][1]
    client.force_login(alliance["coordinator"])

    response = _upload(
        client,
        "code,exposure,source,year\n"
        f"{weld.uri},0.81,study,2017\n"
        "http://data.europa.eu/esco/skill/unknown,0.2,,\n"
        "welder,0.5,,\n"
        f"{weld.uri},0.3,,\n"
        "7212,1.5,,\n"
        "7213,0.4,,19xx\n",
    )

    assert response.status_code == 400
    rows = {row.row: " ".join(row.errors) for row in response.context["rows"]}
    assert rows[2] == ""
    assert "Unknown ESCO skill URI" in rows[3]
    assert "neither an ESCO skill URI nor an ISCO-08 code" in rows[4]
    assert "on row 2 already" in rows[5]
    assert "at most 1" in rows[6]
    assert "not a year" in rows[7]
    assert not ExposureUpload.objects.exists()


def test_the_gap_marks_exposed_skills_and_proposes_complements(client, alliance):
    s1, weld, climate = alliance["skills"][:3]
    climate.collections = ["green"]
    climate.save()
    teamwork = SkillFactory(label="work in teams", kind=SkillKind.TRANSVERSAL)
    client.force_login(alliance["coordinator"])
    text = (
        "code,exposure,source,year\n"
        f"{weld.uri},0.81,Study A,2017\n"
        f"{s1.uri},0.69,,\n"
        f"{climate.uri},0.2,,\n"
        f"{teamwork.uri},0.1,,\n"
        "7212,0.9,,2019\n"
    )
    preview = _upload(client, text)
    assert preview.status_code == 200
    assert not ExposureUpload.objects.exists()

    assert _confirm(client, preview).status_code == 302

    upload = ExposureUpload.objects.get()
    assert upload.source == "Frey & Osborne 2017, mapped to ESCO"
    assert Exposure.objects.get(isco_code="7212").year == 2019
    report = skills_gap(DemandFilter(region=alliance["kempen"]))
    marks = {row.skill.label: (row.exposure, row.exposed) for row in report.rows}
    assert marks["weld metal"] == (Decimal("0.810"), True)
    assert marks["analyse data"] == (Decimal("0.690"), False)  # below the 0.7 threshold
    assert marks["restore peatland"] == (None, False)
    # Demanded here first (climate adaptation, green), then the least exposed.
    assert [(c.skill.label, c.score) for c in report.complements] == [
        ("adapt to climate change", Decimal("0.200")),
        ("work in teams", Decimal("0.100")),
    ]
    assert report.exposure.isco_rows == 1
    page = client.get(reverse("impact:gap"), {"region": "BE21"}).content.decode()
    assert "Highly exposed to automation" in page
    assert "could not be applied" in page


def test_the_threshold_is_a_setting(client, alliance, settings):
    settings.CAMPUS_GAP_EXPOSURE_THRESHOLD = 0.6
    s1 = alliance["skills"][0]
    client.force_login(alliance["coordinator"])
    _confirm(client, _upload(client, f"code,exposure\n{s1.uri},0.69\n"))

    report = skills_gap(DemandFilter(region=alliance["kempen"]))

    assert {r.skill.label: r.exposed for r in report.rows}["analyse data"] is True


def test_students_may_not_upload_exposure_data(client, alliance):
    client.force_login(PersonFactory(roles=[Role.STUDENT], institution=alliance["geel"]))

    response = _upload(client, "code,exposure\n7212,0.5\n")

    assert response.status_code == 403
    assert not ExposureUpload.objects.exists()


def test_an_upload_without_a_source_is_refused(client, alliance):
    client.force_login(alliance["coordinator"])
    text = base64.b64encode(b"code,exposure\n7212,0.5\n").decode()

    response = client.post(URL, {"content": text, "source": "", "confirm": "1"})

    assert response.status_code == 400
    assert not ExposureUpload.objects.exists()


def test_the_preview_asks_as_many_queries_for_many_rows_as_for_few(client, alliance):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(alliance["coordinator"])

    def queries(rows):
        text = "code,exposure,source,year\n" + "".join(rows)
        with CaptureQueriesContext(connection) as captured:
            assert _upload(client, text).status_code == 200
        return len(captured.captured_queries)

    few = queries([f"{alliance['skills'][0].uri},0.5,,\n"])
    many = queries([f"{s.uri},0.{i},,2020\n" for i, s in enumerate(alliance["skills"], 1)])
    assert many == few
