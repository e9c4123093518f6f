"""The impact dashboard in Chromium: its charts are images with text alternatives, each with
its table, a filter changes them, and nothing scrolls sideways on a phone; axe finds no
serious or critical violation."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from campus.people.models import Role
from tests.browser.test_catalogue_journey import sign_in
from tests.browser.test_phone_width import phone_problems
from tests.factories import PersonFactory
from tests.impact.test_indicators import build_alliance


@pytest.fixture
def constructed(transactional_db):
    found = build_alliance()
    PersonFactory(
        email="coordinator@campus.test", institution=found["geel"], roles=[Role.COORDINATOR]
    )
    return found


def test_the_dashboard_charts_have_text_alternatives_and_a_filter_changes_them(
    page: Page, live_server, constructed
):
    sign_in(page, live_server.url, "coordinator@campus.test")
    page.goto(f"{live_server.url}/impact/dashboard/")

    chart = page.get_by_role("img", name="Enrolments and completions")
    expect(chart).to_be_visible()
    description = chart.evaluate(
        "svg => svg.getAttribute('aria-labelledby').split(' ')"
        ".map(id => document.getElementById(id).textContent).join(' ')"
    )
    assert "Geel" in description and "Porto" in description
    table = page.get_by_role("table", name="Enrolments and completions")
    expect(table.get_by_role("row", name=re.compile("^Geel"))).to_contain_text("5")

    # Filter by Porto's region and break down by term: the chart and its table change.
    page.get_by_label("Region").select_option("PT11")
    page.get_by_label("Broken down by").select_option("term")
    page.get_by_role("button", name="Show").click()

    expect(page).to_have_url(re.compile(r"region=PT11"))
    table = page.get_by_role("table", name="Enrolments and completions")
    expect(table.get_by_role("row", name=re.compile("^Autumn 2026"))).to_contain_text("2")
    expect(table.get_by_role("row", name=re.compile("^Spring 2027"))).to_contain_text("2")
    chart = page.get_by_role("img", name="Enrolments and completions")
    changed = chart.evaluate(
        "svg => svg.getAttribute('aria-labelledby').split(' ')"
        ".map(id => document.getElementById(id).textContent).join(' ')"
    )
    assert "Spring 2027" in changed and "Geel" not in changed
    headline = page.locator('[data-figure="enrolments"] dd')
    expect(headline).to_have_text("4")


def test_the_dashboard_fits_a_phone_and_passes_axe(page: Page, live_server, constructed):
    page.set_viewport_size({"width": 360, "height": 780})
    sign_in(page, live_server.url, "coordinator@campus.test")
    axe = Axe()
    for path in ("/impact/dashboard/", "/impact/regions/", "/impact/"):
        page.goto(f"{live_server.url}{path}")
        problems = phone_problems(page, axe)
        assert not problems, (path, problems)
