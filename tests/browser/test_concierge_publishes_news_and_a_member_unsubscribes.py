"""A concierge publishes an announcement and sends it by email to the members who asked for
the news; a member follows the email's unsubscribe link without logging in and stops the
emails. axe-core checks each step, at 1280 and 375 px."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from playwright.sync_api import Page, expect

from comptoir.community.models import Role
from comptoir.community.tests.factories import PlaceRoleFactory
from comptoir.news import services
from comptoir.news.models import Announcement, NewsOptIn
from comptoir.places.tests.factories import PlaceFactory
from tests.accounts.helpers import verified_person
from tests.browser.helpers import Axe, label, log_in_with_password


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("width", [1280, 375], ids=["desktop", "phone"])
def test_a_concierge_publishes_news_and_a_member_unsubscribes(
    page: Page, axe: Axe, width: int
) -> None:
    page.set_viewport_size({"width": width, "height": 800})
    place = PlaceFactory(slug="cn", name="Comptoir Numérique")
    claire = verified_person(first_name="Claire", last_name="Concierge")
    PlaceRoleFactory(person=claire, place=place, role=Role.CONCIERGE_PERMANENT)
    rosa = verified_person(first_name="Rosa", last_name="Résidente")
    PlaceRoleFactory(person=rosa, place=place, role=Role.RESIDENT)
    services.news_opt_in(person=rosa, place=place)
    mail.outbox.clear()

    log_in_with_password(page, axe, email=claire.email)
    page.goto("/nouvelles/lieux/cn/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("News of Comptoir Numérique")
    axe(page)
    page.get_by_label(label("Title")).fill("Portes ouvertes")
    page.get_by_role("button", name="Publish").click()
    expect(page.locator(".errorlist").first).to_be_visible()  # the text is missing
    assert not Announcement.objects.exists()
    axe(page)
    page.get_by_label(label("Text")).fill("Samedi de **10 h** à 17 h.")
    page.get_by_label(re.compile("Also send it by email")).check()
    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_role("status").filter(has_text="emails are on their way")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("Portes ouvertes")
    expect(page.locator("strong", has_text="10 h")).to_be_visible()
    axe(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= width

    [email] = [m for m in mail.outbox if m.to == [rosa.email]]
    found = re.search(r"/nouvelles/desabonnement/[^/\s]+/", email.body)
    assert found is not None, email.body
    link = found.group(0)  # the site's address differs from the test server's
    page.context.clear_cookies()  # Rosa, not logged in, opens the link from her mailbox
    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Stop the news by email")
    axe(page)
    assert NewsOptIn.objects.filter(person=rosa).exists()
    page.get_by_role("button", name="Unsubscribe").click()
    expect(page.get_by_role("status")).to_contain_text("no longer receive these emails")
    assert not NewsOptIn.objects.filter(person=rosa).exists()
    axe(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= width
