"""A lecturer records a pass; the learner finds the new credential, shares it, opens its
public page, downloads it and the verify page says it is valid; after the issuer revokes
it, the same pages say revoked."""

import re

import pytest
from playwright.sync_api import Page, expect

from campus.catalog import services as catalog
from campus.credentials import services
from campus.credentials.models import Credential
from campus.people.models import Role
from tests.browser.test_catalogue_journey import sign_in
from tests.factories import CourseFactory, InstitutionFactory, PersonFactory, RunFactory


@pytest.fixture
def course_with_learner(transactional_db):
    from campus.credentials.verification import forget_keys

    forget_keys()
    geel = InstitutionFactory(short_name="Thomas More", name="Thomas More University")
    course = CourseFactory(code="GEEL-CLI-101", title="Climate adaptation", hosts=[geel])
    run = RunFactory(course=course, label="Spring term")
    lecturer = PersonFactory(
        email="lecturer@campus.test",
        display_name="Lars Lecturer",
        institution=geel,
        roles=[Role.LECTURER],
    )
    run.teachers.add(lecturer)
    learner = PersonFactory(
        email="learner@campus.test", display_name="Lea Learner", roles=[Role.LIFELONG_LEARNER]
    )
    catalog.enrol(run=run, person=learner, by=learner)
    coordinator = PersonFactory(institution=geel, roles=[Role.COORDINATOR])
    yield {"coordinator": coordinator, "learner": learner}
    forget_keys()


def test_earn_share_download_verify_and_see_revocation(
    page: Page, live_server, course_with_learner, tmp_path
):
    base = live_server.url
    sign_in(page, base, "lecturer@campus.test")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Teaching").click()
    page.get_by_role("link", name="GEEL-CLI-101 Climate adaptation").first.click()
    page.get_by_label("ECTS grade — Lea Learner").select_option("A")
    page.get_by_role("button", name="Save the result of Lea Learner").click()
    expect(page.get_by_role("row", name=re.compile("Lea Learner"))).to_contain_text("A")
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, base, "learner@campus.test")
    nav = page.get_by_role("navigation", name="Main")
    nav.get_by_role("link", name="My credentials").click()
    expect(page.get_by_role("heading", name="Climate adaptation")).to_be_visible()
    page.get_by_role("button", name="Share Climate adaptation").click()
    expect(page.get_by_text(re.compile("is shared: anyone with its address"))).to_be_visible()

    page.get_by_role("link", name="Open and verify").click()
    expect(
        page.get_by_role("heading", name="Verified: this credential is genuine and valid")
    ).to_be_visible()
    expect(page.get_by_text("Thomas More University").first).to_be_visible()
    public_url = page.url

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download JSON").click()
    saved = tmp_path / "credential.json"
    download_info.value.save_as(saved)

    page.goto(f"{base}/credentials/verify/")
    page.get_by_label(re.compile("choose a file")).set_input_files(str(saved))
    page.get_by_role("button", name="Verify").click()
    expect(
        page.get_by_role("heading", name="Verified: this credential is genuine and valid")
    ).to_be_visible()

    credential = Credential.objects.get()
    services.credential_revoke(
        credential=credential,
        by=course_with_learner["coordinator"],
        reason="The assessment was another person's work.",
    )
    page.goto(public_url)
    expect(page.get_by_role("heading", name="Not verified")).to_be_visible()
    expect(page.get_by_role("alert")).to_contain_text("revoked by its issuer")

    page.goto(f"{base}/credentials/verify/")
    page.get_by_label(re.compile("choose a file")).set_input_files(str(saved))
    page.get_by_role("button", name="Verify").click()
    expect(page.get_by_role("heading", name="Not verified")).to_be_visible()
    expect(page.get_by_text(re.compile("revoked", re.IGNORECASE)).first).to_be_visible()
