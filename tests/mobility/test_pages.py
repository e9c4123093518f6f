"""The mobility pages: filters, applying (with the form's errors), the coordinators' decisions,
the learning agreement's versions, signing and the editor, the queues, the learner's overview,
the PDF, and the recognised credits on the transcript."""

import pytest

from campus.mobility.models import Application, ApplicationState, Signature

from .conftest import complete, sign_all

pytestmark = pytest.mark.django_db


def test_opportunities_are_filtered_by_kind(client, opportunity):
    page = client.get("/mobility/").content.decode()
    assert "Semester in Porto" in page and "1 opportunity found." in page
    page = client.get("/mobility/?kind=virtual").content.decode()
    assert "Semester in Porto" not in page and "No opportunity matches" in page


def test_a_student_applies_on_the_page(client, opportunity, student):
    client.force_login(student)
    assert (
        "Send my application"
        in client.get(f"/mobility/opportunities/{opportunity.pk}/").content.decode()
    )
    answer = client.post(
        f"/mobility/opportunities/{opportunity.pk}/apply/",
        {"motivation": "Logistics!", "language": "en", "language_level": "B1"},
    )
    assert answer.status_code == 200
    assert "at least B2; you gave B1" in answer.content.decode()
    assert not Application.objects.exists()
    answer = client.post(
        f"/mobility/opportunities/{opportunity.pk}/apply/",
        {"motivation": "Logistics!", "language": "en", "language_level": "C1"},
    )
    application = Application.objects.get()
    assert answer.status_code == 302 and answer["Location"] == application.get_absolute_url()


def test_the_home_coordinator_nominates_and_the_host_accepts_on_the_page(
    client, application, home_coordinator, host_coordinator, third_coordinator
):
    url = application.get_absolute_url()
    client.force_login(third_coordinator)
    assert client.get(url).status_code == 404
    client.force_login(host_coordinator)
    assert client.get(url).status_code == 404  # not nominated yet: not the host's business
    client.force_login(home_coordinator)
    assert "Nominate (home institution)" in client.get(url).content.decode()
    client.post(url, {"action": "nominate", "decision": "yes"})
    application.refresh_from_db()
    assert application.state == ApplicationState.NOMINATED
    client.force_login(host_coordinator)
    answer = client.post(url, {"action": "decide", "decision": "no"}, follow=True)
    assert "This field is required." in answer.content.decode()  # a decline needs a reason
    client.post(url, {"action": "decide", "decision": "yes"})
    application.refresh_from_db()
    assert application.state == ApplicationState.ACCEPTED


def test_the_agreement_page_shows_versions_and_signs(
    client, agreement, student, host_coordinator, third_coordinator
):
    url = agreement.get_absolute_url()
    client.force_login(third_coordinator)
    assert client.get(url).status_code == 404
    client.force_login(student)
    page = client.get(url).content.decode()
    assert "Version 1 · First version" in page
    assert "Table A: studied at the receiving institution" in page
    assert "Awaiting the receiving coordinator" in page
    assert "Sign as the student" in page and "Sign for the receiving" not in page
    answer = client.post(url, {"action": "sign", "version": 1, "role": "student"})
    assert answer.status_code == 302
    assert Signature.objects.get().person == student
    client.force_login(host_coordinator)
    page = client.get(url).content.decode()
    assert "Sign for the receiving institution" in page
    answer = client.post(url, {"action": "sign", "version": 1, "role": "sending"})
    assert answer.status_code == 400
    assert "Only a coordinator of the sending institution" in answer.content.decode()


def test_the_editor_proposes_a_change_and_an_outdated_signature_is_refused(
    client, agreement, student, host_coordinator, host_course
):
    url = agreement.get_absolute_url()
    client.force_login(host_coordinator)
    form = {
        "action": "propose",
        "based_on": 1,
        "comment": "Term is autumn",
        "c-TOTAL_FORMS": 3,
        "c-INITIAL_FORMS": 0,
        "c-0-table": "A",
        "c-0-title": "Green logistics",
        "c-0-ects": "5",
        "c-0-course": host_course.code,
        "c-0-term": "Autumn",
        "c-1-table": "B",
        "c-1-title": "Logistics (home)",
        "c-1-ects": "4",
        "c-1-course": host_course.code,
        "c-2-table": "A",
        "c-2-title": "",
    }
    answer = client.post(url, form)
    assert answer.status_code == 400 and "must cover" in answer.content.decode()
    assert agreement.versions.count() == 1
    answer = client.post(url, {**form, "c-1-ects": "5"})
    assert answer.status_code == 302
    second = agreement.versions.get(number=2)
    assert [(c.table, c.term) for c in second.components.all()] == [("A", "Autumn"), ("B", "")]
    client.force_login(student)
    answer = client.post(url, {"action": "sign", "version": 1, "role": "student"})
    assert "Version 1 is no longer the current one" in answer.content.decode()
    assert not Signature.objects.exists()


def test_the_queue_and_the_overview(client, agreement, student, host_coordinator, home_coordinator):
    client.force_login(host_coordinator)
    page = client.get("/mobility/queue/").content.decode()
    assert "Learning agreements to sign" in page and "Sara Student" in page
    client.force_login(student)
    page = client.get("/mobility/mine/").content.decode()
    assert "Semester in Porto" in page and "Version 1: Awaiting signatures" in page


def test_the_pdf_names_the_parties_and_the_signatures(
    client, agreement, student, home_coordinator, host_coordinator
):
    sign_all(
        agreement,
        student=student,
        home_coordinator=home_coordinator,
        host_coordinator=host_coordinator,
    )
    client.force_login(student)
    answer = client.get(f"/mobility/agreements/{agreement.pk}/agreement.pdf")
    assert answer["Content-Type"] == "application/pdf"
    assert answer.content.startswith(b"%PDF")
    assert b"Hugo Host" in answer.content and b"ipp.pt" in answer.content


def test_recognised_credits_show_on_the_transcript_page_and_pdf(
    client, agreement, student, home_coordinator, host_coordinator, host_run
):
    sign_all(
        agreement,
        student=student,
        home_coordinator=home_coordinator,
        host_coordinator=host_coordinator,
    )
    complete(host_run, student)
    client.force_login(home_coordinator)
    answer = client.post(agreement.get_absolute_url(), {"action": "recognise"})
    assert answer.status_code == 302
    client.force_login(student)
    page = client.get("/records/transcript/").content.decode()
    assert "Recognised credits" in page and "ECTS credits recognised" in page
    assert "Green logistics" in page
    assert b"Recognised credits" in client.get("/records/transcript.pdf").content
