"""Small helpers shared by the browser tests."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from zoneinfo import ZoneInfo

from playwright.sync_api import Locator, Page, expect

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
    expect_logged_in(page)
    axe(page)


def _is_phone(page: Page) -> bool:
    """Under 60 rem the header's menus fold into the mobile menu (docs/design.md)."""
    return (page.viewport_size or {"width": 1280})["width"] < 960


def expect_logged_in(page: Page) -> None:
    """Logged in: the header offers to log out (in the account menu, or the mobile menu on
    a phone)."""
    expect(page.get_by_role("button", name="Log out", include_hidden=True).first).to_be_attached()


def open_account_menu(page: Page) -> None:
    """The account menu of the header (profile, data, log out): a disclosure to open, inside
    the mobile menu on a phone."""
    if _is_phone(page):
        page.locator("details.mobile-menu > summary").click()
    else:
        page.locator("details.account-menu > summary").click()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()


def open_menu(page: Page, group: str) -> Locator:
    """Open a group of the header's main menu ("Come", "Book", "Agenda"…) and return the
    navigation holding its links: the main one, or on a phone the mobile menu."""
    if _is_phone(page):
        page.locator("details.mobile-menu > summary").click()
        return page.get_by_role("navigation", name="Menu")
    nav = page.get_by_role("navigation", name="Main")
    nav.locator("summary", has_text=group).click()
    return nav


def log_out(page: Page, axe: Axe) -> None:
    open_account_menu(page)
    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_role("link", name="Log in")).to_be_visible()
    axe(page)


# --- Booking grids ---------------------------------------------------------------------------

PARIS = ZoneInfo("Europe/Paris")


def booking_monday() -> dt.date:
    """The Monday of next week, or of the week after when next Monday is under two days away
    (the factory place opens Monday to Friday, 09:00-18:00)."""
    today = dt.datetime.now(tz=PARIS).date()
    monday = today + dt.timedelta(days=7 - today.weekday())
    if (monday - today).days < 2:
        monday += dt.timedelta(days=7)
    return monday


def slot_link(page: Page, day: dt.date, time: str) -> Locator:
    """A free cell's link, named "Free · book this slot: Monday 9 March 10:00" (hidden text)."""
    when = f"{day:%A} {day.day} {day:%B} {time}"
    return page.get_by_role("link", name=re.compile(rf"^Free · book this slot: {when}$"))


def week_cell(page: Page, time: str, column: int) -> Locator:
    """The cell of the week grid at `time` (a row header) in the `column`-th day (0: Monday)."""
    row = page.get_by_role("row").filter(has=page.get_by_role("rowheader", name=time, exact=True))
    return row.get_by_role("cell").nth(column)
