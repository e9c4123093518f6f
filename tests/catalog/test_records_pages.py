"""The learner's pages: the enrol button on a course page, enrol and withdraw, my learning."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages import get_messages
from django.template import RequestContext, Template
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from campus.catalog import services
from campus.catalog.models import Enrolment, EnrolmentStatus
from campus.people.models import Role
from tests.factories import CourseFactory, InstitutionFactory, PersonFactory, RunFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def home():
    return InstitutionFactory()


@pytest.fixture
def student(home):
    return PersonFactory(institution=home, roles=[Role.STUDENT])


def _student(home):
    return PersonFactory(institution=home, roles=[Role.STUDENT])


def _button(run, user) -> str:
    """The course page's include, rendered as the course page renders it."""
    request = RequestFactory().get(run.course.get_absolute_url())
    request.user = user
    template = Template('{% include "catalog/_enrol_button.html" with run=run %}')
    return template.render(RequestContext(request, {"run": run}))


def _messages(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


# --- the enrol button ---


def test_a_visitor_is_asked_to_sign_in_and_comes_back_to_the_course():
    run = RunFactory()
    html = _button(run, AnonymousUser())
    assert "Sign in to enrol" in html
    assert f'href="{reverse("login")}?next={run.course.get_absolute_url()}"' in html
    assert "<form" not in html


def test_an_eligible_student_gets_an_enrol_form_with_csrf(student):
    run = RunFactory()
    html = _button(run, student)
    assert f'action="{reverse("catalog:enrol", args=[run.pk])}"' in html
    assert 'method="post"' in html
    assert "csrfmiddlewaretoken" in html
    assert ">Enrol<" in html
    assert "disabled" not in html


def test_a_full_run_with_a_waiting_list_offers_to_join_it(home, student):
    run = RunFactory(capacity=1)
    first = _student(home)
    services.enrol(run=run, person=first, by=first)
    html = _button(run, student)
    assert "Join the waiting list" in html
    assert f'action="{reverse("catalog:enrol", args=[run.pk])}"' in html


def test_a_blocked_run_shows_a_disabled_button_and_the_reasons_it_points_to(student):
    today = timezone.localdate()
    run = RunFactory(
        enrolment_opens=today + datetime.timedelta(days=5),
        enrolment_closes=today + datetime.timedelta(days=10),
    )
    html = _button(run, student)
    assert "disabled" in html
    assert f'aria-describedby="enrol-reasons-{run.pk}"' in html
    assert f'id="enrol-reasons-{run.pk}"' in html
    assert f"Enrolment opens on {date_format(run.enrolment_opens, 'DATE_FORMAT')}." in html
    assert "<form" not in html


def test_a_full_run_without_waiting_list_says_it_is_full(home, student):
    run = RunFactory(capacity=1, waitlist=False)
    first = _student(home)
    services.enrol(run=run, person=first, by=first)
    html = _button(run, student)
    assert "disabled" in html
    assert "This run is full." in html
    assert "Join the waiting list" not in html


def test_a_missing_prerequisite_is_named_next_to_the_button(student):
    run = RunFactory(course=CourseFactory(code="GRN-201"))
    run.course.prerequisites.add(CourseFactory(code="GRN-101", title="Green basics"))
    html = _button(run, student)
    assert "disabled" in html
    assert "GRN-101 Green basics" in html


def test_an_enrolled_student_sees_the_status_and_a_withdraw_form(student):
    run = RunFactory()
    enrolment = services.enrol(run=run, person=student, by=student)
    html = _button(run, student)
    assert "Enrolled" in html
    assert f'action="{reverse("catalog:withdraw", args=[enrolment.pk])}"' in html
    assert "Withdraw" in html
    assert reverse("catalog:enrol", args=[run.pk]) not in html


def test_a_waitlisted_student_sees_their_place_in_the_queue(home, student):
    run = RunFactory(capacity=1)
    first, second = _student(home), _student(home)
    for person in (first, second, student):
        services.enrol(run=run, person=person, by=person)
    html = _button(run, student)
    assert "On the waiting list" in html
    assert "number 2 on the waiting list" in html
    assert "Leave the waiting list" in html


def test_the_button_costs_a_bounded_number_of_queries(student, django_assert_max_num_queries):
    run = RunFactory()
    student.role_codes  # noqa: B018 - read once per request, as on a real page
    with django_assert_max_num_queries(6):
        _button(run, student)


def test_the_course_page_shows_the_button_for_each_run(client, student):
    course = CourseFactory()
    open_run = RunFactory(course=course, label="Spring")
    full_run = RunFactory(course=course, label="Autumn", capacity=1)
    first = _student(student.institution)
    services.enrol(run=full_run, person=first, by=first)
    client.force_login(student)
    html = client.get(course.get_absolute_url()).content.decode()
    assert f'action="{reverse("catalog:enrol", args=[open_run.pk])}"' in html
    assert "Join the waiting list" in html


# --- enrol and withdraw ---


def test_enrolling_takes_a_place_and_goes_back_to_the_course_page(client, student):
    run = RunFactory()
    client.force_login(student)
    response = client.post(reverse("catalog:enrol", args=[run.pk]))
    assert response.status_code == 302
    assert response["Location"] == run.course.get_absolute_url()
    assert Enrolment.objects.get(run=run, person=student).status == EnrolmentStatus.ENROLLED
    assert _messages(response) == [f"You are enrolled in {run.course.title} ({run.label})."]


def test_enrolling_in_a_full_run_says_the_place_on_the_waiting_list(client, home, student):
    run = RunFactory(capacity=1)
    first = _student(home)
    services.enrol(run=run, person=first, by=first)
    client.force_login(student)
    response = client.post(reverse("catalog:enrol", args=[run.pk]))
    assert response.status_code == 302
    assert _messages(response) == ["The run is full; you are number 1 on the waiting list."]
    assert Enrolment.objects.get(run=run, person=student).status == EnrolmentStatus.WAITLISTED


def test_a_refused_enrolment_says_why_and_writes_nothing(client, student):
    today = timezone.localdate()
    run = RunFactory(
        enrolment_opens=today - datetime.timedelta(days=20),
        enrolment_closes=today - datetime.timedelta(days=1),
    )
    client.force_login(student)
    response = client.post(reverse("catalog:enrol", args=[run.pk]))
    assert response.status_code == 302
    assert response["Location"] == run.course.get_absolute_url()
    assert _messages(response) == [
        f"Enrolment closed on {date_format(run.enrolment_closes, 'DATE_FORMAT')}."
    ]
    assert not Enrolment.objects.exists()


def test_enrolling_twice_says_so(client, student):
    run = RunFactory()
    services.enrol(run=run, person=student, by=student)
    client.force_login(student)
    response = client.post(reverse("catalog:enrol", args=[run.pk]))
    assert "You are enrolled in this run already." in _messages(response)[0]
    assert Enrolment.objects.filter(run=run).count() == 1


def test_enrolling_goes_back_to_a_safe_next_only(client, student):
    run, other = RunFactory(), RunFactory()
    client.force_login(student)
    response = client.post(
        reverse("catalog:enrol", args=[run.pk]), {"next": reverse("catalog:my_records")}
    )
    assert response["Location"] == reverse("catalog:my_records")
    response = client.post(
        reverse("catalog:enrol", args=[other.pk]), {"next": "https://evil.example/"}
    )
    assert response["Location"] == other.course.get_absolute_url()


def test_enrolling_needs_a_post_and_a_signed_in_person(client, student):
    run = RunFactory()
    response = client.post(reverse("catalog:enrol", args=[run.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert not Enrolment.objects.exists()
    client.force_login(student)
    assert client.get(reverse("catalog:enrol", args=[run.pk])).status_code == 405
    assert client.post(reverse("catalog:enrol", args=[999999])).status_code == 404


def test_withdrawing_frees_the_place_for_the_waiting_list(client, home, student):
    run = RunFactory(capacity=1)
    taken = services.enrol(run=run, person=student, by=student)
    waiting = _student(home)
    services.enrol(run=run, person=waiting, by=waiting)
    client.force_login(student)
    response = client.post(reverse("catalog:withdraw", args=[taken.pk]), {"confirmed": "1"})
    assert response.status_code == 302
    assert response["Location"] == run.course.get_absolute_url()
    assert _messages(response) == [f"You have withdrawn from {run.course.title} ({run.label})."]
    assert Enrolment.objects.get(pk=taken.pk).status == EnrolmentStatus.WITHDRAWN
    assert Enrolment.objects.get(person=waiting).status == EnrolmentStatus.ENROLLED


def test_nobody_withdraws_someone_else_from_a_page(client, home, student):
    enrolment = services.enrol(run=RunFactory(), person=student, by=student)
    client.force_login(_student(home))
    response = client.post(reverse("catalog:withdraw", args=[enrolment.pk]))
    assert response.status_code == 404
    assert Enrolment.objects.get(pk=enrolment.pk).status == EnrolmentStatus.ENROLLED


def test_withdrawing_twice_says_why_not(client, student):
    enrolment = services.enrol(run=RunFactory(), person=student, by=student)
    services.enrolment_withdraw(enrolment=enrolment, by=student)
    client.force_login(student)
    response = client.post(
        reverse("catalog:withdraw", args=[enrolment.pk]), {"next": reverse("catalog:my_records")}
    )
    assert response["Location"] == reverse("catalog:my_records")
    assert "Only a current enrolment can be withdrawn" in _messages(response)[0]


# --- my learning ---


@pytest.fixture
def lecturer(home):
    return PersonFactory(institution=home, roles=[Role.LECTURER])


def _completed(person, lecturer, grade="B", **course):
    run = RunFactory(course=CourseFactory(**course))
    run.teachers.add(lecturer)
    enrolment = services.enrol(run=run, person=person, by=person)
    return services.result_record(enrolment=enrolment, by=lecturer, ects_grade=grade)


def test_my_records_needs_a_signed_in_person(client):
    response = client.get(reverse("catalog:my_records"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_my_records_shows_current_and_past_enrolments_and_the_ects_total(
    client, home, student, lecturer, django_assert_max_num_queries
):
    current = services.enrol(
        run=RunFactory(course=CourseFactory(title="Resilient supply chains")),
        person=student,
        by=student,
    )
    full = RunFactory(capacity=1, course=CourseFactory(title="Nature-based solutions"))
    first = _student(home)
    services.enrol(run=full, person=first, by=first)
    services.enrol(run=full, person=student, by=student)
    _completed(student, lecturer, "A", title="Circular economy", ects=6)
    _completed(student, lecturer, "FX", title="Applied AI ethics", ects=3)
    withdrawn = services.enrol(
        run=RunFactory(course=CourseFactory(title="Digital twins")), person=student, by=student
    )
    services.enrolment_withdraw(enrolment=withdrawn, by=student)

    client.force_login(student)
    # ... plus the layout's unread-notifications count
    with django_assert_max_num_queries(7):
        response = client.get(reverse("catalog:my_records"))
    assert response.status_code == 200
    html = response.content.decode()
    current_part, past_part = html.split('id="past-heading"')
    assert "Resilient supply chains" in current_part
    assert "Nature-based solutions" in current_part
    assert "number 1 on the waiting list" in current_part
    assert reverse("catalog:withdraw", args=[current.pk]) in current_part
    for title in ("Circular economy", "Applied AI ethics", "Digital twins"):
        assert title in past_part
    assert "Completed" in past_part and "Failed" in past_part and "Withdrawn" in past_part
    assert "<strong>6.0</strong>" in html  # only the passed course counts
    for name in ("catalog:transcript", "catalog:transcript_pdf", "catalog:transcript_json"):
        assert f'href="{reverse(name)}"' in html
    assert 'class="table-scroll"' in html


def test_my_records_without_enrolments_points_to_the_catalogue(client, student):
    client.force_login(student)
    html = client.get(reverse("catalog:my_records")).content.decode()
    assert "You are not enrolled in any run at the moment." in html
    assert "No past enrolments yet." in html


# --- withdrawing and leaving the waiting list ask first ---


def test_withdrawing_asks_first_and_only_the_confirmed_post_withdraws(client, home, student):
    run = RunFactory(capacity=1)
    taken = services.enrol(run=run, person=student, by=student)
    client.force_login(student)
    url = reverse("catalog:withdraw", args=[taken.pk])
    back = reverse("catalog:my_records")

    asked = client.post(url, {"next": back})
    assert asked.status_code == 200
    page = asked.content.decode()
    assert f"Withdraw from “{run.course.title} — {run.label}”?" in page
    assert "it goes to the first person on the waiting list" in page
    assert f'<input type="hidden" name="next" value="{back}">' in page  # carried along
    assert f'href="{back}"' in page  # cancel goes back where the form was
    assert Enrolment.objects.get(pk=taken.pk).status == EnrolmentStatus.ENROLLED

    response = client.post(url, {"next": back, "confirmed": "1"})
    assert response["Location"] == back
    assert Enrolment.objects.get(pk=taken.pk).status == EnrolmentStatus.WITHDRAWN


def test_leaving_the_waiting_list_asks_first_with_the_place_given_up(client, home, student):
    run = RunFactory(capacity=1)
    other = _student(home)
    services.enrol(run=run, person=other, by=other)
    waiting = services.enrol(run=run, person=student, by=student)
    client.force_login(student)
    url = reverse("catalog:withdraw", args=[waiting.pk])

    page = client.get(url).content.decode()
    assert f"Leave the waiting list of “{run.course.title} — {run.label}”?" in page
    assert "(number 1)" in page
    assert Enrolment.objects.get(pk=waiting.pk).status == EnrolmentStatus.WAITLISTED

    client.post(url, {"confirmed": "1"})
    assert Enrolment.objects.get(pk=waiting.pk).status == EnrolmentStatus.WITHDRAWN


def test_the_withdraw_buttons_ask_first(client, home, student):
    run = RunFactory(capacity=1)
    services.enrol(run=run, person=student, by=student)
    client.force_login(student)
    page = client.get(reverse("catalog:my_records")).content.decode()
    assert '<button type="submit" data-confirm class="secondary">Withdraw' in page
    assert '<button type="submit" data-confirm class="secondary">Withdraw' in _button(run, student)
