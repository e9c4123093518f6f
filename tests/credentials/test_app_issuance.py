"""Issuing from results, idempotency, stacking, revocation and suspension, key rotation."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from campus.catalog import services as catalog
from campus.credentials import services
from campus.credentials.issuers import issuer_did
from campus.credentials.models import Credential, CredentialEvent, IssuanceJob, IssuerKey
from campus.credentials.vc.schema import validate_openbadge
from campus.credentials.verification import verify
from campus.people.models import Role
from tests.factories import CourseFactory, PersonFactory, ProgrammeFactory, RunFactory

pytestmark = pytest.mark.django_db


def checks(result) -> dict:
    return {c.check: c for c in result.checks}


def test_a_passing_result_issues_a_signed_credential_that_verifies(passed):
    credential = passed.credential
    document = credential.document
    assert credential.issuer == passed.home
    assert document["issuer"]["id"] == issuer_did(passed.home)
    assert document["issuer"]["address"]["addressCountryCode"] == "BE"
    assert document["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert document["proof"][0]["cryptosuite"] == "eddsa-rdfc-2022"
    subject = document["credentialSubject"]
    assert subject["identifier"][0]["identityHash"] == "Sam Student"
    assert subject["result"][0]["value"] == "B"
    assert subject["creditsEarned"] == 5
    achievement = subject["achievement"]
    assert achievement["learningOutcome"] == ["Map climate risks of a municipality."]
    assert achievement["creditsAvailable"] == 5
    assert {a["targetName"] for a in achievement["alignment"]} >= {
        "climate risk analysis",
        "EQF level 6",
    }
    assert document["credentialStatus"]["type"] == "BitstringStatusListEntry"
    assert document["credentialStatus"]["statusPurpose"] == "revocation"
    assert validate_openbadge(document) == []
    result = verify(document)
    assert result.verified, result.as_dict()
    assert passed.student.notifications.filter(message__contains="new credential").exists()


def test_revocation_needs_a_reason_and_the_issuer(passed):
    credential = passed.credential
    with pytest.raises(ValidationError, match="reason"):
        services.credential_revoke(credential=credential, by=passed.coordinator, reason=" ")
    stranger = PersonFactory(institution=passed.other, roles=[Role.COORDINATOR])
    with pytest.raises(PermissionDenied):
        services.credential_revoke(credential=credential, by=stranger, reason="no")
    with pytest.raises(PermissionDenied):
        services.credential_revoke(credential=credential, by=passed.student, reason="mine")
    credential.refresh_from_db()
    assert credential.revoked_at is None
    assert verify(credential.document).verified


def test_revoked_and_suspended_credentials_fail_the_status_check(passed):
    credential = passed.credential
    services.credential_suspend(credential=credential, by=passed.coordinator, reason="Inquiry")
    status = checks(verify(credential.document))["status"]
    assert not status.ok and "suspended" in status.message
    services.credential_reinstate(credential=credential, by=passed.coordinator, reason="Cleared")
    assert verify(credential.document).verified
    services.credential_revoke(credential=credential, by=passed.coordinator, reason="Fraud")
    result = verify(credential.document)
    assert not result.verified
    assert "revoked" in checks(result)["status"].message
    assert list(
        CredentialEvent.objects.filter(credential=credential).values_list("action", flat=True)
    ) == [
        "issued",
        "suspended",
        "reinstated",
        "revoked",
    ]
    with pytest.raises(ValidationError):
        services.credential_reinstate(credential=credential, by=passed.coordinator, reason="x")


def test_one_changed_character_fails_the_proof(passed):
    document = passed.credential.document
    document["credentialSubject"]["result"][0]["value"] = "A"
    result = verify(document)
    assert not result.verified
    assert not checks(result)["proof"].ok


def test_holding_every_module_credential_issues_the_stacked_one(campus_setup):
    setup = campus_setup
    second = CourseFactory(hosts=[setup.home], title="Nature-based solutions")
    run2 = RunFactory(course=second)
    run2.teachers.add(setup.lecturer)
    programme = ProgrammeFactory(institutions=[setup.home, setup.other])
    group = programme.groups.create(name="Core", required=True, min_ects=10)
    group.courses.set([setup.course, second])
    admin = PersonFactory(roles=[Role.ADMIN])
    minor = services.achievement_for_programme(programme=programme, by=admin)
    enrolment2 = catalog.enrol(run=run2, person=setup.student, by=setup.student)
    catalog.result_record(enrolment=setup.enrolment, by=setup.lecturer, ects_grade="B")
    assert not Credential.objects.filter(achievement=minor).exists()
    catalog.result_record(enrolment=enrolment2, by=setup.lecturer, ects_grade="A")
    stacked = Credential.objects.get(achievement=minor, person=setup.student)
    assert stacked.source == "stacked"
    result = verify(stacked.document)
    assert result.verified, result.as_dict()
    assert (
        "Stacks from"
        in stacked.document["credentialSubject"]["achievement"]["integrationAndStackability"]
    )


def test_bulk_issuance_fills_the_gaps_once_and_survives_a_restart(campus_setup):
    setup = campus_setup
    others = [PersonFactory(institution=setup.other, roles=[Role.STUDENT]) for _ in range(4)]
    enrolments = [setup.enrolment] + [catalog.enrol(run=setup.run, person=p, by=p) for p in others]
    for enrolment in enrolments:
        catalog.result_record(enrolment=enrolment, by=setup.lecturer, ects_grade="C")
    Credential.objects.filter(person__in=others[:3]).delete()  # results before credentials
    job = services.bulk_issue_start(run=setup.run, by=setup.lecturer)
    job.refresh_from_db()
    assert (job.status, job.total, job.done, job.issued) == ("done", 5, 5, 3)
    assert Credential.objects.count() == 5
    again = services.bulk_issue_start(run=setup.run, by=setup.lecturer)
    again.refresh_from_db()
    assert again.issued == 0
    # A job whose worker died is resumed without duplicates.
    IssuanceJob.objects.filter(pk=again.pk).update(status="interrupted")
    resumed = services.bulk_issue_resume(job=again, by=setup.lecturer)
    assert (resumed.status, resumed.attempts, resumed.done) == ("done", 2, 5)
    assert Credential.objects.count() == 5


def test_only_assessors_start_bulk_issuance(passed):
    with pytest.raises(PermissionDenied):
        services.bulk_issue_start(run=passed.run, by=passed.student)


def test_key_rotation_keeps_earlier_credentials_valid(passed):
    old = passed.credential
    services.issuer_key_rotate(institution=passed.home, by=passed.coordinator)
    assert IssuerKey.objects.filter(institution=passed.home).count() == 2
    assert verify(old.document).verified
    newcomer = PersonFactory(institution=passed.other, roles=[Role.STUDENT])
    enrolment = catalog.enrol(run=passed.run, person=newcomer, by=newcomer)
    catalog.result_record(enrolment=enrolment, by=passed.lecturer, ects_grade="A")
    new = Credential.objects.get(person=newcomer)
    assert new.document["proof"][0]["verificationMethod"].endswith("#key-2")
    assert old.document["proof"][0]["verificationMethod"].endswith("#key-1")
    assert verify(new.document).verified


def test_private_keys_are_encrypted_at_rest(passed):
    from cryptography.hazmat.primitives import serialization

    from campus.credentials.issuers import private_key

    key = IssuerKey.objects.get(institution=passed.home)
    seed = private_key(key).private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )
    assert seed not in bytes(key.private_key_encrypted)


def test_sharing_is_for_the_holder_only(passed):
    with pytest.raises(PermissionDenied):
        services.credential_share(credential=passed.credential, by=passed.coordinator, shared=True)
    services.credential_share(credential=passed.credential, by=passed.student, shared=True)
    passed.credential.refresh_from_db()
    assert passed.credential.shared


def test_a_course_without_an_awarding_body_still_records_its_result(campus_setup):
    campus_setup.course.hosts.clear()
    catalog.result_record(
        enrolment=campus_setup.enrolment, by=campus_setup.lecturer, ects_grade="B"
    )
    campus_setup.enrolment.refresh_from_db()
    assert campus_setup.enrolment.status == "completed"
    assert not Credential.objects.exists()


def test_an_interrupted_bulk_issuance_is_started_again(campus_setup, client):
    import datetime

    from django.urls import reverse
    from django.utils import timezone

    setup = campus_setup
    catalog.result_record(enrolment=setup.enrolment, by=setup.lecturer, ects_grade="B")
    Credential.objects.all().delete()
    job = services.bulk_issue_start(run=setup.run, by=setup.lecturer)
    IssuanceJob.objects.filter(pk=job.pk).update(status="queued", done=0, issued=0)
    Credential.objects.all().delete()
    with pytest.raises(ValidationError, match="failed or interrupted"):
        services.bulk_issue_resume(job=job, by=setup.lecturer)
    # Its worker died: running, with no news for longer than CAMPUS_JOB_STALE_SECONDS.
    IssuanceJob.objects.filter(pk=job.pk).update(
        status="running", updated_at=timezone.now() - datetime.timedelta(minutes=30)
    )
    client.force_login(setup.lecturer)
    page = client.get(reverse("credentials:job", args=[job.pk])).content.decode()
    assert "The worker running this job stopped before it finished" in page
    client.post(reverse("credentials:job_resume", args=[job.pk]))
    job.refresh_from_db()
    assert (job.status, job.issued, job.progress) == ("done", 1, 100)
    assert Credential.objects.count() == 1
