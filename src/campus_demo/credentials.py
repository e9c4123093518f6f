"""Demo credentials: the catalogue's and the challenges' passing results have issued theirs
already (a result issues its credential); this adds the stacked programme achievements
(issued to whoever completes a programme's rules; any issued before the rules counted are
revoked),
shares one of Sam Student's credentials, and revokes one credential of a generated learner."""

from __future__ import annotations

import time
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction

from campus.catalog.models import Programme
from campus.credentials import issuers, services
from campus.credentials.models import Credential, CredentialEvent
from campus.people.models import Person, Role
from campus_demo.catalog import DEMO_EMAILS


@dataclass
class CredentialsReport:
    credentials: int = 0
    stacked: int = 0
    revoked: int = 0
    repaired: int = 0
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
        # A database seeded before a programme's rules counted holds stacked credentials
        # that were never earned: revoked here, with the reason told to their holders.
        report.repaired = len(services.stacks_repair(by=None))
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
        if report.repaired:
            stdout.write(
                f"Revoked {report.repaired} stacked credentials issued before their "
                "programme's rules were met (each holder is told why).\n"
            )
    return report


def public_url_notes() -> list[str]:
    """Which public address the demo's credentials carry, and a warning when some were signed
    for another one (a database seeded while the campus was served elsewhere): their issuer
    DIDs and status lists name that address, so they verify only when it is served there."""
    url = issuers.public_url()
    notes = [
        f"Credentials carry the public URL {url} (issuers "
        f"did:web:{issuers.did_host()}:{issuers.ISSUER_PATH}:<institution>); they verify while "
        f"the campus is served there. Set CAMPUS_PUBLIC_URL to name another address."
    ]
    elsewhere = Credential.objects.exclude(document__id__startswith=f"{url}/credentials/")
    stranger = elsewhere.order_by("pk").values_list("document__id", flat=True).first()
    if stranger is not None:
        other = str(stranger).rsplit("/credentials/", 1)[0]
        database = settings.DATABASES["default"]
        where = (
            f"remove {database['NAME']}"
            if database["ENGINE"].endswith("sqlite3")
            else "empty the database"
        )
        parts = urlsplit(other)
        again = (
            f"make demo HOST={parts.hostname} PORT={parts.port}"
            if parts.scheme == "http" and parts.port
            else f"make demo CAMPUS_PUBLIC_URL={other}"
        )
        notes.append(
            f"Warning: {elsewhere.count()} credentials in this database were signed for {other}, "
            f"not {url}: they do not verify when the campus is served at {url}. Serve the demo "
            f"at {other} again ({again}), or start afresh for {url}: {where} and run the demo "
            f"again."
        )
    return notes
