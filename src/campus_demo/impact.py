"""Demo regional needs surveys: one small survey per partner region, entered by the demo
alliance administrator through the real service, so that the skills-gap pages have surveyed
demand beside the demo challenges. No exposure data set ships: the gap page then says there
is none, as it would on a new campus.

Deterministic and idempotent (one upload with a fixed source). Runs after the demo challenges.
"""

from django.db.models import Q

from campus.alliance.models import Region
from campus.impact import csv_io, services
from campus.impact.models import SurveyUpload
from campus.people.models import Person
from campus.skills.models import Skill

SOURCE = "Regional employers' needs survey 2026 (demo)"
ADMIN = "admin@campus.test"
# The weights of a region's needs, most needed first.
WEIGHTS = ("8", "6", "5", "3", "2")


def seed_needs(*, stdout=None) -> int:
    """The demo surveys; returns how many needs were added (0 when they exist already)."""
    if SurveyUpload.objects.filter(source=SOURCE).exists():
        return 0
    admin = Person.objects.filter(email=ADMIN).first()
    regions = list(Region.objects.filter(institutions__isnull=False).distinct().order_by("code"))
    if admin is None or not regions:
        return 0
    # Skills the demo's challenges need or its courses teach (so the gap has supply to weigh),
    # and skills no course teaches (so the page has needs the alliance offers nothing for).
    used = list(
        Skill.objects.filter(Q(challenge_needs__isnull=False) | Q(outcomes__isnull=False))
        .distinct()
        .order_by("uri")
        .values_list("uri", flat=True)[: len(regions) * 3]
    )
    untaught = list(
        Skill.objects.filter(outcomes__isnull=True)
        .order_by("uri")
        .values_list("uri", flat=True)[: len(regions) * 2]
    )
    if not used or not untaught:
        return 0
    records = []
    for i, region in enumerate(regions):
        picked = [used[(i * 2 + k) % len(used)] for k in range(3)]
        picked += [untaught[(i * 2 + k) % len(untaught)] for k in range(2)]
        for uri, weight in zip(dict.fromkeys(picked), WEIGHTS, strict=False):
            records.append({"region": region.code, "skill": uri, "weight": weight})
    numbered = [(n, record) for n, record in enumerate(records, start=2)]
    rows = csv_io.survey_rows(numbered, by=admin, source=SOURCE)
    services.survey_import(by=admin, source=SOURCE, rows=rows, file_name="demo-needs.csv")
    if stdout:
        stdout.write(f"Regional needs surveys: {len(rows)} needs in {len(regions)} regions.\n")
    return len(rows)
