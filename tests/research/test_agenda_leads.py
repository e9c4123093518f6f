"""An agenda's leads: a lead makes a member a lead (told, audited), a lead steps down, the
only lead may neither step down nor leave, and nobody else promotes, in the services, the
API and on the agenda's page."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from campus.people.models import Notification
from campus.research import services
from campus.research.models import AgendaMember, ResearchEvent

pytestmark = pytest.mark.django_db


def _join(agenda, person, lead):
    services.join_request_approve(
        request=services.join_request_create(agenda=agenda, by=person), by=lead
    )
    return AgendaMember.objects.get(agenda=agenda, person=person)


@pytest.fixture
def members(agenda, rita, paulo, practitioner):
    """Rita leads; Paulo and Pia are members."""
    return {
        "rita": AgendaMember.objects.get(agenda=agenda, person=rita),
        "paulo": _join(agenda, paulo, rita),
        "pia": _join(agenda, practitioner, rita),
    }


def _role(member) -> str:
    member.refresh_from_db()
    return member.role


def test_a_lead_promotes_a_member_who_is_told_and_it_is_audited(agenda, rita, paulo, members):
    services.agenda_member_promote(member=members["paulo"], by=rita)
    assert _role(members["paulo"]) == "lead"
    notice = Notification.objects.filter(person=paulo).latest("pk")
    assert "You are now a lead" in notice.text and agenda.title in notice.text
    event = ResearchEvent.objects.get(agenda=agenda, action="member_promoted")
    assert event.actor == rita and event.note == str(paulo.pk)
    with pytest.raises(ValidationError, match="lead of this agenda already"):
        services.agenda_member_promote(member=members["paulo"], by=rita)


def test_a_member_who_is_no_lead_promotes_nobody(agenda, paulo, practitioner, members):
    with pytest.raises(PermissionDenied):
        services.agenda_member_promote(member=members["pia"], by=paulo)
    with pytest.raises(PermissionDenied):
        services.agenda_member_promote(member=members["paulo"], by=paulo)  # nor himself
    assert _role(members["pia"]) == "member" and _role(members["paulo"]) == "member"
    assert not ResearchEvent.objects.filter(action="member_promoted").exists()


def test_the_only_lead_neither_steps_down_nor_leaves_until_another_is_named(
    agenda, rita, paulo, members
):
    with pytest.raises(ValidationError, match="only lead"):
        services.agenda_lead_step_down(agenda=agenda, by=rita)
    with pytest.raises(ValidationError, match="only lead"):
        services.agenda_leave(agenda=agenda, by=rita)
    assert _role(members["rita"]) == "lead"
    with pytest.raises(ValidationError, match="not a lead"):
        services.agenda_lead_step_down(agenda=agenda, by=paulo)
    services.agenda_member_promote(member=members["paulo"], by=rita)
    services.agenda_lead_step_down(agenda=agenda, by=rita)
    assert _role(members["rita"]) == "member" and _role(members["paulo"]) == "lead"
    assert ResearchEvent.objects.filter(agenda=agenda, action="lead_stepped_down").count() == 1
    # Paulo is the only lead now; Rita, a member, may no longer promote.
    with pytest.raises(ValidationError, match="only lead"):
        services.agenda_lead_step_down(agenda=agenda, by=paulo)
    with pytest.raises(PermissionDenied):
        services.agenda_member_promote(member=members["pia"], by=rita)


def test_leads_in_the_api(client, agenda, rita, paulo, members):
    base = f"/api/v1/research/agendas/{agenda.pk}"
    ids = {m["id"]: m["role"] for m in client.get(base).json()["members"]}
    assert ids == {
        members["rita"].pk: "lead",
        members["paulo"].pk: "member",
        members["pia"].pk: "member",
    }
    promote = f"{base}/members/{members['pia'].pk}/promote"
    assert client.post(promote).status_code == 401
    client.force_login(paulo)
    refused = client.post(promote)
    assert refused.status_code == 403 and refused.json()["detail"]
    client.force_login(rita)
    only = client.post(f"{base}/step-down")
    assert only.status_code == 400 and "only lead" in only.json()["detail"]
    missing = client.post(f"{base}/members/999999/promote")
    assert missing.status_code == 404 and missing.json()["detail"]
    done = client.post(promote)
    assert done.status_code == 200
    roles = {m["id"]: m["role"] for m in done.json()["members"]}
    assert roles[members["pia"].pk] == "lead"
    again = client.post(promote)
    assert again.status_code == 400 and "already" in again.json()["detail"]
    stepped = client.post(f"{base}/step-down")
    assert stepped.status_code == 200
    assert {m["id"]: m["role"] for m in stepped.json()["members"]}[members["rita"].pk] == "member"


def test_leads_on_the_agenda_page(client, agenda, rita, paulo, members):
    promote = reverse("research:agenda_promote", args=[agenda.pk, members["paulo"].pk])
    client.force_login(paulo)
    page = client.get(agenda.get_absolute_url()).text
    assert promote not in page and "Step down as lead" not in page
    refused = client.post(promote, follow=True)
    assert "Only the agenda&#x27;s leads may do this." in refused.text
    assert _role(members["paulo"]) == "member"
    client.force_login(rita)
    page = client.get(agenda.get_absolute_url()).text
    assert promote in page and "Step down as lead" in page
    only = client.post(reverse("research:agenda_step_down", args=[agenda.pk]), follow=True)
    assert "only lead" in only.text and _role(members["rita"]) == "lead"
    done = client.post(promote, follow=True)
    assert "Paulo Lecturer is now a lead of the agenda." in done.text
    assert _role(members["paulo"]) == "lead"
    stepped = client.post(reverse("research:agenda_step_down", args=[agenda.pk]), follow=True)
    assert "You stepped down" in stepped.text and _role(members["rita"]) == "member"
    assert (
        client.post(reverse("research:agenda_promote", args=[agenda.pk, 999999])).status_code == 404
    )
