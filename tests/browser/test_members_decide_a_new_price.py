"""A member proposes a new price for the ticket book, effective in four days; another agrees,
a third objects, the author answers the objection and closes: adopted. On its date (the
scheduler's daily run) the price changes, and the proposal's page says it was applied.
axe-core checks each step, at 1280 and 375 px."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from comptoir.access.tests.factories import ticket_book_plan
from comptoir.community.models import Role
from comptoir.community.tests.factories import PlaceRoleFactory
from comptoir.governance.models import Proposal
from comptoir.governance.services.apply import changes_apply_due
from comptoir.governance.services.bodies import body_create, member_add
from comptoir.places.tests.factories import PlaceFactory
from tests.accounts.helpers import verified_person
from tests.browser.helpers import Axe, label, log_in_with_password, log_out


def _member(place: object, first_name: str) -> object:
    person = verified_person(first_name=first_name, last_name="Membre")
    PlaceRoleFactory(person=person, place=place, role=Role.RESIDENT)
    return person


def _position(page: Page, axe: Axe, url: str, stance: str, reason: str = "") -> None:
    page.goto(url)
    axe(page)
    page.get_by_label(label("Your position")).select_option(label=stance)
    if reason:
        page.get_by_label(label("Reason")).fill(reason)
    page.get_by_role("button", name="Record my position").click()
    expect(page.get_by_role("status").filter(has_text="position is recorded")).to_be_visible()
    axe(page)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("width", [1280, 375], ids=["desktop", "phone"])
def test_members_decide_a_new_price_for_the_ticket_book(page: Page, axe: Axe, width: int) -> None:
    page.set_viewport_size({"width": width, "height": 800})
    place = PlaceFactory(slug="cn", name="Comptoir Numérique")
    book = ticket_book_plan(place, name="Carnet 10 journées", price_cents=9000)
    ann, bob, cat = (_member(place, name) for name in ("Anne", "Bruno", "Chloé"))
    body = body_create(kind="general_assembly", name="Assemblée générale", place=place, by=None)
    for person in (ann, bob, cat):
        member_add(body=body, person=person, by=None)
    # Effective the day after the vote would have closed (a change never comes before).
    effective = timezone.localdate() + timedelta(days=4)

    log_in_with_password(page, axe, email=ann.email)
    page.goto("/lieux/cn/gouvernance/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Governance")
    axe(page)
    page.get_by_role("link", name="Make a proposal").click()
    page.get_by_label(label("Question")).fill("Le carnet de 10 journées à 80 € ?")
    page.get_by_label(label("Process")).select_option(label="Consent")
    closes = timezone.localtime() + timedelta(days=3)
    page.get_by_label(label("Closes at")).fill(closes.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label(label("Setting this proposal changes")).select_option(
        label="Price of an offer"
    )
    page.get_by_label(label("Which one")).select_option(label=str(book))
    page.get_by_label(label("New value")).fill("-80")
    page.get_by_label(label("Effective on")).fill(effective.isoformat())
    page.get_by_role("button", name="Put the proposal").click()
    expect(page.locator(".errorlist").first).to_contain_text("This change cannot be made")
    assert not Proposal.objects.exists()
    axe(page)
    page.get_by_label(label("New value")).fill("80")
    page.get_by_role("button", name="Put the proposal").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("80 €")
    axe(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    url = page.url
    log_out(page, axe)

    log_in_with_password(page, axe, email=bob.email)
    _position(page, axe, url, "Agree")
    log_out(page, axe)
    log_in_with_password(page, axe, email=cat.email)
    _position(page, axe, url, "Object", "Et les nomades qui ont déjà acheté ?")
    log_out(page, axe)

    log_in_with_password(page, axe, email=ann.email)
    page.goto(url)
    page.get_by_label(label("Answer to Chloé Membre's objection")).fill(
        "Les carnets achetés restent valables, au prix payé."
    )
    page.get_by_role("button", name="Answer the objection").click()
    expect(page.get_by_text("Les carnets achetés restent valables")).to_be_visible()
    axe(page)
    page.get_by_role("button", name="Close and count now").click()
    expect(page.get_by_role("status").filter(has_text="Adopted")).to_be_visible()
    expect(page.get_by_text("Adopted, applies on its date")).to_be_visible()
    axe(page)
    book.refresh_from_db()
    assert book.price_cents == 9000  # not before its date

    assert changes_apply_due(today=effective) == 1  # the scheduler's run on that day
    book.refresh_from_db()
    assert book.price_cents == 8000
    page.reload()
    expect(page.get_by_text("Applied", exact=False).first).to_be_visible()
    axe(page)
