"""Small helpers shared by the browser tests."""

from __future__ import annotations

import re
from collections.abc import Callable

from playwright.sync_api import Page, expect

from comptoir.community.tests.factories import PASSWORD

Axe = Callable[[Page], None]


def label(text: str) -> re.Pattern[str]:
    """A field's accessible name: Django's label_tag adds a colon after the text."""
    return re.compile(rf"^\s*{re.escape(text)}\s*:?\s*$")


def log_in_with_password(page: Page, axe: Axe, *, email: str, password: str = PASSWORD) -> None:
    page.goto("/comptes/login/")
    axe(page)
    page.get_by_label(label("Email")).fill(email)
    page.get_by_label(label("Password")).fill(password)
    page.get_by_role("button", name="Sign In").click()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()
    axe(page)
