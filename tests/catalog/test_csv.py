"""Catalogue CSV export and import (preview, all or nothing, round trip) and the reading of
results files."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from campus.catalog import csv_io, services
from campus.catalog.models import Course, LearningOutcome
from campus.people.models import Role
from tests.factories import (
    CourseFactory,
    InstitutionFactory,
    PersonFactory,
    RunFactory,
    SkillFactory,
)

pytestmark = pytest.mark.django_db

HEADER = (
    "code,type,title,description,local_language,title_local,description_local,hosts,ects,"
    "eqf_level,isced_field,languages,mode,workload_hours,assessment,audience,themes,"
    "fee_external,prerequisites,outcomes,published"
)


@pytest.fixture
def geel():
    return InstitutionFactory(code="B  GEEL07", languages=["nl", "en"])


@pytest.fixture
def porto():
    return InstitutionFactory(code="P  PORTO05", languages=["pt", "en"])


@pytest.fixture
def coordinator(geel):
    return PersonFactory(institution=geel, roles=[Role.COORDINATOR])


@pytest.fixture
def admin():
    return PersonFactory(roles=[Role.ADMIN])


def _row(code="GEEL-100", hosts="B GEEL07", **cells):
    values = {
        "code": code,
        "type": "course",
        "title": f"Title {code}",
        "description": "What it is about.",
        "local_language": "",
        "title_local": "",
        "description_local": "",
        "hosts": hosts,
        "ects": "5",
        "eqf_level": "6",
        "isced_field": "0712",
        "languages": "en",
        "mode": "online",
        "workload_hours": "140",
        "assessment": "project",
        "audience": "students|professionals",
        "themes": "green",
        "fee_external": "0",
        "prerequisites": "",
        "outcomes": "Explain energy balances",
        "published": "true",
    } | cells
    return ",".join(f'"{v}"' if "," in v or '"' in v else v for v in values.values())


def _csv(*rows, header=HEADER):
    return "\r\n".join([header, *rows]) + "\r\n"


def _upload(client, text, url=None, name="catalogue.csv"):
    return client.post(
        url or reverse("catalog:catalogue_import"),
        {"file": SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")},
    )


def _confirm(client, preview, url=None):
    return client.post(
        url or reverse("catalog:catalogue_import"),
        {"content": preview.context["content"], "confirm": "1"},
    )


def _errors(response):
    return {row.row: " ".join(row.errors) for row in response.context["rows"] if row.errors}


def test_preview_shows_what_is_added_and_updated_and_saves_nothing(client, coordinator, geel):
    CourseFactory(code="GEEL-100", hosts=[geel])
    client.force_login(coordinator)
    response = _upload(client, _csv(_row("GEEL-100"), _row("GEEL-200")))
    assert response.status_code == 200
    actions = {row.code: row.action for row in response.context["rows"]}
    assert actions == {"GEEL-100": "update", "GEEL-200": "create"}
    assert "Save all (2 courses)" in response.content.decode()
    assert not Course.objects.filter(code="GEEL-200").exists()
    assert Course.objects.get(code="GEEL-100").title != "Title GEEL-100"


def test_confirm_saves_every_row_through_the_services(client, coordinator, geel):
    skill = SkillFactory()
    client.force_login(coordinator)
    text = _csv(
        _row("GEEL-200", prerequisites="GEEL-100", outcomes=f"Audit a building | {skill.uri}"),
        _row("GEEL-100", ects="7.5"),  # defined below the course that needs it
    )
    preview = _upload(client, text)
    assert preview.status_code == 200, _errors(preview)
    response = _confirm(client, preview)
    assert response.status_code == 302
    advanced = Course.objects.get(code="GEEL-200")
    assert [p.code for p in advanced.prerequisites.all()] == ["GEEL-100"]
    outcome = advanced.outcomes.get()
    assert outcome.text == "Audit a building" and list(outcome.skills.all()) == [skill]
    assert str(Course.objects.get(code="GEEL-100").ects) == "7.5"
    assert list(advanced.hosts.all()) == [geel]


def test_preview_names_every_problem_of_every_row_and_saves_nothing(client, coordinator, porto):
    client.force_login(coordinator)
    text = _csv(
        _row("GEEL-1"),
        _row("GEEL-2", hosts="X  NOWHERE01"),
        _row("GEEL-3", hosts="P PORTO05"),
        _row("GEEL-4", ects="abc"),
        _row("GEEL-5", ects="-3"),
        _row("GEEL-6", prerequisites="NOPE-999"),
        _row("GEEL-7", outcomes="Do things | http://data.europa.eu/esco/skill/unknown"),
        _row("GEEL-8", type="lecture"),
    )
    response = _upload(client, text)
    assert response.status_code == 400
    errors = _errors(response)
    assert 2 not in errors  # the first course is fine
    assert "Unknown host institution" in errors[3] and "X  NOWHERE01" in errors[3]
    assert "own institution" in errors[4]
    assert "ECTS" in errors[5] and "not a number" in errors[5]
    assert "at least 0" in errors[6]
    assert "Unknown prerequisite course code: NOPE-999" in errors[7]
    assert "Unknown skill" in errors[8]
    assert "lecture" in errors[9]  # found by the service, in the dry run
    assert "Save all" not in response.content.decode()
    assert not Course.objects.exists()


def test_missing_columns_are_named(client, coordinator):
    client.force_login(coordinator)
    header = HEADER.replace("ects,", "").replace("hosts,", "")
    response = _upload(client, _csv("x", header=header))
    assert response.status_code == 400
    assert "Missing columns: hosts, ects" in response.content.decode()


def test_semicolons_separate_columns_too(client, coordinator):
    client.force_login(coordinator)
    row = _row("GEEL-9").replace(",", ";")
    response = _upload(client, _csv(row, header=HEADER.replace(",", ";")))
    assert response.status_code == 200, response.context["errors"]
    assert [r.action for r in response.context["rows"]] == ["create"]


def test_another_institutions_course_cannot_be_updated_by_import(client, coordinator, porto):
    CourseFactory(code="PORTO-1", hosts=[porto], title="Theirs")
    client.force_login(coordinator)
    response = _upload(client, _csv(_row("PORTO-1", hosts="B GEEL07|P PORTO05")))
    assert response.status_code == 400
    assert "belongs to another institution" in _errors(response)[2]
    assert Course.objects.get(code="PORTO-1").title == "Theirs"


def test_confirming_a_tampered_file_still_checks_everything(client, coordinator):
    client.force_login(coordinator)
    from campus.catalog.forms.teaching import UploadForm

    bad = UploadForm.encode(_csv(_row("GEEL-1"), _row("GEEL-2", ects="abc")))
    response = client.post(reverse("catalog:catalogue_import"), {"content": bad, "confirm": "1"})
    assert response.status_code == 400
    assert not Course.objects.exists()


def test_people_who_coordinate_nothing_may_not_import_or_export(client, geel):
    lecturer = PersonFactory(institution=geel, roles=[Role.LECTURER])
    client.force_login(lecturer)
    assert _upload(client, _csv(_row())).status_code == 403
    assert client.get(reverse("catalog:catalogue_export")).status_code == 403
    assert not Course.objects.exists()


def test_the_export_holds_the_coordinators_courses_or_one_institutions(
    client, coordinator, admin, geel, porto
):
    CourseFactory(code="GEEL-1", hosts=[geel])
    CourseFactory(code="JOINT-1", hosts=[geel, porto])
    CourseFactory(code="PORTO-1", hosts=[porto])
    client.force_login(coordinator)
    text = client.get(reverse("catalog:catalogue_export")).content.decode()
    assert [line.split(",")[0] for line in text.splitlines()[1:]] == ["GEEL-1", "JOINT-1"]
    assert "B  GEEL07|P  PORTO05" in text
    client.force_login(admin)
    response = client.get(reverse("catalog:catalogue_export"), {"institution": "P PORTO05"})
    assert response["Content-Type"].startswith("text/csv")
    codes = [line.split(",")[0] for line in response.content.decode().splitlines()[1:]]
    assert codes == ["JOINT-1", "PORTO-1"]


def test_export_wipe_import_export_gives_the_same_file(client, admin, coordinator, geel, porto):
    skills = [SkillFactory(), SkillFactory()]
    basics = services.course_create(
        by=coordinator,
        hosts=[geel],
        code="GEEL-ENE-101",
        type="course",
        title="Energy basics, the practice",
        description='A first "course";\nwith two lines.',
        local_language="nl",
        title_local="Energie, de basis",
        description_local="Een eerste cursus.",
        ects="5",
        eqf_level=6,
        isced_field="0713",
        languages=["nl", "en"],
        mode="blended",
        workload_hours=140,
        assessment="exam",
        audience=["students"],
        themes=["green", "nature"],
        fee_external="120.50",
        outcomes=[
            ("Explain the energy balance of a building", [skills[0].uri, skills[1].uri]),
            ("Measure, report", []),
        ],
        published=False,
    )
    services.course_create(
        by=admin,
        hosts=[geel, porto],
        prerequisites=[basics],
        code="JOINT-ENE-201",
        type="challenge",
        title="Energy communities",
        description="With a regional partner.",
        ects="7.5",
        eqf_level=7,
        isced_field="07",
        languages=["en"],
        mode="online",
        workload_hours=200,
        assessment="project",
        audience=["students", "professionals", "staff"],
        themes=[],
        outcomes=[("Design a local energy community", [skills[1].uri])],
    )
    client.force_login(admin)
    first = client.get(reverse("catalog:catalogue_export")).content.decode()

    Course.objects.all().delete()
    assert not LearningOutcome.objects.exists()

    preview = _upload(client, first)
    assert preview.status_code == 200, _errors(preview)
    assert [r.action for r in preview.context["rows"]] == ["create", "create"]
    assert _confirm(client, preview).status_code == 302

    second = client.get(reverse("catalog:catalogue_export")).content.decode()
    assert second == first
    assert Course.objects.get(code="JOINT-ENE-201").prerequisites.get().code == "GEEL-ENE-101"


def test_results_are_read_with_per_row_problems(geel):
    run = RunFactory(course=CourseFactory(hosts=[geel], ects=5))
    enrolled = PersonFactory(email="ana@campus.test", roles=[Role.STUDENT], institution=geel)
    services.enrol(run=run, person=enrolled, by=enrolled)
    outsider = PersonFactory(email="bo@campus.test")
    text = "\n".join(
        [
            "email;ects_grade;local_grade;ects_earned;result_date",
            "ana@campus.test;b;15/20;5;2027-06-30",
            "nobody@campus.test;A;;;",
            f"{outsider.email};A;;;",
            "ana@campus.test;G;;;",
            "ana@campus.test;A;;abc;",
            "ana@campus.test;A;;-1;",
            "ana@campus.test;A;;6;",
            "ana@campus.test;A;;;30 June",
        ]
    )
    parsed = csv_io.results_parse(text, run=run)
    assert parsed.errors == []
    errors = {row.row: " ".join(row.errors) for row in parsed.rows}
    assert errors[2] == "" and parsed.rows[0].ects_grade == "B"
    assert "Unknown e-mail" in errors[3]
    assert "not a participant" in errors[4]
    assert "Grade out of scale" in errors[5]
    assert "not a number" in errors[6]
    assert "at least 0" in errors[7]
    assert "at most 5" in errors[8]
    assert "not a date" in errors[9]


def test_a_results_file_without_its_header_is_refused(geel):
    run = RunFactory(course=CourseFactory(hosts=[geel]))
    parsed = csv_io.results_parse("ana@campus.test,A\n", run=run)
    assert parsed.errors and "Missing columns: email, ects_grade" in parsed.errors[0]
