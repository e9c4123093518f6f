"""The demo's regional needs surveys: a small survey for every partner region, made once; the
gap pages of the demo show them, and say that no exposure data set was uploaded."""

import pytest
from django.urls import reverse

from campus.alliance.models import Region
from campus.impact.models import ExposureUpload, SurveyNeed, SurveyUpload
from campus.people.models import Person
from campus_demo.impact import SOURCE, seed_needs
from campus_demo.seed import seed

pytestmark = pytest.mark.django_db


def test_the_demo_surveys_every_partner_region_once(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    seed()
    upload = SurveyUpload.objects.get(source=SOURCE)
    partner_regions = Region.objects.filter(institutions__isnull=False).distinct()

    assert set(upload.needs.values_list("region", flat=True)) == set(
        partner_regions.values_list("pk", flat=True)
    )
    assert upload.needs.filter(region=partner_regions.first()).count() == 5
    assert seed_needs() == 0
    assert SurveyNeed.objects.filter(upload__source=SOURCE).count() == upload.needs.count()
    assert not ExposureUpload.objects.exists()

    client.force_login(Person.objects.get(email="coordinator@campus.test"))
    region = partner_regions.first()
    page = client.get(reverse("impact:gap"), {"region": region.code})
    assert page.status_code == 200
    assert page.context["report"].rows
    assert page.context["report"].unserved
    assert "No exposure data set has been uploaded" in page.content.decode()
