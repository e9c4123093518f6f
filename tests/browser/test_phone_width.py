"""The campus on a phone: at 360 px no page of anyone's navigation scrolls sideways and axe-core
finds no serious or critical violation on it; the menu folds behind a button (and stays open
without JavaScript); the course page's Enrol button is on screen and works at 390 px.

The pages are taken from the menu each person is shown, so a page added to the navigation
later is checked too, with the detail pages one click away from each (a course, a programme,
a challenge, a credential, a run one teaches, ...)."""

import datetime
import re
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from campus.alliance.models import GovernanceBody, Membership
from campus.catalog import services as catalog
from campus.challenges import services as challenges
from campus.people import services as people
from campus.people.models import Role
from tests.factories import (
    CourseFactory,
    InstitutionFactory,
    OrganisationFactory,
    PersonFactory,
    ProgrammeFactory,
    RunFactory,
    SkillFactory,
)

PHONE = {"width": 360, "height": 740}
ROLES = [
    "student@campus.test",
    "lecturer@campus.test",
    "coordinator@campus.test",
    "stakeholder@campus.test",
]
# Files, not pages: a detail link to one of these is not visited.
DOWNLOAD = re.compile(r"\.(zip|pdf|json|ics|svg|png|csv)$|/(export|download|json|svg|pdf)/?$")

# The part of the page that is wider than the viewport without being inside a scroll region:
# what makes a phone scroll sideways, named so that the failure says where to look.
OVERFLOW_JS = """() => {
  const doc = document.documentElement;
  const width = doc.clientWidth;
  const scroller = (el) => {
    for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
      if (getComputedStyle(a).overflowX !== "visible") return a;
    }
    return null;
  };
  const name = (el) => `${el.tagName.toLowerCase()}${el.id ? "#" + el.id : ""}` +
    `${el.className && typeof el.className === "string" ? "." + el.className.trim().replace(/\\s+/g, ".") : ""}` +
    ` "${(el.textContent || "").trim().replace(/\\s+/g, " ").slice(0, 50)}"`;
  const wide = [];
  for (const el of document.body.querySelectorAll("*")) {
    const box = el.getBoundingClientRect();
    if (box.width === 0 || box.right <= 0) continue;
    const region = scroller(el);
    // Something positioned absolutely escapes a scroll region unless the region, or something
    // inside it, is its containing block.
    let escapes = region && getComputedStyle(el).position === "absolute";
    for (let a = el.parentElement; escapes && a; a = a === region ? null : a.parentElement) {
      if (getComputedStyle(a).position !== "static") escapes = false;
    }
    if (region && !escapes) {
      const r = region.getBoundingClientRect();
      if (r.right > width + 0.5) wide.push(name(region) + ` ends at ${Math.round(r.right)}px`);
    } else if (box.right > width + 0.5) {
      wide.push(name(el) + ` ends at ${Math.round(box.right)}px`);
    }
  }
  return {scrollWidth: doc.scrollWidth, clientWidth: width, wide: [...new Set(wide)].slice(0, 10)};
}"""


@pytest.fixture
def alliance(transactional_db):
    """One of each thing the navigation leads to, seen from each of the four roles."""
    today = timezone.localdate()
    geel = InstitutionFactory(
        short_name="Thomas More", name="Thomas More University of Applied Sciences"
    )
    brno = InstitutionFactory(short_name="MENDELU", name="Mendel University in Brno")
    org = OrganisationFactory(
        name="Geel Energy Cooperative", region=geel.region, partner_institution=geel
    )
    skills = [SkillFactory(label="hydrology"), SkillFactory(label="stakeholder engagement")]
    lecturer, coordinator, student = (
        PersonFactory(
            email=f"{name.split()[1].lower()}@campus.test",
            display_name=name,
            institution=geel,
            roles=roles,
        )
        for name, roles in (
            ("Lars Lecturer", [Role.LECTURER]),
            ("Corinne Coordinator", [Role.COORDINATOR, Role.STAFF]),
            ("Sam Student", [Role.STUDENT]),
        )
    )
    stakeholder = PersonFactory(
        email="stakeholder@campus.test",
        display_name="Stefan Stakeholder",
        organisation=org,
        roles=[Role.STAKEHOLDER],
    )
    # A course with a long title and several runs, one the student follows, one passed.
    course = CourseFactory(
        code="GEEL-ENE-201",
        title="Community energy cooperatives and the governance of local solar parks",
        hosts=[geel, brno],
        languages=["nl", "en"],
    )
    current = RunFactory(course=course, label="Spring term", location="Geel campus")
    current.teachers.add(lecturer)
    RunFactory(course=course, label="Autumn term")
    catalog.enrol(run=current, person=student, by=student)
    passed_course = CourseFactory(code="GEEL-CLI-101", title="Climate adaptation", hosts=[geel])
    passed = RunFactory(course=passed_course, label="Winter school")
    passed.teachers.add(lecturer)
    enrolment = catalog.enrol(run=passed, person=student, by=student)
    catalog.result_record(  # the credential follows the passing result
        enrolment=enrolment, by=lecturer, ects_grade="B", local_grade="15/20"
    )
    ProgrammeFactory(title="Joint Minor in Regional Climate Resilience", institutions=[geel, brno])
    # Challenges: one open (on the board), one draft of the stakeholder's.
    fields = {
        "organisation": org,
        "problem": "The streets around the old church flooded twice in three winters.",
        "expected_outcome": "A map of the flood risk and measures per street.",
        "region": org.region,
        "languages": ["en"],
        "skills": {skills[0].uri: 2.0, skills[1].uri: 1.0},
        "team_min": 2,
        "team_max": 4,
        "teams_wanted": 1,
        "starts_on": today + datetime.timedelta(days=20),
        "ends_on": today + datetime.timedelta(days=120),
    }
    flood = challenges.challenge_create(
        by=stakeholder, title="Flood-proofing the Kapellen neighbourhood", **fields
    )
    challenges.challenge_submit(challenge=flood, by=stakeholder)
    challenges.challenge_approve(challenge=flood, by=coordinator, feedback="Welcome!")
    challenges.challenge_open(challenge=flood, by=coordinator)
    challenges.application_submit(
        challenge=flood, person=student, by=student, role="student", motivation="I live there."
    )
    challenges.challenge_create(by=stakeholder, title="Heat islands on the market square", **fields)
    # A request for the coordinator's queue, and a governance body with its members.
    newcomer = PersonFactory(display_name="Nina Newcomer")
    people.affiliation_request(person=newcomer, role=Role.STUDENT, institution=geel, by=newcomer)
    forum = GovernanceBody.objects.create(
        name="Stakeholder forum", slug="stakeholder-forum", kind="stakeholders"
    )
    for person, role in ((stakeholder, "chair"), (coordinator, "secretary")):
        Membership.objects.create(body=forum, person=person, role=role, start=today)
    return {"course": course}


def sign_in(page: Page, base: str, email: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label(re.compile(r"^Password:?$")).fill("heroes-demo")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()


def _hrefs(page: Page, selector: str) -> list[str]:
    return page.eval_on_selector_all(selector, "els => els.map(e => e.getAttribute('href'))")


def pages_of(page: Page, base: str) -> list[str]:
    """The menu's and the account's links, and from each such page the first link of each kind
    deeper in its own part of the campus (a course of the catalogue, a credential of mine, my
    applications and a challenge of the board), at most six a page."""
    page.goto(base + "/")
    top = _hrefs(page, "nav.menu a") + _hrefs(page, ".account a")
    assert len(top) > 5, top
    found = list(dict.fromkeys(top))
    for href in top:
        section = "/" + urlsplit(href).path.strip("/").split("/")[0] + "/"
        if section == "//":
            continue
        page.goto(base + href)
        kinds = set()
        for link in _hrefs(page, "main a[href]"):
            path = urlsplit(link)
            # /challenges/12/ and /challenges/30/ are of one kind, /challenges/applications/ another
            kind = tuple("#" if re.search(r"\d", part) else part for part in path.path.split("/"))
            if (
                not path.netloc
                and not path.query
                and path.path.startswith(section)
                and path.path not in found
                and kind not in kinds
                and not DOWNLOAD.search(path.path)
            ):
                found.append(path.path)
                kinds.add(kind)
                if len(kinds) == 6:
                    break
    return found


def phone_problems(page: Page, axe: Axe) -> list[str]:
    """What is wrong with the open page on a phone: sideways scrolling, serious a11y issues."""
    problems = []
    layout = page.evaluate(OVERFLOW_JS)
    if layout["scrollWidth"] > layout["clientWidth"] or layout["wide"]:
        problems.append(
            f"scrolls sideways ({layout['scrollWidth']} > {layout['clientWidth']} px): "
            + "; ".join(layout["wide"])
        )
    for violation in axe.run(page).response["violations"]:
        if violation["impact"] in ("serious", "critical"):
            targets = [node["target"] for node in violation["nodes"][:3]]
            problems.append(f"axe {violation['id']} ({violation['impact']}): {targets}")
    return problems


@pytest.mark.parametrize("email", ROLES)
def test_every_page_of_the_navigation_fits_a_phone_and_passes_axe(
    browser: Browser, live_server, alliance, email
):
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    base = live_server.url
    sign_in(page, base, email)
    visited = pages_of(page, base)
    # The detail pages that matter are among them, so the check cannot thin out unnoticed.
    assert "/people/me/" in visited
    assert any(re.fullmatch(r"/courses/[^/]+/", p) for p in visited), (email, visited)
    assert any(re.fullmatch(r"/programmes/[^/]+/", p) for p in visited), (email, visited)
    assert any(re.fullmatch(r"/challenges/\d+/", p) for p in visited), (email, visited)
    if email == "student@campus.test":
        assert any(re.fullmatch(r"/credentials/[0-9a-f-]{36}/", p) for p in visited), visited
    axe = Axe()
    found = {}
    for path in visited:
        response = page.goto(base + path)
        assert response is not None and response.ok, f"{path}: {response and response.status}"
        problems = phone_problems(page, axe)
        if problems:
            found[path] = problems
    context.close()
    assert not found, "\n".join(f"{path}: {p}" for path, ps in found.items() for p in ps)


def test_the_menu_folds_behind_a_button_that_works_with_the_keyboard(
    browser: Browser, live_server, alliance
):
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    sign_in(page, live_server.url, "student@campus.test")
    menu = page.get_by_role("navigation", name="Main")
    toggle = page.get_by_role("button", name="Menu")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(menu.get_by_role("link", name="My learning")).to_be_hidden()

    toggle.focus()
    page.keyboard.press("Enter")
    expect(toggle).to_have_attribute("aria-expanded", "true")
    page.keyboard.press("Tab")
    expect(menu.get_by_role("link", name="Home")).to_be_focused()
    page.keyboard.press("Escape")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(toggle).to_be_focused()

    page.keyboard.press("Space")
    menu.get_by_role("link", name="My learning").click()
    expect(page.get_by_role("heading", name="My learning", level=1)).to_be_visible()
    context.close()


def test_without_javascript_the_menu_stays_open(browser: Browser, live_server, alliance):
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + "/")
    expect(page.get_by_role("button", name="Menu")).to_be_hidden()
    expect(
        page.get_by_role("navigation", name="Main").get_by_role("link", name="Courses")
    ).to_be_visible()
    context.close()


def test_the_enrol_button_is_on_a_phone_screen_and_enrols(browser: Browser, live_server, alliance):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    base = live_server.url
    sign_in(page, base, "lecturer@campus.test")  # teaches, but may enrol elsewhere
    page.goto(base + alliance["course"].get_absolute_url())
    enrol = page.get_by_role("button", name="Enrol (Autumn term)")
    enrol.scroll_into_view_if_needed()
    box = enrol.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390, box
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    enrol.click()
    expect(page.get_by_text(re.compile("You are enrolled in Community"))).to_be_visible()

    page.get_by_role("button", name="Menu").click()
    page.get_by_role("navigation", name="Main").get_by_role("link", name="My learning").click()
    current = page.get_by_role("region", name="Current enrolments")
    expect(current.get_by_role("link", name=re.compile("Community energy"))).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    context.close()
