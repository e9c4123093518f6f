"""Demo credentials: the catalogue's and the challenges' passing results have issued theirs
already (a result issues its credential); this adds the stacked programme achievements,
shares one of Sam Student's credentials, and revokes one credential of a generated learner."""

from __future__ import annotations

import time
from dataclasses import dataclass

from django.db import transaction

from campus.catalog.models import Programme
from campus.credentials import services
from campus.credentials.models import Credential, CredentialEvent
from campus.people.models import Person, Role
from campus_demo.catalog import DEMO_EMAILS


@dataclass
class CredentialsReport:
    credentials: int = 0
    stacked: int = 0
    revoked: int = 0
    seconds: float = 0.0


REVOCATION_REASON = "The assessment was found to be another person's work after the result."


def seed_credentials(*, stdout=None) -> CredentialsReport:
    started = time.perf_counter()
    report = CredentialsReport()
    admin = Person.objects.filter(email="admin@campus.test").first()
    if admin is None:
        return report
    with transaction.atomic():
        for programme in Programme.objects.order_by("pk"):
            if programme.groups.filter(required=True).exists():
                services.achievement_for_programme(programme=programme, by=admin)
        holders = Person.objects.filter(credentials__isnull=False).distinct().order_by("pk")
        report.stacked = len(services.stack_for(holders, by=None))
        sam = Credential.objects.filter(person__email="student@campus.test").order_by("pk")
        first = sam.first()
        if (
            first is not None
            and not CredentialEvent.objects.filter(
                credential__person__email="student@campus.test", action="shared"
            ).exists()
        ):
            services.credential_share(credential=first, by=first.person, shared=True)
        if not Credential.objects.filter(revoked_at__isnull=False).exists():
            victim = (
                Credential.objects.exclude(person__email__in=DEMO_EMAILS)
                .filter(source="result")
                .order_by("pk")
                .first()
            )
            if victim is not None:
                coordinator = (
                    Person.objects.holding(Role.COORDINATOR)
                    .filter(institution=victim.issuer)
                    .first()
                    or admin
                )
                services.credential_revoke(
                    credential=victim, by=coordinator, reason=REVOCATION_REASON
                )
                report.revoked = 1
    report.credentials = Credential.objects.count()
    report.seconds = time.perf_counter() - started
    if stdout:
        stdout.write(
            f"Credentials: {report.credentials} signed, {report.stacked} stacked now, "
            f"{report.revoked} revoked ({report.seconds:.1f} s).\n"
        )
    return report
