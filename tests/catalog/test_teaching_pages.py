"""Pages of lecturers and coordinators: my teaching, a run's participants and results,
the course and run forms, and who may see and do what."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from campus.catalog import services
from campus.catalog.models import Course, Enrolment, EnrolmentStatus, Run
from campus.people.models import Role
from tests.factories import (
    CourseFactory,
    InstitutionFactory,
    PersonFactory,
    RunFactory,
    SkillFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def geel():
    return InstitutionFactory(code="B  GEEL07")


@pytest.fixture
def porto():
    return InstitutionFactory(code="P  PORTO05")


@pytest.fixture
def coordinator(geel):
    return PersonFactory(institution=geel, roles=[Role.COORDINATOR])


@pytest.fixture
def lecturer(geel):
    return PersonFactory(institution=geel, roles=[Role.LECTURER], display_name="Lena Lecturer")


@pytest.fixture
def run(geel, lecturer):
    run = RunFactory(course=CourseFactory(hosts=[geel], ects=5, code="GEEL-ENE-101"), capacity=2)
    run.teachers.add(lecturer)
    return run


def _enrol(run, n, institution):
    people = [
        PersonFactory(institution=institution, roles=[Role.STUDENT], display_name=f"Student {i}")
        for i in range(n)
    ]
    return [services.enrol(run=run, person=p, by=p) for p in people]


# --- my teaching ---------------------------------------------------------------------------


def test_my_teaching_lists_my_runs_and_my_institutions_courses(
    client, coordinator, lecturer, run, porto
):
    CourseFactory(code="PORTO-1", hosts=[porto])
    client.force_login(lecturer)
    page = client.get(reverse("catalog:teaching")).content.decode()
    assert "GEEL-ENE-101" in page and reverse("catalog:run", args=[run.pk]) in page
    assert "Add a course" not in page
    assert "/teaching/calendar/" in page

    client.force_login(coordinator)
    page = client.get(reverse("catalog:teaching")).content.decode()
    assert "Add a course" in page
    assert reverse("catalog:course_edit", args=[run.course.pk]) in page
    assert reverse("catalog:run_add", args=[run.course.pk]) in page
    assert "PORTO-1" not in page


def test_my_teaching_needs_a_sign_in(client):
    response = client.get(reverse("catalog:teaching"))
    assert response.status_code == 302 and "login" in response["Location"]


# --- the participants page -----------------------------------------------------------------


def test_the_run_page_shows_participants_waiting_positions_and_results(client, run, lecturer, geel):
    first, second, waiting1, waiting2 = _enrol(run, 4, geel)
    services.result_record(enrolment=first, by=lecturer, ects_grade="B", local_grade="15/20")
    client.force_login(lecturer)
    response = client.get(reverse("catalog:run", args=[run.pk]))
    page = response.content.decode()
    assert response.status_code == 200
    for name in ("Student 0", "Student 1", "Student 2", "Student 3"):
        assert name in page
    assert "position 1" in page and "position 2" in page
    assert "15/20" in page
    assert "Download participants CSV" in page
    assert page.count('name="enrolment"') == 2  # result forms for the seated, not the waiting


def test_the_participants_page_takes_a_fixed_number_of_queries(
    client, run, lecturer, geel, django_assert_max_num_queries
):
    run.capacity = 30
    run.save()
    _enrol(run, 12, geel)
    client.force_login(lecturer)
    client.get(reverse("catalog:run", args=[run.pk]))  # warm the session
    # session, user, run, its teachers, its hosts, the user's roles, the participants,
    # and the layout's unread-notifications count
    with django_assert_max_num_queries(8):
        response = client.get(reverse("catalog:run", args=[run.pk]))
    assert response.status_code == 200


@pytest.mark.parametrize("who", ["other_coordinator", "other_lecturer", "student"])
def test_others_may_not_see_the_participants(client, run, geel, porto, who):
    person = {
        "other_coordinator": lambda: PersonFactory(institution=porto, roles=[Role.COORDINATOR]),
        "other_lecturer": lambda: PersonFactory(institution=geel, roles=[Role.LECTURER]),
        "student": lambda: PersonFactory(institution=geel, roles=[Role.STUDENT]),
    }[who]()
    client.force_login(person)
    assert client.get(reverse("catalog:run", args=[run.pk])).status_code == 403
    assert client.get(reverse("catalog:run_participants_csv", args=[run.pk])).status_code == 403


def test_an_unknown_run_is_not_found(client, lecturer):
    client.force_login(lecturer)
    assert client.get(reverse("catalog:run", args=[999999])).status_code == 404


def test_a_host_coordinator_sees_the_run(client, run, coordinator):
    client.force_login(coordinator)
    page = client.get(reverse("catalog:run", args=[run.pk])).content.decode()
    assert reverse("catalog:run_edit", args=[run.pk]) in page


def test_a_result_is_recorded_from_its_row_with_the_course_ects_by_default(
    client, run, lecturer, geel
):
    (enrolment,) = _enrol(run, 1, geel)
    client.force_login(lecturer)
    prefix = f"r{enrolment.pk}"
    response = client.post(
        reverse("catalog:run_result", args=[run.pk]),
        {
            "enrolment": enrolment.pk,
            f"{prefix}-ects_grade": "A",
            f"{prefix}-local_grade": "18/20",
            f"{prefix}-ects_earned": "",
            f"{prefix}-result_date": "2027-06-30",
        },
    )
    assert response.status_code == 302
    enrolment.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.COMPLETED
    assert enrolment.ects_earned == 5 and enrolment.assessor == lecturer
    assert enrolment.result_date == datetime.date(2027, 6, 30)


@pytest.mark.parametrize(
    ("grade", "earned", "message"),
    [
        ("A", "abc", "not a number"),
        ("A", "-3", "at least 0"),
        ("A", "6", "at most 5"),
        ("F", "2", "earns no credits"),
    ],
)
def test_a_bad_result_is_shown_on_its_row_and_nothing_changes(
    client, run, lecturer, geel, grade, earned, message
):
    (enrolment,) = _enrol(run, 1, geel)
    client.force_login(lecturer)
    prefix = f"r{enrolment.pk}"
    response = client.post(
        reverse("catalog:run_result", args=[run.pk]),
        {"enrolment": enrolment.pk, f"{prefix}-ects_grade": grade, f"{prefix}-ects_earned": earned},
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    enrolment.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.ENROLLED and enrolment.ects_grade == ""


def test_another_institutions_coordinator_cannot_record_a_result(client, run, geel, porto):
    (enrolment,) = _enrol(run, 1, geel)
    client.force_login(PersonFactory(institution=porto, roles=[Role.COORDINATOR]))
    prefix = f"r{enrolment.pk}"
    response = client.post(
        reverse("catalog:run_result", args=[run.pk]),
        {"enrolment": enrolment.pk, f"{prefix}-ects_grade": "A"},
    )
    assert response.status_code == 403
    enrolment.refresh_from_db()
    assert enrolment.ects_grade == ""


def _results_file(text):
    return SimpleUploadedFile("results.csv", text.encode("utf-8"), content_type="text/csv")


def test_a_results_upload_is_previewed_with_errors_per_row_and_saves_nothing(
    client, run, lecturer, geel
):
    first, second, waiting = _enrol(run, 3, geel)
    client.force_login(lecturer)
    text = (
        "email,ects_grade,local_grade,ects_earned,result_date\n"
        f"{first.person.email},A,18,,2027-06-30\n"
        f"{second.person.email},Z,,,\n"
        f"{waiting.person.email},B,,,\n"
        "nobody@campus.test,A,,,\n"
    )
    response = client.post(
        reverse("catalog:run_results_upload", args=[run.pk]), {"file": _results_file(text)}
    )
    assert response.status_code == 400
    rows = {row.row: " ".join(row.errors) for row in response.context["preview"]["rows"]}
    assert rows[2] == ""
    assert "Grade out of scale" in rows[3]
    assert "Only enrolled participants get a result" in rows[4]  # from the service, dry run
    assert "Unknown e-mail" in rows[5]
    assert "Save all results" not in response.content.decode()
    assert not Enrolment.objects.filter(run=run).exclude(ects_grade="").exists()


def test_a_clean_results_upload_is_previewed_then_saved_all_at_once(client, run, lecturer, geel):
    first, second = _enrol(run, 2, geel)
    client.force_login(lecturer)
    text = (
        "email;ects_grade;local_grade;ects_earned;result_date\r\n"
        f"{first.person.email};A;18;;2027-06-30\r\n"
        f"{second.person.email};FX;8;;2027-06-30\r\n"
    )
    url = reverse("catalog:run_results_upload", args=[run.pk])
    preview = client.post(url, {"file": _results_file(text)})
    assert preview.status_code == 200
    assert "Save all results (2 rows)" in preview.content.decode()
    assert not Enrolment.objects.filter(run=run).exclude(ects_grade="").exists()

    response = client.post(url, {"content": preview.context["preview"]["content"], "confirm": "1"})
    assert response.status_code == 302
    statuses = dict(Enrolment.objects.filter(run=run).values_list("person__email", "status"))
    assert statuses == {
        first.person.email: EnrolmentStatus.COMPLETED,
        second.person.email: EnrolmentStatus.FAILED,
    }


def test_closing_needs_every_result_first(client, run, lecturer, geel):
    (enrolment,) = _enrol(run, 1, geel)
    client.force_login(lecturer)
    url = reverse("catalog:run_close", args=[run.pk])
    response = client.post(url, follow=True)
    assert "1 participants have no result yet" in response.content.decode()
    assert Run.objects.get(pk=run.pk).closed_at is None

    services.result_record(enrolment=enrolment, by=lecturer, ects_grade="C")
    response = client.post(url, {"confirmed": "1"}, follow=True)
    assert "The run is closed." in response.content.decode()
    assert Run.objects.get(pk=run.pk).closed_at is not None
    assert 'name="enrolment"' not in response.content.decode()


def test_the_participants_csv_can_be_filled_in_and_uploaded_back(client, run, lecturer, geel):
    (enrolment,) = _enrol(run, 1, geel)
    client.force_login(lecturer)
    response = client.get(reverse("catalog:run_participants_csv", args=[run.pk]))
    assert response["Content-Type"].startswith("text/csv")
    lines = response.content.decode().splitlines()
    assert lines[0] == "email,name,status,position,ects_grade,local_grade,ects_earned,result_date"
    filled = "\n".join([lines[0], lines[1].replace("enrolled,,,,,", "enrolled,,B,16,,")])
    preview = client.post(
        reverse("catalog:run_results_upload", args=[run.pk]), {"file": _results_file(filled)}
    )
    assert preview.status_code == 200
    assert preview.context["preview"]["ignored"] == ["name", "status", "position"]


# --- course and run forms ------------------------------------------------------------------


def _course_data(geel, **changes):
    return {
        "code": "GEEL-NEW-1",
        "type": "course",
        "title": "Heat pumps in practice",
        "description": "Install and tune heat pumps.",
        "local_language": "nl",
        "title_local": "Warmtepompen",
        "hosts": [geel.pk],
        "ects": "5",
        "eqf_level": "6",
        "isced_field": "0713",
        "languages": ["en", "nl"],
        "mode": "blended",
        "workload_hours": "140",
        "assessment": "project",
        "audience": ["students", "professionals"],
        "themes": ["green"],
        "fee_external": "0",
        "outcomes": "",
        "published": "on",
    } | changes


def test_a_coordinator_adds_a_course_with_outcomes_and_skills(client, coordinator, geel):
    skill = SkillFactory()
    basics = CourseFactory(code="GEEL-BASE", hosts=[geel])
    client.force_login(coordinator)
    response = client.post(
        reverse("catalog:course_add"),
        _course_data(
            geel,
            prerequisites="GEEL-BASE",
            outcomes=f"Assess a building's energy use | {skill.uri}\n\nSize a heat pump\n",
        ),
    )
    assert response.status_code == 302
    course = Course.objects.get(code="GEEL-NEW-1")
    assert [o.text for o in course.outcomes.all()] == [
        "Assess a building's energy use",
        "Size a heat pump",
    ]
    assert list(course.outcomes.first().skills.all()) == [skill]
    assert list(course.prerequisites.all()) == [basics]


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"ects": "abc"}, "ects", "is not a number"),
        ({"ects": "-3"}, "ects", "at least 0"),
        ({"ects": "0"}, "ects", "at least some ECTS"),  # from the service
        ({"isced_field": "x"}, "isced_field", "ISCED-F"),  # from the service
        ({"prerequisites": "NOPE-1"}, "prerequisites", "Unknown course code"),
        (
            {"outcomes": "Do it | http://data.europa.eu/esco/skill/none"},
            "outcomes",
            "Unknown skill",
        ),
    ],
)
def test_bad_course_input_is_shown_on_its_field_and_nothing_is_saved(
    client, coordinator, geel, changes, field, message
):
    client.force_login(coordinator)
    response = client.post(reverse("catalog:course_add"), _course_data(geel, **changes))
    assert response.status_code == 400
    assert message in " ".join(response.context["form"].errors[field])
    assert not Course.objects.filter(code="GEEL-NEW-1").exists()


def test_a_coordinator_cannot_host_a_course_at_another_institution(
    client, coordinator, geel, porto
):
    client.force_login(coordinator)
    response = client.post(reverse("catalog:course_add"), _course_data(geel, hosts=[porto.pk]))
    assert response.status_code == 400
    assert "hosts" in response.context["form"].errors
    assert not Course.objects.exists()


def test_people_who_are_not_coordinators_cannot_add_courses(client, lecturer, geel):
    client.force_login(lecturer)
    assert client.get(reverse("catalog:course_add")).status_code == 403
    assert client.post(reverse("catalog:course_add"), _course_data(geel)).status_code == 403
    assert not Course.objects.exists()


def test_a_coordinator_edits_a_course_and_its_form_starts_filled_in(client, coordinator, geel):
    skill = SkillFactory()
    course = services.course_create(
        by=coordinator,
        hosts=[geel],
        outcomes=[("Old outcome", [skill.uri])],
        **{k: v for k, v in _course_data(geel).items() if k not in ("hosts", "outcomes")}
        | {"published": True, "eqf_level": 6, "workload_hours": 140},
    )
    client.force_login(coordinator)
    form = client.get(reverse("catalog:course_edit", args=[course.pk])).context["form"]
    assert form.initial["outcomes"] == f"Old outcome | {skill.uri}"
    assert form.initial["ects"] == "5.0"
    response = client.post(
        reverse("catalog:course_edit", args=[course.pk]),
        _course_data(geel, title="Heat pumps, revised", outcomes="New outcome"),
    )
    assert response.status_code == 302
    course.refresh_from_db()
    assert course.title == "Heat pumps, revised"
    assert [o.text for o in course.outcomes.all()] == ["New outcome"]


def test_another_institutions_coordinator_cannot_edit_the_course_or_add_runs(
    client, run, porto, geel
):
    client.force_login(PersonFactory(institution=porto, roles=[Role.COORDINATOR]))
    course = run.course
    assert client.get(reverse("catalog:course_edit", args=[course.pk])).status_code == 403
    response = client.post(
        reverse("catalog:course_edit", args=[course.pk]), _course_data(geel, title="Hijacked")
    )
    assert response.status_code == 403
    assert client.get(reverse("catalog:run_add", args=[course.pk])).status_code == 403
    assert client.post(reverse("catalog:run_edit", args=[run.pk]), {}).status_code == 403
    course.refresh_from_db()
    assert course.title != "Hijacked"


def _run_data(**changes):
    today = timezone.localdate()
    return {
        "label": "Autumn",
        "starts_on": (today + datetime.timedelta(days=60)).isoformat(),
        "ends_on": (today + datetime.timedelta(days=150)).isoformat(),
        "enrolment_opens": today.isoformat(),
        "enrolment_closes": (today + datetime.timedelta(days=30)).isoformat(),
        "capacity": "25",
        "waitlist": "on",
        "location": "Geel campus",
    } | changes


def test_a_coordinator_adds_a_run_taught_by_a_lecturer_of_the_host(
    client, coordinator, lecturer, geel, porto
):
    course = CourseFactory(hosts=[geel])
    outsider = PersonFactory(institution=porto, roles=[Role.LECTURER])
    client.force_login(coordinator)
    form = client.get(reverse("catalog:run_add", args=[course.pk])).context["form"]
    assert list(form.fields["teachers"].queryset) == [lecturer]

    response = client.post(
        reverse("catalog:run_add", args=[course.pk]), _run_data(teachers=[outsider.pk])
    )
    assert response.status_code == 400 and "teachers" in response.context["form"].errors

    response = client.post(
        reverse("catalog:run_add", args=[course.pk]), _run_data(teachers=[lecturer.pk])
    )
    assert response.status_code == 302
    run = course.runs.get()
    assert list(run.teachers.all()) == [lecturer] and run.capacity == 25


def test_run_dates_out_of_order_are_shown_on_the_form(client, coordinator, geel):
    course = CourseFactory(hosts=[geel])
    client.force_login(coordinator)
    response = client.post(
        reverse("catalog:run_add", args=[course.pk]), _run_data(ends_on="2000-01-01")
    )
    assert response.status_code == 400
    assert "cannot end before it starts" in " ".join(response.context["form"].errors["ends_on"])
    assert not course.runs.exists()


def test_a_coordinator_edits_a_run_and_more_places_promote_the_waiting_list(
    client, coordinator, run, geel
):
    enrolments = _enrol(run, 3, geel)
    assert enrolments[2].status == EnrolmentStatus.WAITLISTED
    client.force_login(coordinator)
    data = _run_data(
        label=run.label,
        starts_on=run.starts_on.isoformat(),
        ends_on=run.ends_on.isoformat(),
        enrolment_opens=run.enrolment_opens.isoformat(),
        enrolment_closes=run.enrolment_closes.isoformat(),
        capacity="3",
    )
    response = client.post(reverse("catalog:run_edit", args=[run.pk]), data)
    assert response.status_code == 302
    enrolments[2].refresh_from_db()
    assert enrolments[2].status == EnrolmentStatus.ENROLLED


def test_the_coordinators_forms_and_import_page_render(client, coordinator, run):
    client.force_login(coordinator)
    for url in (
        reverse("catalog:course_add"),
        reverse("catalog:course_edit", args=[run.course.pk]),
        reverse("catalog:run_add", args=[run.course.pk]),
        reverse("catalog:run_edit", args=[run.pk]),
        reverse("catalog:catalogue_import"),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert 'name="csrfmiddlewaretoken"' in response.content.decode()
    page = client.get(reverse("catalog:catalogue_import")).content.decode()
    assert f'href="{reverse("catalog:catalogue_export")}"' in page


@pytest.mark.parametrize("state", ["requested", "revoked"])
def test_a_requested_or_revoked_coordinator_sees_no_participants(client, run, geel, state):
    from campus.people import services as people_services
    from tests.factories import AffiliationFactory

    someone = PersonFactory(roles=[Role.LIFELONG_LEARNER])
    if state == "requested":
        people_services.affiliation_request(
            person=someone, role=Role.COORDINATOR, institution=geel, by=someone
        )
    else:
        granted = AffiliationFactory(person=someone, role=Role.COORDINATOR, institution=geel)
        people_services.affiliation_revoke(
            affiliation=granted, by=PersonFactory(roles=[Role.ADMIN]), reason="Moved on"
        )
    client.force_login(someone)
    assert client.get(reverse("catalog:run", args=[run.pk])).status_code in (403, 404)
    response = client.post(reverse("catalog:course_add"), {"title": "Sneaky"})
    assert response.status_code in (403, 404)
    assert not Course.objects.filter(title="Sneaky").exists()


# --- closing asks first --------------------------------------------------------------------


def test_closing_asks_first_and_only_the_confirmed_post_closes(client, run, lecturer, geel):
    first, second, waiting = _enrol(run, 3, geel)  # capacity 2: the third waits
    assert waiting.status == EnrolmentStatus.WAITLISTED
    for enrolment in (first, second):
        services.result_record(enrolment=enrolment, by=lecturer, ects_grade="B")
    client.force_login(lecturer)
    url = reverse("catalog:run_close", args=[run.pk])

    for asked in (client.get(url), client.post(url)):
        assert asked.status_code == 200
        page = asked.content.decode()
        assert "Close the run “" in page and "it cannot be opened again" in page
        assert "1 person on the waiting list loses their place." in page
        assert 'name="confirmed" value="1"' in page
        assert f'href="{reverse("catalog:run", args=[run.pk])}"' in page  # cancel: back
    assert Run.objects.get(pk=run.pk).closed_at is None
    assert Enrolment.objects.get(pk=waiting.pk).status == EnrolmentStatus.WAITLISTED

    response = client.post(url, {"confirmed": "1"}, follow=True)
    assert "The run is closed." in response.content.decode()
    assert Run.objects.get(pk=run.pk).closed_at is not None
    assert Enrolment.objects.get(pk=waiting.pk).status == EnrolmentStatus.WITHDRAWN


def test_the_close_button_is_disabled_with_its_reason_while_results_are_missing(
    client, run, lecturer, geel
):
    _enrol(run, 2, geel)
    client.force_login(lecturer)
    page = client.get(reverse("catalog:run", args=[run.pk])).content.decode()
    close = page[page.index('id="close-heading"') :]
    assert '<button type="submit" disabled aria-describedby="close-why" class="danger">' in close
    assert (
        '<span class="disabled-reason" id="close-why">2 participants have no result yet; '
        "record them before closing the run.</span>"
    ) in close
    assert "data-confirm" not in close


def test_nobody_else_gets_the_question_about_closing(client, run, geel):
    client.force_login(PersonFactory(institution=geel, roles=[Role.LECTURER]))
    url = reverse("catalog:run_close", args=[run.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, {"confirmed": "1"}).status_code == 403
    assert Run.objects.get(pk=run.pk).closed_at is None
