"""A challenge may say the last day to apply: applications after it are refused with the date,
the page says so instead of offering Apply, and a deadline after the start is refused."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from campus.challenges import services
from campus.challenges.models import Application, Challenge
from campus.people.models import Role

from .conftest import challenge_fields, person

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)


def _open_with_deadline(stakeholder, organisation, coordinator, skills, close):
    challenge = services.challenge_create(
        by=stakeholder,
        organisation=organisation,
        **challenge_fields(skills, applications_close_on=close),
    )
    services.challenge_submit(challenge=challenge, by=stakeholder)
    services.challenge_approve(challenge=challenge, by=coordinator)
    return services.challenge_open(challenge=challenge, by=coordinator)


def test_one_may_apply_on_the_last_day_and_not_after(
    stakeholder, organisation, coordinator, skills, geel
):
    today = timezone.localdate()
    last_day = _open_with_deadline(stakeholder, organisation, coordinator, skills, today)
    student = person(geel, Role.STUDENT)
    services.application_submit(challenge=last_day, person=student, by=student, role="student")

    passed = _open_with_deadline(stakeholder, organisation, coordinator, skills, today)
    Challenge.objects.filter(pk=passed.pk).update(applications_close_on=today - DAY)
    late = person(geel, Role.STUDENT)
    with pytest.raises(ValidationError, match="closed on"):
        services.application_submit(challenge=passed, person=late, by=late, role="student")
    assert not Application.objects.filter(person=late).exists()


def test_a_deadline_after_the_start_is_refused_and_nothing_is_saved(
    stakeholder, organisation, skills
):
    fields = challenge_fields(skills)
    fields["applications_close_on"] = fields["starts_on"] + DAY
    with pytest.raises(ValidationError) as refused:
        services.challenge_create(by=stakeholder, organisation=organisation, **fields)
    assert "applications_close_on" in refused.value.message_dict
    assert not Challenge.objects.exists()


def test_the_page_names_the_deadline_and_after_it_gives_the_reason_instead_of_apply(
    client, stakeholder, organisation, coordinator, skills, geel
):
    today = timezone.localdate()
    challenge = _open_with_deadline(stakeholder, organisation, coordinator, skills, today + DAY)
    student = person(geel, Role.STUDENT)
    client.force_login(student)
    page = client.get(challenge.get_absolute_url()).content.decode()
    assert "Applications close" in page
    assert reverse("challenges:apply", args=[challenge.pk]) in page

    Challenge.objects.filter(pk=challenge.pk).update(applications_close_on=today - DAY)
    page = client.get(challenge.get_absolute_url()).content.decode()
    assert "Applications for this challenge closed on" in page
    assert reverse("challenges:apply", args=[challenge.pk]) not in page
    form = client.get(reverse("challenges:apply", args=[challenge.pk])).content.decode()
    assert "closed on" in form and "disabled" in form


def test_the_api_carries_the_deadline_and_refuses_one_after_the_start(
    client, stakeholder, organisation, coordinator, skills
):
    today = timezone.localdate()
    challenge = _open_with_deadline(stakeholder, organisation, coordinator, skills, today)
    body = client.get(f"/api/v1/challenges/{challenge.pk}").json()
    assert body["applications_close_on"] == today.isoformat()

    organisation.slug = "kempen-water"
    organisation.save()
    client.force_login(stakeholder)
    payload = challenge_fields(skills)
    payload.update(
        organisation="kempen-water",
        starts_on=payload["starts_on"].isoformat(),
        ends_on=payload["ends_on"].isoformat(),
        applications_close_on=(payload["starts_on"] + DAY).isoformat(),
    )
    count = Challenge.objects.count()
    response = client.post("/api/v1/challenges", payload, content_type="application/json")
    assert response.status_code == 400
    assert "on or before the day the challenge starts" in response.json()["detail"]
    assert Challenge.objects.count() == count
