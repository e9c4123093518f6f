"""The demo's knowledge-transfer requests: every state, from people of the demo stakeholder
organisations; one about flood risk waits for researcher@campus.test, who can take it."""

import pytest
from django.urls import reverse

from campus.people.models import Person
from campus.research.models import ResearchEvent, TransferRequest
from campus_demo.seed import seed
from campus_demo.transfer import FLOOD_TITLE, seed_transfer

pytestmark = pytest.mark.django_db


def test_the_demo_requests(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    seed()
    requests = TransferRequest.objects.select_related("stakeholder", "organisation")
    states = sorted(requests.values_list("title", "state"))
    assert {s for _t, s in states} == {
        "open",
        "accepted",
        "answered",
        "rated",
        "declined",
        "withdrawn",
    }, states
    assert requests.filter(stakeholder__email="stakeholder@campus.test").count() >= 3
    assert requests.values("organisation").distinct().count() >= 2
    for request in requests:
        assert request.stakeholder.holds("stakeholder", organisation_id=request.organisation_id)
        assert ResearchEvent.objects.filter(transfer=request, action="transfer_requested").exists()
    assert requests.filter(chosen=False).exclude(invitations__match={}).exists()
    flood = requests.get(title=FLOOD_TITLE)
    rita = Person.objects.get(email="researcher@campus.test")
    assert flood.state == "open"
    assert list(flood.invitations.values_list("profile__person", flat=True)) == [rita.pk]

    client.force_login(rita)
    assert FLOOD_TITLE in client.get(reverse("research:transfers_to_me")).text
    taken = client.post(reverse("research:transfer_accept", args=[flood.pk]), follow=True)
    assert "You took the request" in taken.text
    stefan = Person.objects.get(email="stakeholder@campus.test")
    client.force_login(stefan)
    mine = client.get(reverse("research:transfers_mine")).text
    assert FLOOD_TITLE in mine and "Answered" in mine

    count = TransferRequest.objects.count()
    assert seed_transfer() == 0 and TransferRequest.objects.count() == count
