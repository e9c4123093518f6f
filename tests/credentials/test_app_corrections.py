"""Credentials follow their results: corrections, fails after passes, stacks, and issuance
that fails without stopping the result (then succeeds in its task)."""

import logging

import pytest
from django.urls import reverse

from campus.catalog import services as catalog
from campus.catalog.models import Enrolment
from campus.credentials import issuers, services
from campus.credentials.models import Credential
from campus.credentials.verification import verify
from campus.people.models import Role
from tests.factories import CourseFactory, PersonFactory, ProgrammeFactory, RunFactory

pytestmark = pytest.mark.django_db


def grade_of(credential: Credential) -> str:
    """The grade as the signed document states it, read from the JSON itself."""
    return credential.document["credentialSubject"]["result"][0]["value"]


def history(credential: Credential) -> list[str]:
    return list(credential.events.values_list("action", flat=True))


def status_check(document):
    return verify(document).check("status")


def record(setup, enrolment, grade):
    return catalog.result_record(enrolment=enrolment, by=setup.lecturer, ects_grade=grade)


def active(person) -> list[Credential]:
    return list(Credential.objects.filter(person=person, revoked_at__isnull=True))


def test_a_corrected_grade_revokes_the_credential_saying_b_and_issues_one_saying_a(passed):
    old = passed.credential
    assert grade_of(old) == "B"
    record(passed, passed.enrolment, "A")

    old.refresh_from_db()
    assert old.state == "revoked"
    assert old.status_reason == ("The result was corrected from B to A; a new credential states A.")
    assert grade_of(old) == "B"  # the signed document stays as it was issued
    assert history(old) == ["issued", "revoked"]
    old_status = status_check(old.document)
    assert not old_status.ok and old_status.message.startswith("revoked")
    assert not verify(old.document).verified

    (new,) = active(passed.student)
    assert new.pk != old.pk and grade_of(new) == "A"
    assert new.document["credentialSubject"]["creditsEarned"] == 5
    assert verify(new.document).verified, verify(new.document).as_dict()
    assert history(new) == ["issued"]

    # the same grade once more is not a correction: nothing is revoked or issued
    record(passed, passed.enrolment, "A")
    assert [c.pk for c in active(passed.student)] == [new.pk]
    assert Credential.objects.filter(person=passed.student).count() == 2
    assert history(new) == ["issued"]


def test_pass_fail_pass_ends_with_a_valid_credential_stating_the_last_pass(campus_setup):
    setup = campus_setup
    record(setup, setup.enrolment, "B")
    (first,) = active(setup.student)
    record(setup, setup.enrolment, "F")
    first.refresh_from_db()
    assert first.state == "revoked"
    assert first.status_reason == "The result was corrected to a fail (F)."
    assert active(setup.student) == []
    assert not status_check(first.document).ok

    record(setup, setup.enrolment, "C")
    (second,) = active(setup.student)
    assert grade_of(second) == "C"
    assert verify(second.document).verified, verify(second.document).as_dict()
    assert history(first) == ["issued", "revoked"] and history(second) == ["issued"]
    first.refresh_from_db()
    assert first.state == "revoked"  # the old one stays revoked, as history
    assert not status_check(first.document).ok


def test_the_learner_and_the_coordinator_read_each_step(passed, client):
    record(passed, passed.enrolment, "A")
    old = Credential.objects.get(pk=passed.credential.pk)
    (new,) = active(passed.student)

    client.force_login(passed.student)
    mine = client.get(reverse("credentials:mine")).content.decode()
    assert "The result was corrected from B to A" in mine
    assert "Grade A" in mine and "Grade B" in mine
    page = client.get(old.get_absolute_url()).content.decode()
    assert "This credential has been revoked by its issuer" in page
    assert "issued" in page and "revoked" in page and "corrected from B to A" in page

    client.force_login(passed.coordinator)
    page = client.get(new.get_absolute_url()).content.decode()
    assert "History" in page and "issued" in page and "A result was recorded" in page


def _programme(setup):
    second = CourseFactory(hosts=[setup.home], title="Nature-based solutions")
    run2 = RunFactory(course=second)
    run2.teachers.add(setup.lecturer)
    programme = ProgrammeFactory(institutions=[setup.home, setup.other])
    group = programme.groups.create(name="Core", required=True, min_ects=10)
    group.courses.set([setup.course, second])
    minor = services.achievement_for_programme(
        programme=programme, by=PersonFactory(roles=[Role.ADMIN])
    )
    return minor, catalog.enrol(run=run2, person=setup.student, by=setup.student)


def test_a_stacked_credential_follows_its_modules(campus_setup):
    setup = campus_setup
    minor, enrolment2 = _programme(setup)
    record(setup, setup.enrolment, "B")
    record(setup, enrolment2, "A")
    stacked = Credential.objects.get(achievement=minor, revoked_at__isnull=True)

    # a better grade in a module: the module's credential is replaced, the stack still holds
    record(setup, setup.enrolment, "A")
    stacked.refresh_from_db()
    assert stacked.state == "active"

    # a module failed after all: the stack no longer holds and is revoked with it
    record(setup, enrolment2, "F")
    stacked.refresh_from_db()
    assert stacked.state == "revoked"
    assert stacked.status_reason == (
        "It no longer holds all its parts: Nature-based solutions was revoked."
    )
    assert not status_check(stacked.document).ok

    # passed again: the module and the stack are issued again
    record(setup, enrolment2, "D")
    again = Credential.objects.get(achievement=minor, revoked_at__isnull=True)
    assert again.pk != stacked.pk
    assert verify(again.document).verified


def test_an_issuers_revocation_stands_when_the_result_changes(passed):
    services.credential_revoke(
        credential=passed.credential, by=passed.coordinator, reason="Plagiarism found."
    )
    record(passed, passed.enrolment, "A")
    assert active(passed.student) == []
    services.bulk_issue_start(run=passed.run, by=passed.lecturer)
    assert active(passed.student) == []
    assert Credential.objects.get().status_reason == "Plagiarism found."


def test_an_issuers_revocation_of_a_module_revokes_the_stack(campus_setup):
    setup = campus_setup
    minor, enrolment2 = _programme(setup)
    record(setup, setup.enrolment, "B")
    record(setup, enrolment2, "A")
    module = Credential.objects.get(achievement__course=setup.course)
    services.credential_revoke(credential=module, by=setup.coordinator, reason="Exam fraud.")
    stacked = Credential.objects.get(achievement=minor)
    assert stacked.state == "revoked" and "Climate adaptation" in stacked.status_reason


def _break_key(institution) -> tuple:
    """Corrupt the issuer's encrypted private key; returns what repairs it."""
    key = issuers.active_key(institution)
    good = bytes(key.private_key_encrypted)
    type(key).objects.filter(pk=key.pk).update(private_key_encrypted=b"not a fernet token")
    issuers._private_cache.clear()
    return key, good


def test_a_broken_key_records_the_result_and_a_task_issues_later(
    campus_setup, caplog, django_capture_on_commit_callbacks
):
    setup = campus_setup
    key, good = _break_key(setup.home)
    with (
        caplog.at_level(logging.ERROR, logger="campus.credentials.receivers"),
        django_capture_on_commit_callbacks(execute=False) as callbacks,
    ):
        record(setup, setup.enrolment, "B")

    enrolment = Enrolment.objects.get(pk=setup.enrolment.pk)
    assert enrolment.ects_grade == "B" and enrolment.status == "completed"
    assert not Credential.objects.exists()
    assert f"enrolment {enrolment.pk} could not follow its result" in caplog.text
    assert "InvalidToken" in caplog.text
    assert len(callbacks) == 1  # the retry, enqueued once the result commits

    type(key).objects.filter(pk=key.pk).update(private_key_encrypted=good)
    callbacks[0]()  # the worker (here the immediate backend) runs the task
    (credential,) = Credential.objects.filter(person=setup.student)
    assert grade_of(credential) == "B"
    assert verify(credential.document).verified, verify(credential.document).as_dict()


def test_a_task_that_still_cannot_sign_fails_and_leaves_the_result(
    campus_setup, caplog, django_capture_on_commit_callbacks
):
    from campus.credentials.tasks import credential_follow_result

    setup = campus_setup
    _break_key(setup.home)
    with django_capture_on_commit_callbacks(execute=True):
        record(setup, setup.enrolment, "B")
    assert Enrolment.objects.get(pk=setup.enrolment.pk).ects_grade == "B"
    assert not Credential.objects.exists()
    result = credential_follow_result.enqueue(setup.enrolment.pk, setup.lecturer.pk)
    assert result.status == "FAILED"
    assert "InvalidToken" in result.errors[0].traceback
