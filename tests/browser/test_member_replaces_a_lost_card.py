"""Signed links and cards end: a nomade who lost her card replaces it from her profile, and
the desk refuses the old card with a message saying so while the new one checks her in; a
guest's cancellation link of a workshop that is over opens a clear "expired" page. axe-core
checks each page on the way."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from comptoir.access import services as access
from comptoir.access.tests.factories import ticket_book_plan
from comptoir.agenda.models import Event, EventKind
from comptoir.agenda.services.events import EventInput, event_create
from comptoir.agenda.services.registrations import Guest, cancel_token, register_guest
from comptoir.community.models import Role
from comptoir.community.tests.factories import PersonFactory, PlaceRoleFactory
from comptoir.places.tests.factories import PlaceFactory
from comptoir.presence import cards
from comptoir.presence.models import Visit
from tests.accounts.helpers import verified_person
from tests.browser.helpers import Axe, log_in_with_password, log_out


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_nomad_replaces_her_lost_card_and_the_desk_refuses_the_old_one(
    page: Page, axe: Axe
) -> None:
    place = PlaceFactory(opening_hours="24/7", slug="cn", name="Comptoir Numérique")
    concierge = verified_person(first_name="Claire", last_name="Concierge")
    PlaceRoleFactory(person=concierge, place=place, role=Role.CONCIERGE_PERMANENT)
    nina = verified_person(first_name="Nina", last_name="Martin")
    PlaceRoleFactory(person=nina, place=place, role=Role.NOMAD)
    plan = ticket_book_plan(place)
    access.plan_sell(plan=plan, place=place, by=concierge, person=nina, payment_method="cash")
    lost = cards.card_payload(nina)

    log_in_with_password(page, axe, email=nina.email)
    page.goto("/profil/")
    axe(page)
    card = page.get_by_role("region", name="My card and my visits")
    old_qr = card.locator("svg").inner_html()
    card.get_by_role("button", name="Replace my card").click()
    expect(page.locator(".messages")).to_contain_text("The old one no longer works")
    expect(page.get_by_role("heading", level=1)).to_have_text("My profile")
    assert (
        page.get_by_role("region", name="My card and my visits").locator("svg").inner_html()
        != old_qr
    )
    axe(page)
    log_out(page, axe)

    nina.refresh_from_db()
    log_in_with_password(page, axe, email=concierge.email)
    page.goto("/lieux/cn/accueil/")
    scan = page.get_by_label("Scan a card")
    outcome = page.locator("#kiosk-outcome")
    scan.fill(lost)
    scan.press("Enter")
    expect(outcome).to_contain_text("This card was replaced by a newer one")
    axe(page)
    assert not Visit.objects.exists()
    scan.fill(cards.card_payload(nina))
    scan.press("Enter")
    expect(outcome).to_contain_text("Nina Martin is checked in")
    assert Visit.objects.filter(person=nina).count() == 1


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_cancellation_link_of_a_workshop_that_is_over_has_expired(page: Page, axe: Axe) -> None:
    place = PlaceFactory(name="EPN des Tilleuls", slug="epn-tilleuls")
    concierge = PersonFactory(first_name="Claire", last_name="Concierge")
    PlaceRoleFactory(person=concierge, place=place, role=Role.CONCIERGE_PERMANENT)
    start = timezone.now() + timedelta(days=2)
    workshop = event_create(
        place=place,
        by=concierge,
        data=EventInput(
            title="Premiers pas sur tablette",
            kind=EventKind.WORKSHOP,
            start=start,
            end=start + timedelta(hours=2),
            capacity=8,
        ),
    )
    registration = register_guest(event=workshop, guest=Guest("Léa", phone="0612345678"))
    link = f"/agenda/inscriptions/{cancel_token(registration)}/annuler/"
    page.goto(link)
    expect(page.get_by_role("button", name="Yes, cancel my registration")).to_be_visible()
    axe(page)

    now = timezone.now()
    Event.objects.filter(pk=workshop.pk).update(
        start=now - timedelta(hours=3), end=now - timedelta(hours=1)
    )
    response = page.goto(link)
    assert response is not None and response.status == 410
    expect(page.get_by_role("heading", level=1)).to_have_text("This link has expired")
    expect(page.get_by_role("alert")).to_contain_text("the event is over")
    expect(page.locator("main")).not_to_contain_text("Léa")
    axe(page)
    page.get_by_role("link", name="See the agenda").click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    axe(page)
