"""A member borrows the projector: a loan longer than it allows is refused on the page, a
shorter one is reserved; the concierge hands it over at the desk (the deposit paid by card,
recorded in billing), the member keeps it two days too long, it shows in the overdue list,
and the concierge takes it back, worn, keeping 20 € of the deposit for the cable and giving
the rest back (a refund line on the deposit's order); the owner changes the item. axe-core
checks each step, at 1280 and 375 px."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import Page, expect

from comptoir.billing.models import Order, Payment
from comptoir.community.models import Role
from comptoir.community.tests.factories import PlaceRoleFactory
from comptoir.lending import services
from comptoir.lending.models import Loan
from comptoir.lending.tests.factories import make_item, make_overdue
from comptoir.places.tests.factories import PlaceFactory
from tests.accounts.helpers import verified_person
from tests.browser.helpers import Axe, label, log_in_with_password, log_out


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("width", [1280, 375], ids=["desktop", "phone"])
def test_a_member_borrows_the_projector_and_returns_it_late(
    page: Page, axe: Axe, width: int
) -> None:
    page.set_viewport_size({"width": width, "height": 800})
    place = PlaceFactory(slug="cn", name="Comptoir Numérique")
    claire = verified_person(first_name="Claire", last_name="Martin")
    PlaceRoleFactory(person=claire, place=place, role=Role.CONCIERGE_PERMANENT)
    nina = verified_person(first_name="Nina", last_name="Nomade")
    PlaceRoleFactory(person=nina, place=place, role=Role.NOMAD)
    projector = make_item(place, claire, name="Vidéoprojecteur", deposit_cents=15000)
    today = services.place_today(place)

    log_in_with_password(page, axe, email=nina.email)
    page.goto("/lieux/cn/objets/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Library of things")
    axe(page)
    page.get_by_role("link", name="Vidéoprojecteur").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Vidéoprojecteur")
    axe(page)
    page.get_by_label(label("From")).fill(today.isoformat())
    page.get_by_label(label("Due on")).fill((today + dt.timedelta(days=10)).isoformat())
    page.get_by_role("button", name="Reserve", exact=True).click()
    expect(page.locator(".errorlist").first).to_contain_text("7 days at most")
    assert not Loan.objects.exists()
    axe(page)
    page.get_by_label(label("Due on")).fill((today + dt.timedelta(days=2)).isoformat())
    page.get_by_role("button", name="Reserve", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My loans")
    expect(page.get_by_role("table")).to_contain_text("Vidéoprojecteur")
    axe(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    log_out(page, axe)

    log_in_with_password(page, axe, email=claire.email)
    page.goto("/lieux/cn/prets/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Loans at the desk")
    axe(page)
    page.get_by_label(label("Deposit paid by")).select_option("card")
    page.get_by_role("button", name="Hand over").click()
    expect(page.get_by_role("status").filter(has_text="Handed over")).to_be_visible()
    loan = Loan.objects.get()
    assert loan.status == Loan.Status.OUT
    assert Order.objects.get(pk=loan.deposit_order_id).status == "paid"
    axe(page)

    make_overdue(loan)  # two days later than due
    page.get_by_role("link", name="Overdue loans").click()
    expect(page.get_by_role("table")).to_contain_text("Nina Nomade")
    axe(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.get_by_role("link", name="Loans at the desk").click()
    page.get_by_label(label("Condition at return")).select_option("worn")
    page.get_by_label(label("Damage found")).fill("Le câble HDMI est abîmé.")
    page.get_by_label(label("Deposit kept (€)")).fill("20")
    page.get_by_role("button", name="Take back").click()
    expect(page.get_by_role("status").filter(has_text="Returned")).to_be_visible()
    expect(page.get_by_role("status").filter(has_text="Deposit given back")).to_contain_text(
        "130.00"
    )
    axe(page)
    loan.refresh_from_db()
    projector.refresh_from_db()
    assert loan.status == Loan.Status.RETURNED and projector.condition == "worn"
    assert projector.damage_notes.get().note == "Le câble HDMI est abîmé."
    assert loan.deposit_kept_cents == 2000
    refund = Payment.objects.get(order_id=loan.deposit_order_id, amount_cents__lt=0)
    assert (refund.amount_cents, refund.method) == (-13000, "card")

    # The concierge changes the item: a smaller deposit from now on.
    page.goto("/lieux/cn/objets/")
    page.get_by_role("link", name="Vidéoprojecteur").click()
    page.get_by_role("link", name="Change the item").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Change Vidéoprojecteur")
    axe(page)
    page.get_by_label(label("Deposit (€)")).fill("100")
    page.get_by_role("button", name="Save the item").click()
    expect(page.get_by_role("status").filter(has_text="The item was changed")).to_be_visible()
    axe(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    projector.refresh_from_db()
    assert projector.deposit_cents == 10000
