"""Knowledge-transfer pages: "Ask this expert" on an expert's page (only for people who may ask,
only when the expert takes requests), the request form, My requests, Requests to me, and the
request page with its history and the actions its reader may take."""

import pytest
from django.urls import reverse

from campus.research.models import TransferRequest
from tests.factories import PersonFactory
from tests.research.transfer.conftest import ask

pytestmark = pytest.mark.django_db
ASK = "Ask this expert"


def test_ask_this_expert_is_shown_only_to_people_who_may_ask_an_available_expert(
    client, stefan, only_declared, rita, rita_profile, paulo, paulo_profile
):
    client.force_login(stefan)
    assert ASK in client.get(rita_profile.get_absolute_url()).text
    assert ASK not in client.get(paulo_profile.get_absolute_url()).text  # not available
    for someone in (only_declared, paulo, rita):
        client.force_login(someone)
        assert ASK not in client.get(rita_profile.get_absolute_url()).text
    client.force_login(only_declared)
    refused = client.get(reverse("research:transfer_new") + f"?expert={rita_profile.pk}")
    assert refused.status_code == 403 and "affiliation is granted" in refused.text


def test_a_stakeholder_asks_an_expert_and_follows_the_request(client, stefan, rita, rita_profile):
    client.force_login(stefan)
    form = client.get(reverse("research:transfer_new") + f"?expert={rita_profile.pk}")
    assert "Ask Rita Researcher" in form.text
    sent = client.post(
        reverse("research:transfer_new"),
        {
            "expert": rita_profile.pk,
            "title": "Flood risk in a small town",
            "question": "Which streets flood first?",
            "topics": ["climate-adaptation"],
            "organisation": stefan.organisation_id,
            "wished_by": "",
        },
        follow=True,
    )
    assert "Your request is sent to Rita Researcher." in sent.text
    request = TransferRequest.objects.get()
    assert sent.redirect_chain[-1][0] == request.get_absolute_url()
    assert "Open" in sent.text and "Withdraw the request" in sent.text
    mine = client.get(reverse("research:transfers_mine"))
    assert "Flood risk in a small town" in mine.text

    client.force_login(rita)
    to_me = client.get(reverse("research:transfers_to_me"))
    assert "Flood risk in a small town" in to_me.text and "From Stefan Stakeholder" in to_me.text
    page = client.get(request.get_absolute_url())
    assert "Accept the request" in page.text and "Withdraw the request" not in page.text
    accepted = client.post(reverse("research:transfer_accept", args=[request.pk]), follow=True)
    assert "You took the request" in accepted.text and "Send the answer" in accepted.text
    empty = client.post(
        reverse("research:transfer_answer", args=[request.pk]), {"answer": ""}, follow=True
    )
    assert empty.status_code == 400 and "This field is required." in empty.text
    bad_link = client.post(
        reverse("research:transfer_answer", args=[request.pk]),
        {"answer": "Kept while the link is fixed", "link": "ftp://example.org"},
    )
    assert bad_link.status_code == 400 and "Give a web address that starts" in bad_link.text
    assert "Kept while the link is fixed" in bad_link.text
    client.post(
        reverse("research:transfer_answer", args=[request.pk]),
        {"answer": "Start with the low streets.", "link": "https://example.org/map"},
    )
    twice = client.post(
        reverse("research:transfer_answer", args=[request.pk]), {"answer": "Again"}, follow=True
    )
    assert "This request has been answered already." in twice.text

    client.force_login(stefan)
    page = client.get(request.get_absolute_url())
    assert "Start with the low streets." in page.text and "Rate the answer" in page.text
    rated = client.post(
        reverse("research:transfer_rate", args=[request.pk]),
        {"rating": "5", "comment": "Clear"},
        follow=True,
    )
    assert "your rating is saved" in rated.text and "Rated 5 of 5" in rated.text
    history = rated.text[rated.text.index("History") :]
    for step in ("Asked", "Accepted", "Answered", "Rated"):
        assert step in history


def test_a_routed_request_is_sent_from_the_form(client, stefan, rita_profile, flood_skill):
    client.force_login(stefan)
    form = client.get(reverse("research:transfer_new"))
    assert "flood risk" in form.text  # the skills of the available experts are offered
    sent = client.post(
        reverse("research:transfer_new"),
        {
            "title": "Flood risk",
            "question": "Which streets?",
            "skills": [flood_skill.uri],
            "organisation": stefan.organisation_id,
        },
        follow=True,
    )
    assert "sent to the experts who match it best" in sent.text
    assert "Shares with the request:" in sent.text


def test_bad_input_on_the_form_is_shown_and_nothing_is_sent(client, stefan, rita_profile):
    client.force_login(stefan)
    answer = client.post(
        reverse("research:transfer_new"),
        {
            "expert": rita_profile.pk,
            "title": "",
            "question": "x",
            "organisation": stefan.organisation_id,
            "wished_by": "2001-01-01",
        },
    )
    assert answer.status_code == 400 and "Your request was not sent" in answer.text
    assert not TransferRequest.objects.exists()
    routed = client.post(
        reverse("research:transfer_new"),
        {
            "title": "T",
            "question": "Q",
            "topics": ["healthy-ageing"],
            "organisation": stefan.organisation_id,
        },
    )
    assert routed.status_code == 400 and "No available expert shares" in routed.text


def test_a_stranger_cannot_read_a_request(client, stefan, rita_profile):
    request = ask(stefan, expert=rita_profile)
    client.force_login(PersonFactory())
    assert client.get(request.get_absolute_url()).status_code == 404
    assert client.post(reverse("research:transfer_accept", args=[request.pk])).status_code == 404
    client.logout()
    assert client.get(request.get_absolute_url()).status_code == 302  # to the sign-in page


def test_withdrawing_asks_first(client, stefan, rita, rita_profile):
    request = ask(stefan, expert=rita_profile)
    client.force_login(stefan)
    url = reverse("research:transfer_withdraw", args=[request.pk])
    question = client.post(url)
    assert "Withdraw “Flood risk in a small town”?" in question.text
    request.refresh_from_db()
    assert request.state == "open"
    done = client.post(url, {"confirmed": "1"}, follow=True)
    assert "The request is withdrawn." in done.text
    request.refresh_from_db()
    assert request.state == "withdrawn"
    client.force_login(rita)
    assert client.post(url).status_code == 404  # only the person who asked


def test_a_decline_with_its_reason_reads_on_the_request(client, stefan, rita, rita_profile):
    request = ask(stefan, expert=rita_profile)
    client.force_login(rita)
    client.post(reverse("research:transfer_decline", args=[request.pk]), {"reason": "On leave"})
    client.force_login(stefan)
    page = client.get(request.get_absolute_url())
    assert "Declined by all" in page.text and "“On leave”" in page.text


def test_the_pages_are_labelled_and_fit_a_phone(client, stefan, rita, rita_profile):
    request = ask(stefan, expert=rita_profile)
    for person, urls in (
        (stefan, [reverse("research:transfers_mine"), reverse("research:transfer_new")]),
        (rita, [reverse("research:transfers_to_me"), request.get_absolute_url()]),
    ):
        client.force_login(person)
        for url in urls:
            page = client.get(url)
            assert page.status_code == 200
            assert 'name="viewport"' in page.text and "<h1>" in page.text
            assert 'aria-label="Research hub"' in page.text


def test_list_pages_read_in_a_fixed_number_of_queries(
    client, stefan, rita, rita_profile, django_assert_max_num_queries
):
    for _k in range(4):
        ask(stefan, expert=rita_profile)
    client.force_login(stefan)
    client.get(reverse("research:transfers_mine"))
    with django_assert_max_num_queries(14):
        assert client.get(reverse("research:transfers_mine")).status_code == 200
    client.force_login(rita)
    client.get(reverse("research:transfers_to_me"))
    with django_assert_max_num_queries(12):
        assert client.get(reverse("research:transfers_to_me")).status_code == 200
