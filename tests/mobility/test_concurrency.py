"""A signature and a change proposal arrive at the same moment: they are serialised on the
learning agreement's row, and the signature either lands on the version it was given for or
is refused — never on content the signer did not see (PostgreSQL row locks)."""

import threading
import time

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections, transaction

from campus.mobility import services
from campus.mobility.models import Signature

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="row locks under real concurrency: PostgreSQL"
    ),
]


def _waiting_on_a_lock() -> int:
    with connections["default"].cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity "
            "WHERE wait_event_type = 'Lock' AND datname = current_database()"
        )
        return cursor.fetchone()[0]


def _until_one_waits():
    for _attempt in range(500):  # at most about five seconds
        if _waiting_on_a_lock():
            return
        time.sleep(0.01)
    raise AssertionError("the second writer never waited for the lock")


def _run(target, errors):
    def body():
        try:
            target()
        except Exception as exc:  # noqa: BLE001 (the test reports whatever a thread raised)
            errors.append(exc)
        finally:
            connections.close_all()

    thread = threading.Thread(target=body)
    thread.start()
    return thread


def test_a_signature_for_the_version_a_change_replaces_is_refused(
    agreement, student, host_coordinator, host_course
):
    proposed, release = threading.Event(), threading.Event()
    errors, refused = [], []
    components = [
        {"table": "A", "title": host_course.title, "ects": 5, "course": host_course.pk},
        {"table": "B", "title": "Logistics", "ects": 6, "course": host_course.pk},
    ]

    def propose():
        with transaction.atomic():
            services.agreement_propose(
                agreement=agreement,
                by=student,
                based_on=1,
                comment="More at home",
                components=components,
            )
            proposed.set()
            assert release.wait(10)

    def sign():
        assert proposed.wait(10)
        try:
            services.agreement_sign(
                agreement=agreement, by=host_coordinator, version_number=1, role="receiving"
            )
        except ValidationError as error:
            refused.append(" ".join(error.messages))

    first = _run(propose, errors)
    second = _run(sign, errors)
    proposed.wait(10)
    _until_one_waits()  # the signature waits for the proposal's transaction
    release.set()
    first.join()
    second.join()
    assert not errors
    assert refused == [
        "Version 1 is no longer the current one: version 2 is. Read it before you sign."
    ]
    assert not Signature.objects.exists()
    assert [v.status for v in agreement.versions.order_by("number")] == ["superseded", "pending"]


def test_a_change_waits_for_a_signature_and_keeps_it_on_its_version(
    agreement, student, host_coordinator, host_course
):
    signed, release = threading.Event(), threading.Event()
    errors = []
    components = [
        {"table": "A", "title": host_course.title, "ects": 5, "course": host_course.pk},
        {"table": "B", "title": "Logistics", "ects": 6, "course": host_course.pk},
    ]

    def sign():
        with transaction.atomic():
            services.agreement_sign(
                agreement=agreement, by=host_coordinator, version_number=1, role="receiving"
            )
            signed.set()
            assert release.wait(10)

    def propose():
        assert signed.wait(10)
        services.agreement_propose(
            agreement=agreement,
            by=student,
            based_on=1,
            comment="More at home",
            components=components,
        )

    first = _run(sign, errors)
    second = _run(propose, errors)
    signed.wait(10)
    _until_one_waits()
    release.set()
    first.join()
    second.join()
    assert not errors
    first_version, second_version = agreement.versions.order_by("number")
    assert [s.role for s in first_version.signatures.all()] == ["receiving"]
    assert not second_version.signatures.exists()
    assert second_version.status == "pending"
