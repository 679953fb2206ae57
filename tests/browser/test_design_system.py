"""The living style page of the design system (issue 14 pt 1): every component, in the light
and the dark theme, at 375 and 1280 px, with no serious accessibility violation (axe checks
the contrast of each theme), no sideways scrolling, icons served by the app, and a dialog
that opens and closes without JavaScript of ours."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import Page, expect

from comptoir.community.tests.factories import PersonFactory
from tests.browser.helpers import Axe

OVERFLOW = "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"


def _log_in(page: Page, person: Any, base_url: str) -> None:
    client = Client()
    client.force_login(person)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": base_url}]
    )


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_staff_reads_the_style_page_in_both_themes_and_widths(
    page: Page, axe: Axe, live_server: Any
) -> None:
    _log_in(page, PersonFactory(is_staff=True), live_server.url)
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)
        for width in (375, 1280):
            page.set_viewport_size({"width": width, "height": 900})
            response = page.goto("/style/")
            assert response is not None and response.status == 200
            expect(page.get_by_role("heading", level=1)).to_have_text("Design system")
            assert page.evaluate(OVERFLOW) <= 0, (scheme, width)
            axe(page)
        # The theme follows the system: the page's background changes with it.
        background = page.evaluate("getComputedStyle(document.body).backgroundColor")
        assert background == ("rgb(20, 21, 24)" if scheme == "dark" else "rgb(251, 250, 247)")

    # Icons come from the app's own sprite (no CDN), and the sprite is served.
    href = page.locator(".icon-grid use").first.get_attribute("href")
    assert href is not None and href.startswith("/static/comptoir/icons/sprite.svg#")
    sprite = page.request.get(href.split("#")[0])
    assert sprite.ok and "<symbol" in sprite.text()

    # The dialog: opened by a button (command="show-modal"), closed by its own form.
    page.get_by_role("button", name="Open the dialog").click()
    dialog = page.get_by_role("dialog", name="Cancel this booking?")
    expect(dialog).to_be_visible()
    axe(page)
    dialog.get_by_role("button", name="Keep it").click()
    expect(dialog).to_be_hidden()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_style_page_is_not_there_for_members(page: Page, axe: Axe, live_server: Any) -> None:
    _log_in(page, PersonFactory(), live_server.url)
    response = page.goto("/style/")
    assert response is not None and response.status == 404
    # The site's own 404, with a way back.
    expect(page.get_by_role("link", name="Back to the home page")).to_be_visible()
    axe(page)
