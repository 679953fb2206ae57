"""A treasurer sets the association's membership (a negative fee refused first), records a
member's membership at the desk and prints the card with its QR code. axe-core checks each
step, at 1280 and 375 px."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from comptoir.billing.models import Order
from comptoir.community.models import Role
from comptoir.community.tests.factories import PlaceRoleFactory
from comptoir.invoicing.tests.factories import make_seller
from comptoir.membership.models import Association, Membership
from comptoir.places.tests.factories import PlaceFactory
from tests.accounts.helpers import verified_person
from tests.browser.helpers import Axe, label, log_in_with_password


@pytest.mark.browser
@pytest.mark.postgres_only  # inalterable payments: SQLite's flush deletes them
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("width", [1280, 375], ids=["desktop", "phone"])
def test_the_treasurer_records_a_membership_and_prints_the_card(
    page: Page, axe: Axe, width: int
) -> None:
    page.set_viewport_size({"width": width, "height": 800})
    place = PlaceFactory(slug="cn", name="Comptoir Numérique")
    make_seller(place)
    treasurer = verified_person(first_name="Théo", last_name="Roux")
    PlaceRoleFactory(person=treasurer, place=place, role=Role.TREASURER)
    alice = verified_person(first_name="Alice", last_name="Martin")

    log_in_with_password(page, axe, email=treasurer.email)
    page.goto("/lieux/cn/adhesions/reglages/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Membership settings")
    axe(page)
    page.get_by_label(label("Membership fee (€)")).fill("-5")
    page.get_by_role("button", name="Save the settings").click()
    expect(page.locator(".errorlist").first).to_be_visible()
    assert not Association.objects.exists()
    axe(page)
    page.get_by_label(label("Membership fee (€)")).fill("20")
    page.get_by_role("button", name="Save the settings").click()
    expect(page.get_by_role("status").filter(has_text="settings are saved")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Members of Comptoir Numérique")
    axe(page)

    page.get_by_label(label("Email of the person")).fill(alice.email)
    page.get_by_role("button", name="Record the membership").click()
    expect(page.get_by_role("status").filter(has_text="recorded for Alice Martin")).to_be_visible()
    membership = Membership.objects.get()
    assert Order.objects.get(pk=membership.order_id).status == "paid"
    expect(page.get_by_role("heading", level=1)).to_contain_text(membership.card_number)
    expect(
        page.get_by_role("img", name=f"QR code of membership card {membership.card_number}")
    ).to_be_visible()
    axe(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.evaluate("window.print = () => { window.printed = true; }")
    page.get_by_role("button", name="Print the card").click()
    assert page.evaluate("window.printed") is True

    page.goto("/lieux/cn/adhesions/")
    expect(page.get_by_role("table")).to_contain_text("Alice Martin")
    axe(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= width
