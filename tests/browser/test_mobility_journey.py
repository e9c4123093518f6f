"""A student applies for a blended intensive programme; the home coordinator nominates, the
host's coordinator accepts; both coordinators and the student sign the learning agreement;
the host records the result; the home coordinator recognises it and the student's transcript
shows the credits."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from campus.mobility import services
from campus.mobility.models import LearningAgreement, OpportunityKind
from campus.people.models import Role
from tests.browser.accounts import sign_in
from tests.factories import CourseFactory, InstitutionFactory, PersonFactory, RunFactory


@pytest.fixture
def mobility(transactional_db):
    geel = InstitutionFactory(short_name="Thomas More", code="B  GEEL07")
    porto = InstitutionFactory(short_name="P.Porto", code="P  PORTO05", country="PT")
    host_coordinator = PersonFactory(
        email="hugo@campus.test",
        display_name="Hugo Host",
        institution=porto,
        roles=[Role.COORDINATOR],
    )
    PersonFactory(
        email="hanne@campus.test",
        display_name="Hanne Home",
        institution=geel,
        roles=[Role.COORDINATOR],
    )
    lecturer = PersonFactory(
        email="lecturer@campus.test",
        display_name="Lia Lecturer",
        institution=porto,
        roles=[Role.LECTURER],
    )
    PersonFactory(
        email="student@campus.test",
        display_name="Sam Student",
        institution=geel,
        roles=[Role.STUDENT],
    )
    course = CourseFactory(code="PP-WATER", title="Water in the city", ects=3, hosts=[porto])
    run = RunFactory(course=course, label="Spring BIP")
    run.teachers.add(lecturer)
    start = timezone.localdate() + datetime.timedelta(days=40)
    services.opportunity_create(
        by=host_coordinator,
        host=porto,
        kind=OpportunityKind.BLENDED,
        title="Blended intensive programme: water in Porto",
        starts_on=start,
        ends_on=start + datetime.timedelta(days=30),
        physical_starts_on=start + datetime.timedelta(days=20),
        physical_ends_on=start + datetime.timedelta(days=25),
        virtual_component="Four online workshops",
        application_deadline=start,
        places=10,
        courses=[course],
    )
    return {"course": course}


def _open_queue_item(page: Page, text: str) -> None:
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Mobility queue").click()
    page.get_by_role("link", name=re.compile(text)).first.click()


def test_a_blended_mobility_from_application_to_transcript(page: Page, live_server, mobility):
    base = live_server.url
    sign_in(page, base, "student@campus.test")
    page.get_by_role("navigation", name="Main").get_by_role(
        "link", name="Mobility", exact=True
    ).click()
    page.get_by_label("Kind").select_option(label="Blended intensive programme")
    page.get_by_role("button", name="Show opportunities").click()
    page.get_by_role("link", name="Blended intensive programme: water in Porto").click()
    page.get_by_label("Motivation").fill("I study urban water and want the week in Porto.")
    page.get_by_label("Your level in that language (CEFR)").select_option("B2")
    page.get_by_role("button", name="Send my application").click()
    expect(page.get_by_text("Your application is sent to your home institution.")).to_be_visible()
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, base, "hanne@campus.test")
    _open_queue_item(page, "Sam Student")
    page.get_by_label("Nominate", exact=True).check()
    page.get_by_role("button", name="Record the decision").click()
    expect(page.get_by_text("Your decision is recorded.")).to_be_visible()
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, base, "hugo@campus.test")
    _open_queue_item(page, "Sam Student")
    page.get_by_label("Accept", exact=True).check()
    page.get_by_role("button", name="Record the decision").click()
    page.get_by_role("link", name="Open the learning agreement").click()
    expect(page.get_by_text("Table D")).to_have_count(0)
    expect(page.get_by_role("table", name="Blended mobility components")).to_contain_text(
        "Water in the city"
    )
    page.get_by_label("Your position").fill("International coordinator")
    page.get_by_role("button", name="Sign for the receiving institution").click()
    expect(page.get_by_text("Your signature is recorded.")).to_be_visible()
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, base, "hanne@campus.test")
    _open_queue_item(page, "Sam Student: Thomas More")
    page.get_by_role("button", name="Sign for the sending institution").click()
    expect(page.get_by_text("Your signature is recorded.")).to_be_visible()
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, base, "student@campus.test")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="My mobility").click()
    agreements = page.get_by_role("region", name="My learning agreements")
    agreements.get_by_role("link", name="Blended intensive programme: water in Porto").click()
    page.get_by_role("button", name="Sign as the student").click()
    expect(page.get_by_text("Approved by all three")).to_be_visible()
    page.goto(f"{base}{mobility['course'].get_absolute_url()}")
    page.get_by_role("button", name="Enrol").first.click()
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, base, "lecturer@campus.test")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Teaching").click()
    page.get_by_role("link", name="PP-WATER Water in the city").first.click()
    page.get_by_label("ECTS grade — Sam Student").select_option("A")
    page.get_by_label("Local grade — Sam Student").fill("18/20")
    page.get_by_role("button", name="Save the result of Sam Student").click()
    expect(page.get_by_role("row", name=re.compile("Sam Student"))).to_contain_text("18/20")
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, base, "hanne@campus.test")
    agreement = LearningAgreement.objects.get()
    page.goto(f"{base}{agreement.get_absolute_url()}")
    page.get_by_role("button", name="Recognise the mobility").click()
    expect(page.get_by_text("The mobility is recognised.")).to_be_visible()
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, base, "student@campus.test")
    page.goto(f"{base}/records/transcript/")
    recognised = page.get_by_role("region", name="Recognised credits")
    expect(recognised).to_contain_text("Water in the city")
    expect(recognised).to_contain_text("B  GEEL07")
    expect(recognised).to_contain_text("3.0")
