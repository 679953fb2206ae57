"""The access and billing pages pass axe-core with real content: offers, subscriptions, a
person's access, sales, a receipt and the network settlement for a concierge; my visits, my
card and my receipt for a member."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
from playwright.sync_api import Page, expect

from comptoir.access import services as access
from comptoir.access.models import Plan, Subscription
from comptoir.access.tests.factories import (
    day_pass_plan,
    discovery_plan,
    subscription_plan,
    ticket_book_plan,
)
from comptoir.billing.models import Order
from comptoir.community.models import Organization, Person, Role
from comptoir.community.tests.factories import (
    AffiliationFactory,
    OrganizationFactory,
    PlaceRoleFactory,
)
from comptoir.places.models import Place
from comptoir.places.tests.factories import NetworkFactory, PlaceFactory, SpaceFactory
from comptoir.presence import services as presence
from tests.accounts.helpers import verified_person
from tests.browser.helpers import Axe, label, log_in_with_password


@dataclass
class Scene:
    place: Place
    concierge: Person
    nina: Person
    structure: Organization
    book_order: Order


def _scene() -> Scene:
    """Two places of one network; Nina buys a network-wide book in the first and uses it in the
    second (a settlement row), and holds a subscription; a structure holds another."""
    network = NetworkFactory(name="Coworking Sainté", slug="coworking-sainte")
    place = PlaceFactory(
        network=network, name="Comptoir Numérique", slug="comptoir-numerique", opening_hours="24/7"
    )
    other = PlaceFactory(
        network=network, name="La Fabrique", slug="la-fabrique", opening_hours="24/7"
    )
    SpaceFactory(place=other, name="Atelier", capacity=8)
    concierge = verified_person(first_name="Claire", last_name="Concierge")
    for each in (place, other):
        PlaceRoleFactory(person=concierge, place=each, role=Role.CONCIERGE_PERMANENT)
    nina = verified_person(first_name="Nina", last_name="Martin")
    PlaceRoleFactory(person=nina, place=place, role=Role.NOMAD)
    structure = OrganizationFactory(name="Atelier Vélo", slug="atelier-velo")
    AffiliationFactory(person=nina, organization=structure)

    book = ticket_book_plan(place, name="Carnet réseau", network_wide=True)
    day_pass_plan(place)
    discovery_plan(place)
    personal = subscription_plan(place, name="Nomade mensuel", price_cents=12000)
    shared = subscription_plan(
        place, name="Résident structure", holder=Plan.Holder.ORGANIZATION, seats=3
    )
    sale = access.plan_sell(
        plan=book, place=place, by=concierge, person=nina, payment_method="cash"
    )
    access.plan_sell(plan=personal, place=place, by=concierge, person=nina, payment_method="card")
    access.plan_sell(
        plan=shared, place=place, by=concierge, organization=structure, payment_method="transfer"
    )
    # The network-wide book used at La Fabrique: La Fabrique is owed a ticket by the Comptoir.
    presence.visit_check_in(person=nina, place=other, by=concierge)
    return Scene(place, concierge, nina, structure, sale.order)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_concierge_pages_of_access_and_billing(page: Page, axe: Axe) -> None:
    scene = _scene()
    log_in_with_password(page, axe, email=scene.concierge.email)

    page.goto("/lieux/comptoir-numerique/offres/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Offers of Comptoir Numérique")
    expect(page.get_by_role("heading", name="Carnet réseau")).to_be_visible()
    axe(page)

    page.get_by_role("link", name="Subscriptions", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Subscriptions at Comptoir Numérique")
    row = page.get_by_role("row").filter(has_text="Nomade mensuel")
    expect(row).to_contain_text("Nina Martin")
    expect(page.get_by_role("row").filter(has_text="Résident structure")).to_contain_text(
        "Atelier Vélo"
    )
    axe(page)
    row.get_by_role("button", name=re.compile(r"^Pause")).click()
    expect(row.get_by_role("status")).to_have_text("The subscription is paused.")
    expect(row.get_by_role("button", name=re.compile(r"^Resume"))).to_be_visible()
    axe(page)
    assert Subscription.objects.get(person=scene.nina).status == Subscription.Status.PAUSED

    row.get_by_role("link", name="Nina Martin").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Books and subscriptions of Nina Martin"
    )
    expect(page.get_by_role("row").filter(has_text="Carnet réseau").first).to_contain_text(
        "9 of 10"
    )
    axe(page)
    # A correction without a reason is refused, with the error next to the field.
    form = page.locator("form.correction-form")
    form.get_by_label(label("Tickets to add or remove")).fill("1")
    form.get_by_role("button", name="Record the correction").click()
    expect(page.locator("form.correction-form .errorlist").first).to_be_visible()
    axe(page)
    form.get_by_label(label("Tickets to add or remove")).fill("1")
    form.get_by_label(label("Reason")).fill("Forgotten ticket")
    form.get_by_role("button", name="Record the correction").click()
    expect(page.get_by_role("status").filter(has_text="corrected by +1")).to_be_visible()
    axe(page)

    page.goto("/lieux/comptoir-numerique/ventes/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sales of Comptoir Numérique")
    expect(page.get_by_text("3 sales.")).to_be_visible()
    axe(page)
    page.get_by_role("link", name=scene.book_order.reference).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(scene.book_order.reference)
    expect(page.get_by_role("row", name=re.compile(r"^Carnet réseau"))).to_be_visible()
    axe(page)

    page.goto("/reseaux/coworking-sainte/compensation/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Settlement between the places of Coworking Sainté"
    )
    settled = page.get_by_role("row").filter(has_text="La Fabrique").first
    expect(settled).to_contain_text("Comptoir Numérique")
    axe(page)

    page.goto("/structures/atelier-velo/usage/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Usage by Atelier Vélo")
    axe(page)

    page.goto("/lieux/la-fabrique/presence/")
    expect(page.locator("#presence-live")).to_contain_text("Nina Martin")
    expect(page.locator("#presence-live")).to_contain_text("0 of 8 seats taken")
    axe(page)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_member_pages_of_visits_card_and_receipt(page: Page, axe: Axe) -> None:
    scene = _scene()
    log_in_with_password(page, axe, email=scene.nina.email)

    page.goto("/profil/passages/")
    expect(page.get_by_role("heading", level=1)).to_have_text("My visits")
    visits = page.get_by_role("region", name="My visits")
    expect(visits.get_by_role("row").filter(has_text="La Fabrique")).to_contain_text(
        "Carnet réseau"
    )
    expect(page.get_by_role("region", name="My ticket books")).to_contain_text("9 of 10")
    expect(page.get_by_role("region", name="My subscriptions")).to_contain_text("Atelier Vélo")
    axe(page)

    page.get_by_role("link", name="Open my card in full screen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My card")
    expect(page.get_by_role("figure")).to_contain_text("Nina Martin")
    axe(page)

    # The buyer reads their own receipt.
    page.goto(f"/ventes/{scene.book_order.pk}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text(scene.book_order.reference)
    expect(page.get_by_role("row", name="Total, VAT included 80.00 €")).to_be_visible()
    axe(page)
