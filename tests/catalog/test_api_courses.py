"""The public catalogue in /api/v1: courses, one course, programmes."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from campus.catalog.models import Enrolment, EnrolmentStatus
from campus.catalog.search import course_reindex
from tests.factories import (
    CourseFactory,
    InstitutionFactory,
    PersonFactory,
    ProgrammeFactory,
    RunFactory,
    SkillFactory,
)

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2027, 3, 1)
DAY = datetime.timedelta(days=1)
URL = "/api/v1/courses"


@pytest.fixture(autouse=True)
def today(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: TODAY)


@pytest.fixture
def geel():
    return InstitutionFactory(code="B  GEEL07", slug="thomas-more", country="BE")


@pytest.fixture
def green(geel):
    skill = SkillFactory(uri="http://data.europa.eu/esco/skill/heat", label="install heat pumps")
    course = CourseFactory(
        code="GREEN",
        title="Green energy",
        type="challenge",
        hosts=[geel],
        ects=Decimal("7.5"),
        eqf_level=6,
        languages=["en", "nl"],
        mode="blended",
        themes=["green"],
        fee_external=Decimal("120"),
    )
    course.outcomes.create(text="Install a heat pump.").skills.set([skill])
    course.prerequisites.set([CourseFactory(code="BASICS", published=False)])
    course_reindex(course)
    run = RunFactory(
        course=course,
        label="Spring 2027",
        starts_on=TODAY + 20 * DAY,
        ends_on=TODAY + 100 * DAY,
        enrolment_opens=TODAY - 10 * DAY,
        enrolment_closes=TODAY + 10 * DAY,
        capacity=10,
        location="Geel",
    )
    Enrolment.objects.create(run=run, person=PersonFactory(), status=EnrolmentStatus.ENROLLED)
    return course


@pytest.fixture
def care():
    course = CourseFactory(
        code="CARE", title="Care at home", type="mooc", languages=["da"], themes=["people"]
    )
    course_reindex(course)
    return course


def test_the_list_of_courses(client, green, care):
    response = client.get(URL)

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 3 - 1  # BASICS is not published
    assert [item["code"] for item in body["items"]] == ["CARE", "GREEN"]
    assert body["items"][1] == {
        "id": green.pk,
        "code": "GREEN",
        "title": "Green energy",
        "type": "challenge",
        "ects": 7.5,
        "eqf": 6,
        "languages": ["en", "nl"],
        "mode": "blended",
        "institutions": ["B  GEEL07"],
        "next_run": "2027-03-21",
        "url": f"http://testserver/courses/{green.pk}/",
    }
    assert body["items"][0]["next_run"] is None


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"q": "energ"}, ["GREEN"]),
        ({"q": "heat pumps"}, ["GREEN"]),
        ({"type": "mooc"}, ["CARE"]),
        ({"institution": "B GEEL07"}, ["GREEN"]),
        ({"institution": "thomas-more"}, ["GREEN"]),
        ({"language": "da"}, ["CARE"]),
        ({"mode": "blended"}, ["GREEN"]),
        ({"ects_min": "6"}, ["GREEN"]),
        ({"ects_max": "6"}, ["CARE"]),
        ({"eqf": 6}, ["CARE", "GREEN"]),
        ({"theme": "green"}, ["GREEN"]),
        ({"skill": "http://data.europa.eu/esco/skill/heat"}, ["GREEN"]),
        ({"open": "true"}, ["GREEN"]),
        ({"open": "false"}, ["CARE", "GREEN"]),
        ({"limit": 1}, ["CARE"]),
        ({"limit": 1, "offset": 1}, ["GREEN"]),
    ],
)
def test_filters(client, green, care, params, expected):
    body = client.get(URL, params).json()
    assert [item["code"] for item in body["items"]] == expected


def test_the_count_is_over_all_pages(client, green, care):
    assert client.get(URL, {"limit": 1}).json()["count"] == 2


@pytest.mark.parametrize(
    ("params", "where"),
    [
        ({"ects_min": "abc"}, "ects_min"),
        ({"ects_min": "-3"}, "ects_min"),
        ({"eqf": 9}, "eqf"),
        ({"type": "lecture"}, "type"),
        ({"mode": "hybrid"}, "mode"),
        ({"limit": 0}, "limit"),
        ({"limit": 101}, "limit"),
        ({"offset": -1}, "offset"),
        ({"starts_after": "tomorrow"}, "starts_after"),
        ({"ects_min": "8", "ects_max": "2"}, "ects_min"),
    ],
)
def test_bad_filters_are_422_with_a_reason(client, db, params, where):
    response = client.get(URL, params)
    assert response.status_code == 422
    assert where in response.json()["detail"]


@pytest.mark.parametrize("extra", [{}, {"theme": "green"}, {"open": "true"}])
def test_the_count_comes_with_any_page_of_a_search(client, db, extra):
    """On PostgreSQL a searched page brings its total (COUNT(*) OVER): the same as a COUNT."""
    for n in range(25):
        course = CourseFactory(code=f"W{n:02d}", title=f"Wind power {n}", themes=["green"])
        RunFactory(
            course=course,
            enrolment_opens=TODAY - 10 * DAY,
            enrolment_closes=TODAY + 10 * DAY,
            starts_on=TODAY + 20 * DAY,
            ends_on=TODAY + 100 * DAY,
        )
        course_reindex(course)
    CourseFactory(code="OTHER", title="Care", themes=["green"])
    pages = [
        client.get(URL, {"q": "wind", "limit": 10, "offset": offset, **extra}).json()
        for offset in (0, 10, 20, 30)
    ]
    assert [page["count"] for page in pages] == [25, 25, 25, 25]
    assert [len(page["items"]) for page in pages] == [10, 10, 5, 0]
    codes = [item["code"] for page in pages for item in page["items"]]
    assert sorted(codes) == [f"W{n:02d}" for n in range(25)]


def test_the_list_costs_four_queries(client, green, django_assert_num_queries):
    for _ in range(30):
        RunFactory(course=CourseFactory(hosts=[InstitutionFactory(), InstitutionFactory()]))
    with django_assert_num_queries(4):  # count, page, hosts, runs with places
        body = client.get(URL, {"limit": 25}).json()
    assert len(body["items"]) == 25


def test_one_course(client, green):
    response = client.get(f"{URL}/{green.pk}")

    assert response.status_code == 200
    body = response.json()
    run = green.runs.get()
    assert body["runs"] == [
        {
            "id": run.pk,
            "label": "Spring 2027",
            "starts_on": "2027-03-21",
            "ends_on": "2027-06-09",
            "enrolment_opens": "2027-02-19",
            "enrolment_closes": "2027-03-11",
            "capacity": 10,
            "places_left": 9,
            "open": True,
            "location": "Geel",
            "online": False,
        }
    ]
    assert body["outcomes"] == [
        {"text": "Install a heat pump.", "skills": ["http://data.europa.eu/esco/skill/heat"]}
    ]
    assert body["prerequisites"] == ["BASICS"]
    assert body["institutions"] == ["B  GEEL07"]
    assert body["fee_external"] == 120.0
    assert body["eqf"] == 6
    assert body["ects"] == 7.5
    for key in ("description", "workload_hours", "assessment", "audience", "themes", "isced_field"):
        assert key in body


def test_an_unknown_course_is_404_with_a_reason(client, db):
    response = client.get(f"{URL}/424242")
    assert response.status_code == 404
    assert "424242" in response.json()["detail"]


def test_an_unpublished_course_is_404(client, green):
    hidden = CourseFactory(published=False)
    assert client.get(f"{URL}/{hidden.pk}").status_code == 404


def test_the_programmes(client, geel, django_assert_num_queries):
    other = InstitutionFactory(code="DK AALBORG06")
    ProgrammeFactory(code="MIN-GREEN", title="Green transition minor", institutions=[geel, other])
    ProgrammeFactory(code="MA-AI", kind="master", title="AI master", ects_total=Decimal("90"))

    with django_assert_num_queries(2):
        response = client.get("/api/v1/programmes")

    assert response.status_code == 200
    body = response.json()
    assert [p["code"] for p in body] == ["MA-AI", "MIN-GREEN"]
    green = body[1]
    assert green["kind"] == "minor"
    assert green["ects_total"] == 30.0
    assert green["eqf"] == 6
    assert sorted(green["institutions"]) == ["B  GEEL07", "DK AALBORG06"]
    assert "url" in green


def test_programmes_filter_by_kind_and_refuse_an_unknown_kind(client):
    from tests.factories import ProgrammeFactory

    ProgrammeFactory(kind="minor")
    ProgrammeFactory(kind="master")
    minors = client.get("/api/v1/programmes", {"kind": "minor"}).json()
    assert [p["kind"] for p in minors] == ["minor"]
    response = client.get("/api/v1/programmes", {"kind": "bachelor"})
    assert response.status_code == 422
    assert "kind" in response.json()["detail"]
