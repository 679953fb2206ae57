"""A member who forgot their password resets it from the emailed link, then logs in with it."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.accounts.helpers import link_from_email, verified_person
from tests.browser.helpers import Axe, label, log_in_with_password

NEW_PASSWORD = "un-autre-mot-de-passe-long"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_member_resets_a_forgotten_password_and_logs_in(page: Page, axe: Axe) -> None:
    member = verified_person(first_name="Rémi", last_name="Oubli")

    page.goto("/comptes/login/")
    axe(page)
    page.get_by_label(label("Email")).fill(member.email)
    page.get_by_label(label("Password")).fill("pas-le-bon-mot-de-passe")
    page.get_by_role("button", name="Sign In").click()
    expect(page.get_by_role("alert")).to_contain_text("not correct")
    axe(page)

    page.get_by_role("link", name="Forgot your password?").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Password Reset")
    axe(page)
    page.get_by_label(label("Email")).fill(member.email)
    page.get_by_role("button", name="Reset My Password").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Password Reset")
    expect(page.get_by_role("main")).to_contain_text("We have sent you an email")
    axe(page)

    page.goto(link_from_email(member.email))
    expect(page.get_by_role("heading", level=1)).to_have_text("Change Password")
    axe(page)
    page.get_by_label(label("New Password")).fill(NEW_PASSWORD)
    page.get_by_label(label("New Password (again)")).fill(NEW_PASSWORD)
    page.get_by_role("button", name="Change Password").click()
    expect(page.get_by_role("main")).to_contain_text("Your password is now changed.")
    axe(page)

    log_in_with_password(page, axe, email=member.email, password=NEW_PASSWORD)

    # The account management pages share the same layout and pass the same checks.
    page.goto("/comptes/email/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Email Addresses")
    axe(page)
    page.goto("/comptes/password/change/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Change Password")
    axe(page)
