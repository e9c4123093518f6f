"""A newcomer signs up, signs in, and adds a skill through the autocomplete."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.factories import InstitutionFactory, SkillFactory


@pytest.fixture
def alliance(transactional_db):
    InstitutionFactory(short_name="Thomas More", name="Thomas More University of Applied Sciences")
    SkillFactory(label="Python", uri="http://data.europa.eu/esco/skill/python-test")
    SkillFactory(label="restore wetlands", uri="http://data.europa.eu/esco/skill/wetlands-test")


def test_sign_up_log_in_and_add_a_skill(page: Page, live_server, alliance, mailoutbox):
    page.goto(f"{live_server.url}/accounts/signup/")
    page.get_by_label("E-mail address").fill("newcomer@example.eu")
    page.get_by_label("Your name").fill("Nadia Newcomer")
    page.get_by_label("I am a").select_option(label="Student")
    page.get_by_label("Home institution").select_option(label="Thomas More")
    page.get_by_label(re.compile(r"^Password:?$")).fill("resilient-regions-2025")
    page.get_by_label("Password again").fill("resilient-regions-2025")
    page.get_by_role("button", name="Create my account").click()
    expect(page.get_by_role("heading", name="Confirm your e-mail address")).to_be_visible()
    # The account acts once the address is confirmed through the link e-mailed to it.
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", mailoutbox[-1].body).group(0)
    page.goto(link)
    page.get_by_role("button", name="Confirm").click()
    # Signed in, the person lands on their dashboard; their name opens the profile.
    expect(page.get_by_role("heading", name="Dashboard", level=1)).to_be_visible()
    page.get_by_role("group", name="Your account").get_by_role(
        "link", name="Nadia Newcomer"
    ).click()
    expect(page.get_by_role("heading", name="Nadia Newcomer")).to_be_visible()
    # A learner at once; being a student of Thomas More waits for its coordinators.
    expect(page.get_by_text("Requested")).to_be_visible()

    # Sign out and in again, as a returning person would.
    page.get_by_role("button", name="Sign out").click()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("E-mail address").fill("newcomer@example.eu")
    page.get_by_label(re.compile(r"^Password:?$")).fill("resilient-regions-2025")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Dashboard", level=1)).to_be_visible()
    page.get_by_role("group", name="Your account").get_by_role(
        "link", name="Nadia Newcomer"
    ).click()
    expect(page.get_by_role("heading", name="Nadia Newcomer")).to_be_visible()

    page.get_by_role("link", name="Edit my profile").click()
    page.get_by_label("Find a skill to add").press_sequentially("wetl", delay=50)
    add = page.get_by_role("button", name="Add restore wetlands")
    expect(add).to_be_visible()
    page.get_by_label("Proficiency in restore wetlands").select_option(label="Advanced")
    add.click()
    expect(page.get_by_text("Added “restore wetlands” to your skills.")).to_be_visible()

    page.goto(f"{live_server.url}/people/me/")
    skills = page.get_by_role("region", name="Skills")
    expect(skills.get_by_role("link", name="restore wetlands")).to_be_visible()
    expect(skills).to_contain_text("Advanced")
