"""The knowledge-transfer pages on a phone (360 px): the request form, My requests, Requests to
me and a request with its answer and rating form do not scroll sideways and axe-core finds no
serious or critical violation on them."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser

from campus.people.models import Role, Visibility
from campus.research import services, transfer
from tests.browser.accounts import sign_in
from tests.browser.test_phone_width import PHONE, phone_problems
from tests.factories import InstitutionFactory, OrganisationFactory, PersonFactory


@pytest.fixture
def answered(transactional_db):
    services.topics_load()
    rita = PersonFactory(
        email="researcher@campus.test",
        display_name="Rita Researcher",
        institution=InstitutionFactory(short_name="Thomas More"),
        roles=[Role.RESEARCHER],
        visibility=Visibility.PUBLIC,
    )
    stefan = PersonFactory(
        email="stakeholder@campus.test",
        display_name="Stefan Stakeholder",
        organisation=OrganisationFactory(name="Gemeente Kempen met een lange naam aan de Nete"),
        roles=[Role.STAKEHOLDER],
    )
    profile = services.expert_profile_save(
        person=rita, by=rita, topics=["climate-adaptation"], available_for_consultancy=True
    )
    request = transfer.transfer_request_create(
        by=stefan,
        title="Flood risk in a small town on the Nete, street by street",
        question="Which streets flood first? " * 20,
        topics=["climate-adaptation"],
        expert=profile,
    )
    transfer.transfer_accept(request=request, by=rita)
    transfer.transfer_answer(
        request=request,
        by=rita,
        answer="Start with the low streets. " * 20,
        link="https://example.org/a/rather/long/address/to/a/flood-risk-map-of-the-town",
    )
    return profile, request


def test_the_transfer_pages_fit_a_phone_and_pass_axe(browser: Browser, live_server, answered):
    profile, request = answered
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    base = live_server.url
    axe = Axe()
    found = {}
    for email, paths in (
        (
            "stakeholder@campus.test",
            [
                profile.get_absolute_url(),
                f"/research/requests/new/?expert={profile.pk}",
                "/research/requests/",
                request.get_absolute_url(),
            ],
        ),
        ("researcher@campus.test", ["/research/requests/to-me/", request.get_absolute_url()]),
    ):
        sign_in(page, base, email)
        for path in paths:
            response = page.goto(base + path)
            assert response is not None and response.ok, f"{path}: {response and response.status}"
            problems = phone_problems(page, axe)
            if problems:
                found[f"{email} {path}"] = problems
        page.get_by_role("button", name="Sign out").click()
    context.close()
    assert not found, "\n".join(f"{path}: {p}" for path, ps in found.items() for p in ps)
