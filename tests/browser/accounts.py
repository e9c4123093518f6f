"""Signing in as a person of the test data (every factory-made person's password is
"heroes-demo"), for the browser journeys."""

import re

from playwright.sync_api import Page


def sign_in(page: Page, base: str, email: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label(re.compile(r"^Password:?$")).fill("heroes-demo")
    page.get_by_role("button", name="Sign in").click()
