"""The demo mobility: every kind at every partner, applications in every state, the demo
student's blended programme awaiting the receiving coordinator, and one recognised mobility
on a transcript; a second run adds nothing."""

import pytest

from campus.alliance.models import Institution
from campus.catalog.selectors import transcript_of
from campus.mobility import selectors
from campus.mobility.models import (
    Application,
    ApplicationState,
    LearningAgreement,
    Opportunity,
    OpportunityKind,
    Recognition,
    VersionStatus,
)
from campus.people.models import Person
from campus_demo.mobility import seed_mobility
from campus_demo.seed import seed

pytestmark = pytest.mark.django_db


def test_the_demo_mobility(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    seed()
    for institution in Institution.objects.all():
        kinds = set(Opportunity.objects.filter(host=institution).values_list("kind", flat=True))
        assert kinds >= set(OpportunityKind.values), institution
    states = set(Application.objects.values_list("state", flat=True))
    assert states == set(ApplicationState.values)

    student = Person.objects.get(email="student@campus.test")
    agreement = LearningAgreement.objects.get(
        student=student, opportunity__kind=OpportunityKind.BLENDED
    )
    version = agreement.versions.get()
    assert version.status == VersionStatus.PENDING
    assert sorted(s.role for s in version.signatures.all()) == ["sending", "student"]
    receiving = Person.objects.get(email=f"coordinator1.{agreement.receiving.slug}@campus.test")
    waiting = selectors.coordinator_queue(receiving).to_sign
    assert (agreement, version, "receiving") in waiting

    recognition = Recognition.objects.select_related("agreement__student").get()
    transcript = transcript_of(recognition.agreement.student)
    assert transcript.ects_recognised > 0
    assert LearningAgreement.objects.filter(versions__status=VersionStatus.APPROVED).count() >= 3

    declared = dict(
        LearningAgreement.objects.exclude(travel_mode="").values_list("pk", "travel_mode")
    )
    assert sorted(declared.values()) == ["bus", "train"]
    assert selectors.travel_totals(LearningAgreement.objects.all()).co2e_avoided_kg > 0

    counts = (Opportunity.objects.count(), Application.objects.count())
    report = seed_mobility()
    assert (report.opportunities_created, report.applications_created) == (0, 0)
    assert (Opportunity.objects.count(), Application.objects.count()) == counts
    assert (
        dict(LearningAgreement.objects.exclude(travel_mode="").values_list("pk", "travel_mode"))
        == declared
    )
