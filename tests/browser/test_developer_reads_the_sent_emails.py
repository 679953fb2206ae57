"""In development (no EMAIL_URL), a newcomer's sign-up code is read at /dev/emails/ by the
staff: the page passes axe-core and fits a phone."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from playwright.sync_api import Page, expect

from comptoir.core import mailbox
from tests.accounts.helpers import verified_person
from tests.browser.helpers import Axe, log_in_with_password


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("width", [1280, 375], ids=["desktop", "phone"])
def test_the_staff_reads_a_sign_up_code(
    page: Page, axe: Axe, width: int, settings: Any, tmp_path: Any
) -> None:
    settings.EMAIL_BACKEND = mailbox.BACKEND
    settings.EMAIL_MAILBOX_DIR = tmp_path / "mail"
    mail.send_mail(
        "[Comptoir] Your sign-up code",
        "Your code: 4F7K2Q\nhttp://127.0.0.1:8000/comptes/confirm-email/a-very-long-link-"
        + "x" * 80,
        None,
        ["newcomer@example.org"],
    )
    page.set_viewport_size({"width": width, "height": 800})
    staff = verified_person(first_name="Ada", last_name="Admin", is_staff=True)
    log_in_with_password(page, axe, email=staff.email)
    page.goto("/dev/emails/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Emails sent (development)")
    article = page.get_by_role("article", name="[Comptoir] Your sign-up code")
    expect(article).to_contain_text("4F7K2Q")
    expect(article).to_contain_text("newcomer@example.org")
    axe(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= width
