"""A concierge logs a parcel for a member (first for an email nobody has, refused on its
field), then checks the member in at the desk: the check-in's outcome says a parcel waits
and on which shelf, and its link leads to the parcel, handed over. axe-core checks each
step, at 1280 and 375 px."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from comptoir.access import services as access
from comptoir.access.tests.factories import ticket_book_plan
from comptoir.community.models import Role
from comptoir.community.tests.factories import PlaceRoleFactory
from comptoir.conciergerie.models import Parcel
from comptoir.places.tests.factories import PlaceFactory
from tests.accounts.helpers import verified_person
from tests.browser.helpers import Axe, label, log_in_with_password


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("width", [1280, 375], ids=["desktop", "phone"])
def test_a_concierge_logs_a_parcel_and_the_member_collects_it_at_check_in(
    page: Page, axe: Axe, width: int
) -> None:
    page.set_viewport_size({"width": width, "height": 800})
    place = PlaceFactory(opening_hours="24/7", slug="cn", name="Comptoir Numérique")
    concierge = verified_person(first_name="Claire", last_name="Concierge")
    PlaceRoleFactory(person=concierge, place=place, role=Role.CONCIERGE_PERMANENT)
    nina = verified_person(first_name="Nina", last_name="Martin")
    PlaceRoleFactory(person=nina, place=place, role=Role.NOMAD)
    plan = ticket_book_plan(place)
    access.plan_sell(plan=plan, place=place, by=concierge, person=nina, payment_method="cash")

    log_in_with_password(page, axe, email=concierge.email)
    page.goto("/lieux/cn/colis/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Parcels at Comptoir Numérique")
    axe(page)
    page.get_by_label(label("For (email of the person)")).fill("personne@nulle.part")
    page.get_by_label(label("Carrier")).fill("La Poste")
    page.get_by_label(label("Shelf")).fill("B2")
    page.get_by_role("button", name="Log the parcel").click()
    expect(page.locator(".errorlist").first).to_contain_text("Nobody has this email")
    assert not Parcel.objects.exists()
    axe(page)
    page.get_by_label(label("For (email of the person)")).fill(nina.email)
    page.get_by_role("button", name="Log the parcel").click()
    expect(
        page.get_by_role("status").filter(has_text="Parcel for Nina Martin logged")
    ).to_be_visible()
    expect(page.get_by_role("table")).to_contain_text("Nina Martin")
    axe(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= width

    page.goto("/lieux/cn/accueil/")
    page.get_by_label("Find a person").fill("nina")
    page.get_by_role("button", name=re.compile(r"Check in\s*: Nina Martin")).click()
    outcome = page.locator("#kiosk-outcome")
    expect(outcome).to_contain_text("Nina Martin is checked in")
    expect(outcome).to_contain_text("1 parcel waits for Nina Martin · shelf B2")
    axe(page)
    outcome.get_by_role("link", name=re.compile("1 parcel waits")).click()
    expect(page.get_by_role("table")).to_contain_text("B2")
    axe(page)
    page.get_by_role("button", name=re.compile(r"Hand over\s*: Nina Martin")).click()
    expect(page.get_by_role("status").filter(has_text="handed over to Nina Martin")).to_be_visible()
    axe(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= width

    parcel = Parcel.objects.get()
    assert parcel.status == Parcel.Status.HANDED_OVER
    assert parcel.collected_by == "Nina Martin" and parcel.handed_over_by == concierge
