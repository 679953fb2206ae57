"""A newcomer signs up, verifies their email with a code, logs out, logs back in with a code
sent by email, fills their profile, opts into the directory and is found by a skill search."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from comptoir.community.models import Visibility
from comptoir.community.tests.factories import PASSWORD, PersonFactory, PersonSkillFactory
from tests.accounts.helpers import code_from_email
from tests.browser.helpers import Axe, label, open_account_menu, open_menu

EMAIL = "nina.nouvelle@example.org"


def sign_up_and_verify(page: Page, axe: Axe) -> None:
    page.goto("/")
    axe(page)
    page.get_by_role("link", name="Sign up").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign Up")
    axe(page)

    # A first try with a forgotten first name and mistyped passwords is refused, explained.
    page.get_by_label(label("Email")).fill(EMAIL)
    page.get_by_label(label("Password")).fill(PASSWORD)
    page.get_by_label(label("Password (again)")).fill(PASSWORD + "x")
    page.get_by_role("button", name="Sign Up").click()
    expect(page.get_by_role("alert").first).to_be_visible()
    expect(page.get_by_label(label("First name"))).to_have_attribute("aria-invalid", "true")
    axe(page)

    page.get_by_label(label("First name")).fill("Nina")
    page.get_by_label(label("Last name")).fill("Nouvelle")
    page.get_by_label(label("Password")).fill(PASSWORD)
    page.get_by_label(label("Password (again)")).fill(PASSWORD)
    page.get_by_role("button", name="Sign Up").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Enter Email Verification Code")
    axe(page)
    page.get_by_label(label("Code")).fill(code_from_email(EMAIL))
    page.get_by_role("button", name="Confirm").click()

    expect(page.locator("details.account-menu > summary")).to_be_visible()
    axe(page)


def log_out(page: Page, axe: Axe) -> None:
    open_account_menu(page)
    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_role("link", name="Log in")).to_be_visible()
    axe(page)


def log_in_with_a_code(page: Page, axe: Axe) -> None:
    page.get_by_role("link", name="Log in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign In")
    axe(page)
    page.get_by_role("link", name="Send me a sign-in code").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Send me a sign-in code")
    axe(page)
    page.get_by_label(label("Email")).fill(EMAIL)
    page.get_by_role("button", name="Request Code").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Enter Sign-In Code")
    axe(page)
    page.get_by_label(label("Code")).fill(code_from_email(EMAIL))
    page.get_by_role("button", name="Confirm").click()

    expect(page.locator("details.account-menu > summary")).to_be_visible()
    axe(page)


def fill_the_profile(page: Page, axe: Axe) -> None:
    open_menu(page, "Community").get_by_role("link", name="My profile").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My profile")
    axe(page)

    page.get_by_label(label("First name")).fill("Nina")
    page.get_by_label("Freelance / independent").check()
    page.get_by_label("Digital mediator / facilitator").check()
    page.get_by_label(label("My skills")).fill("KiCad, Python")
    page.get_by_label("Public: anyone").check()
    page.get_by_role("button", name="Save my profile").click()

    expect(
        page.get_by_role("status").filter(has_text="Your profile has been saved.")
    ).to_be_visible()
    expect(page.get_by_label(label("My skills"))).to_have_value("KiCad, Python")
    expect(page.get_by_label("Public: anyone")).to_be_checked()
    axe(page)


def find_by_skill(page: Page, axe: Axe) -> None:
    open_menu(page, "Community").get_by_role("link", name="Directory").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Community")
    axe(page)

    page.get_by_label(label("Who knows how to…?")).fill("KiCad")
    page.get_by_role("search").get_by_role("button", name="Search").click()

    results = page.locator("#people-results")
    expect(page).to_have_url(re.compile(r"[?&]skill=KiCad"))
    expect(results.get_by_role("link", name="Nina Nouvelle")).to_be_visible()
    expect(results.get_by_role("link", name="Sam Soudure")).to_have_count(0)
    axe(page)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_newcomer_signs_up_logs_in_with_a_code_and_is_found_by_skill(
    page: Page, axe: Axe
) -> None:
    # Someone else in the directory, with another skill, must not match the search.
    other = PersonFactory(
        first_name="Sam", last_name="Soudure", directory_visibility=Visibility.PUBLIC
    )
    PersonSkillFactory(person=other, skill__name="Soudure")

    sign_up_and_verify(page, axe)
    log_out(page, axe)
    log_in_with_a_code(page, axe)
    fill_the_profile(page, axe)
    find_by_skill(page, axe)
