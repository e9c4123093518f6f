"""The catalogue: filters, sorting, the list page with HTMX, and the course page."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from campus.catalog.models import Enrolment, EnrolmentStatus
from campus.catalog.search import course_reindex
from campus.catalog.selectors import courses_filter
from campus.people.models import Role
from tests.factories import (
    CourseFactory,
    InstitutionFactory,
    PersonFactory,
    RegionFactory,
    RunFactory,
    SkillFactory,
    SkillLabelFactory,
)

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2027, 3, 1)
DAY = datetime.timedelta(days=1)


def codes(courses) -> list[str]:
    return [course.code for course in courses]


def indexed(**fields):
    course = CourseFactory(**fields)
    outcomes = fields.pop("outcomes", None)  # noqa: F841 - kept for symmetry with the API tests
    course_reindex(course)
    return course


@pytest.fixture
def geel():
    return InstitutionFactory(
        code="B  GEEL07",
        name="Thomas More University of Applied Sciences",
        slug="thomas-more",
        short_name="Thomas More",
        country="BE",
        region=RegionFactory(code="BE213", country="BE"),
    )


@pytest.fixture
def aalborg():
    return InstitutionFactory(
        code="DK AALBORG06",
        slug="ucn",
        short_name="UCN",
        country="DK",
        region=RegionFactory(code="DK050", country="DK"),
    )


@pytest.fixture
def heat_pumps():
    skill = SkillFactory(
        uri="http://data.europa.eu/esco/skill/heat-pumps", label="install heat pumps"
    )
    SkillLabelFactory(skill=skill, language="nl", text="warmtepompen installeren", preferred=True)
    return skill


@pytest.fixture
def catalogue(geel, aalborg, heat_pumps):
    """Three courses that differ in every filtered property."""
    green = CourseFactory(
        code="GREEN",
        title="Green energy",
        type="challenge",
        hosts=[geel],
        ects=Decimal("6"),
        eqf_level=6,
        isced_field="0713",
        languages=["en", "nl"],
        mode="blended",
        themes=["green"],
        local_language="nl",
        title_local="Groene energie",
    )
    green.outcomes.create(text="Install a heat pump.").skills.set([heat_pumps])
    care = CourseFactory(
        code="CARE",
        title="Care in the community",
        type="mooc",
        hosts=[aalborg],
        ects=Decimal("3"),
        eqf_level=5,
        isced_field="0923",
        languages=["da"],
        mode="online",
        themes=["people"],
    )
    ai = CourseFactory(
        code="AI",
        title="AI for SMEs",
        type="course",
        hosts=[geel, aalborg],
        ects=Decimal("10"),
        eqf_level=7,
        isced_field="0613",
        languages=["en"],
        mode="onsite",
        themes=["ai", "digital"],
    )
    hidden = CourseFactory(code="HIDDEN", title="Green draft", published=False, hosts=[geel])
    for course in (green, care, ai, hidden):
        course_reindex(course)
    # GREEN: open now, starts in 20 days; AI: opens later, starts in 90 days; CARE: no run.
    RunFactory(
        course=green,
        starts_on=TODAY + 20 * DAY,
        ends_on=TODAY + 100 * DAY,
        enrolment_opens=TODAY - 10 * DAY,
        enrolment_closes=TODAY + 10 * DAY,
        capacity=3,
    )
    RunFactory(
        course=ai,
        starts_on=TODAY + 90 * DAY,
        ends_on=TODAY + 180 * DAY,
        enrolment_opens=TODAY + 30 * DAY,
        enrolment_closes=TODAY + 60 * DAY,
    )
    RunFactory(  # a past run: not the next one
        course=ai,
        starts_on=TODAY - 200 * DAY,
        ends_on=TODAY - 100 * DAY,
        enrolment_opens=TODAY - 300 * DAY,
        enrolment_closes=TODAY - 250 * DAY,
    )
    return {"green": green, "care": care, "ai": ai}


def filtered(**filters) -> list[str]:
    return codes(courses_filter(today=TODAY, **filters))


# --- the selector --------------------------------------------------------------------------


def test_only_published_courses_by_title(catalogue):
    assert filtered() == ["AI", "CARE", "GREEN"]


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"type": "mooc"}, ["CARE"]),
        ({"institution": "thomas-more"}, ["AI", "GREEN"]),
        ({"institution": "B GEEL07"}, ["AI", "GREEN"]),
        ({"institution": "dk aalborg06"}, ["AI", "CARE"]),
        ({"country": "dk"}, ["AI", "CARE"]),
        ({"language": "nl"}, ["GREEN"]),
        ({"language": "en"}, ["AI", "GREEN"]),
        ({"language": "e"}, []),
        ({"mode": "online"}, ["CARE"]),
        ({"ects_min": Decimal("5")}, ["AI", "GREEN"]),
        ({"ects_max": Decimal("6")}, ["CARE", "GREEN"]),
        ({"ects_min": Decimal("4"), "ects_max": Decimal("8")}, ["GREEN"]),
        ({"eqf": 7}, ["AI"]),
        ({"theme": "digital"}, ["AI"]),
        ({"theme": "green"}, ["GREEN"]),
        ({"field": "07"}, ["GREEN"]),
        ({"field": "0923"}, ["CARE"]),
        ({"skill": "http://data.europa.eu/esco/skill/heat-pumps"}, ["GREEN"]),
        ({"starts_after": TODAY + 30 * DAY}, ["AI"]),
        ({"starts_before": TODAY + 30 * DAY}, ["AI", "GREEN"]),
        ({"starts_after": TODAY, "starts_before": TODAY + 30 * DAY}, ["GREEN"]),
        ({"open_now": True}, ["GREEN"]),
        ({"q": "energ"}, ["GREEN"]),
        ({"q": "groene"}, ["GREEN"]),
        ({"q": "warmtepomp"}, ["GREEN"]),
        ({"q": "green", "type": "mooc"}, []),
    ],
)
def test_each_filter(catalogue, filters, expected):
    assert filtered(**filters) == expected


def test_sort_by_ects_and_by_next_start(catalogue):
    assert filtered(sort="ects") == ["CARE", "GREEN", "AI"]
    assert filtered(sort="start") == ["GREEN", "AI", "CARE"]  # no run last
    assert filtered(sort="title") == ["AI", "CARE", "GREEN"]


def test_relevance_puts_the_best_match_first(catalogue):
    # Relevance weighs rare words: a realistic catalogue has many courses without them.
    for n in range(8):
        CourseFactory(code=f"FILL{n}", title=f"Filler {n}")
    CourseFactory(code="SIDE", title="Community work", description="Some green energy too.")
    course_reindex(CourseFactory._meta.model.objects.all())

    assert filtered(q="green energy") == ["GREEN", "SIDE"]
    assert filtered(q="green energy", sort="title") == ["SIDE", "GREEN"]


def test_places_left_count_enrolled_completed_and_failed_only(catalogue):
    run = catalogue["green"].runs.get()
    for status in (
        EnrolmentStatus.ENROLLED,
        EnrolmentStatus.COMPLETED,
        EnrolmentStatus.WAITLISTED,
        EnrolmentStatus.WITHDRAWN,
    ):
        Enrolment.objects.create(run=run, person=PersonFactory(), status=status)

    green = courses_filter(today=TODAY, q="green").get()

    assert green.upcoming_runs[0].places_left == 1  # 3 places, 2 taken


def test_the_next_run_is_the_coming_one(catalogue):
    ai = courses_filter(today=TODAY, type="course").get()
    assert [r.starts_on for r in ai.upcoming_runs] == [TODAY + 90 * DAY]


def test_a_page_of_courses_costs_four_queries(catalogue, django_assert_num_queries):
    for n in range(25):
        course = CourseFactory(code=f"X{n:02d}", hosts=[InstitutionFactory(), InstitutionFactory()])
        RunFactory(course=course)
    with django_assert_num_queries(4):  # count, page, hosts, runs with places
        page = courses_filter(today=TODAY)
        assert page.count() == 28
        rows = [
            (c.code, [h.code for h in c.hosts.all()], [r.places_left for r in c.upcoming_runs])
            for c in page[:20]
        ]
    assert len(rows) == 20


# --- the list page -------------------------------------------------------------------------


@pytest.fixture
def today(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: TODAY)
    return TODAY


def test_the_catalogue_page_lists_and_filters(client, catalogue, today):
    url = reverse("catalog:catalogue")
    assert url == "/courses/"

    everything = client.get(url).content.decode()
    by_language = client.get(url, {"language": "nl", "type": "challenge"}).content.decode()

    assert "3 courses found." in everything
    assert "Green draft" not in everything
    assert "1 course found." in by_language
    assert "Green energy" in by_language and "AI for SMEs" not in by_language
    assert catalogue["green"].get_absolute_url() in by_language
    for fact in (
        "Challenge-based module",
        "6 ECTS",
        "EQF 6",
        "Blended",
        "English, Dutch",
        "Thomas More (BE)",
        "3 places left",
    ):
        assert fact in by_language
    for label in (
        'for="id_q"',
        'for="id_type"',
        'for="id_institution"',
        'for="id_country"',
        'for="id_language"',
        'for="id_mode"',
        'for="id_ects_min"',
        'for="id_ects_max"',
        'for="id_eqf"',
        'for="id_theme"',
        'for="id_field"',
        'for="id_skill"',
        'for="id_starts_after"',
        'for="id_starts_before"',
        'for="id_open_now"',
        'for="id_sort"',
    ):
        assert label in everything


def test_the_title_is_shown_in_the_readers_language(client, catalogue, today):
    url = reverse("catalog:catalogue")
    client.cookies["django_language"] = "nl"
    page = client.get(url, {"q": "green"}, headers={"accept-language": "nl"}).content.decode()
    assert "Groene energie" in page


def test_a_skill_is_found_by_its_name(client, catalogue, today):
    page = client.get(reverse("catalog:catalogue"), {"skill": "heat pumps"}).content.decode()
    assert "1 course found." in page
    assert "install heat pumps" in page

    unknown = client.get(reverse("catalog:catalogue"), {"skill": "juggling"}).content.decode()
    assert "0 courses found." in unknown
    assert "No skill has this name" in unknown


def test_bad_filters_are_shown_and_ignored(client, catalogue, today):
    page = client.get(
        reverse("catalog:catalogue"), {"ects_min": "abc", "eqf": "9", "type": "nonsense"}
    ).content.decode()
    assert "3 courses found." in page
    assert page.count('class="errorlist') == 3


def test_htmx_gets_only_the_results(client, catalogue, today):
    response = client.get(
        reverse("catalog:catalogue"), {"q": "care"}, headers={"HX-Request": "true"}
    )
    page = response.content.decode()
    assert "<html" not in page
    assert 'id="results-heading"' in page
    assert "1 course found." in page


def test_the_form_updates_results_live(client, catalogue, today):
    page = client.get(reverse("catalog:catalogue")).content.decode()
    assert 'hx-get="/courses/"' in page
    assert 'hx-target="#catalogue-results"' in page
    assert 'hx-push-url="true"' in page


def test_pagination_keeps_the_query(client, db, today):
    for n in range(45):
        CourseFactory(code=f"P{n:02d}", title=f"Energy course {n:02d}", languages=["en"])
    course_reindex(CourseFactory._meta.model.objects.all())

    page = client.get(reverse("catalog:catalogue"), {"q": "energy", "language": "en", "page": 2})
    html = page.content.decode()

    assert "45 courses found." in html
    assert "Page 2 of 3" in html
    assert 'href="?q=energy&amp;language=en&amp;page=3"' in html
    assert 'href="?q=energy&amp;language=en&amp;page=1"' in html
    assert html.count('class="card"') == 20


def test_a_card_names_the_type_mode_credits_hosts_and_places(client, db, geel, aalborg):
    course = CourseFactory(
        code="ONL",
        title="Online everything",
        type="online",
        mode="online",
        ects=Decimal("7.5"),
        eqf_level=6,
        hosts=[geel, aalborg],
    )
    today = timezone.localdate()
    RunFactory(
        course=course,
        capacity=1,
        starts_on=today + 30 * DAY,
        ends_on=today + 90 * DAY,
        enrolment_opens=today - DAY,
        enrolment_closes=today + 20 * DAY,
    )
    html = client.get(reverse("catalog:catalogue")).content.decode()
    for text in (
        '<span class="tag">Online course</span>',
        '<span class="tag">Online</span>',
        '<span class="tag">7.5 ECTS</span>',
        '<span class="tag">EQF 6</span>',
        "<dd>Thomas More (BE), UCN (DK)</dd>",
        "1 place left",
    ):
        assert text in html


@pytest.mark.parametrize("sort", ["relevance", "title", "ects", "start"])
def test_pages_of_a_search_count_every_match(client, db, sort):
    """The total shown is the same whether it comes with the page (COUNT(*) OVER, PostgreSQL)
    or from a COUNT; a page past the end shows the last one."""
    for n in range(25):
        indexed(code=f"W{n:02d}", title=f"Wind power {n}", ects=Decimal(n % 4 + 3))
    indexed(code="OTHER", title="Care")
    url = reverse("catalog:catalogue")
    seen = []
    for page in (1, 2):
        response = client.get(url, {"q": "wind", "sort": sort, "page": page})
        assert response.context["count"] == 25
        assert response.context["page_obj"].paginator.num_pages == 2
        seen += codes(response.context["page_obj"].object_list)
    assert sorted(seen) == [f"W{n:02d}" for n in range(25)]
    last = client.get(url, {"q": "wind", "sort": sort, "page": 9})
    assert last.context["page_obj"].number == 2
    assert len(last.context["page_obj"].object_list) == 5
    assert last.context["count"] == 25


def test_the_list_page_costs_a_fixed_number_of_queries(
    client, catalogue, today, django_assert_num_queries
):
    for n in range(25):
        RunFactory(course=CourseFactory(code=f"Q{n:02d}", hosts=[InstitutionFactory()]))
    # institutions for the form, page, hosts, runs with places; on PostgreSQL the filtered page
    # brings its total (COUNT(*) OVER), on SQLite a COUNT, and the sort by start finds the
    # page's ids before their rows
    with django_assert_num_queries(4 if connection.vendor == "postgresql" else 6):
        response = client.get(reverse("catalog:catalogue"), {"language": "en", "sort": "start"})
    assert response.status_code == 200


# --- the course page -----------------------------------------------------------------------


def test_the_course_page_shows_what_a_learner_needs(client, catalogue, today, heat_pumps):
    green = catalogue["green"]
    teacher = PersonFactory(display_name="Ann Peeters", roles=[Role.LECTURER])
    run = green.runs.get()
    run.teachers.set([teacher])
    run.location = "Geel campus"
    run.save()
    green.prerequisites_text = "Basic physics."
    green.fee_external = Decimal("250")
    green.save()
    green.prerequisites.set([catalogue["care"]])

    response = client.get(reverse("catalog:course", args=[green.pk]))
    page = response.content.decode()

    assert response.status_code == 200
    for fact in (
        "<h1>Green energy</h1>",
        "Groene energie",
        "Install a heat pump.",
        "install heat pumps",
        heat_pumps.get_absolute_url().replace("&", "&amp;"),
        "140 hours",
        "0713",
        "Project",
        "Degree students",
        "€ 250",
        "Basic physics.",
        "CARE Care in the community",
        "Thomas More University of Applied Sciences",
        "Ann Peeters",
        "Geel campus",
        "3 of 3",
        "Open now",
        "Green transition",
    ):
        assert fact in page, fact


def test_an_unknown_or_unpublished_course_is_404(client, catalogue):
    hidden = CourseFactory._meta.model.objects.get(code="HIDDEN")
    assert client.get(reverse("catalog:course", args=[hidden.pk])).status_code == 404
    assert client.get(reverse("catalog:course", args=[999999])).status_code == 404


def test_the_course_page_costs_a_fixed_number_of_queries(
    client, catalogue, today, heat_pumps, django_assert_num_queries
):
    green = catalogue["green"]
    green.outcomes.create(text="Size a solar roof.").skills.set([heat_pumps, SkillFactory()])
    green.prerequisites.set([catalogue["care"], catalogue["ai"]])
    for run in (green.runs.get(), RunFactory(course=green), RunFactory(course=green)):
        run.teachers.set([PersonFactory(), PersonFactory()])
    # course, hosts, outcomes, their skills, prerequisites, runs with places, their teachers
    with django_assert_num_queries(7):
        response = client.get(reverse("catalog:course", args=[green.pk]))
    assert response.status_code == 200
