"""An anonymous senior finds a workshop in the public agenda (filtered for seniors),
registers with a phone number (a mistyped number is pointed out on its field first), and
gets the page of the registration with its cancellation link; no account is created.
axe-core checks the agenda, the event page, the form with its errors and the pages after."""

from __future__ import annotations

import re
from datetime import datetime, time, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from comptoir.agenda.models import EventKind, Registration
from comptoir.agenda.services.events import EventInput, event_create
from comptoir.community.models import Person, Role
from comptoir.community.tests.factories import PersonFactory, PlaceRoleFactory
from comptoir.core import mediation
from comptoir.places.tests.factories import PlaceFactory
from tests.browser.helpers import PARIS, Axe, label, open_menu


def _at(days: int, hour: int) -> datetime:
    """`hour`:00 in Paris, `days` days from today."""
    day = timezone.now().astimezone(PARIS).date() + timedelta(days=days)
    return datetime.combine(day, time(hour), tzinfo=PARIS)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_an_anonymous_senior_registers_to_a_workshop_with_a_phone_number(
    page: Page, axe: Axe
) -> None:
    place = PlaceFactory(name="EPN des Tilleuls", slug="epn-tilleuls", phone="04 77 00 00 00")
    concierge = PersonFactory(first_name="Claire", last_name="Concierge")
    PlaceRoleFactory(person=concierge, place=place, role=Role.CONCIERGE_PERMANENT)
    workshop = event_create(
        place=place,
        by=concierge,
        data=EventInput(
            title="Premiers pas sur tablette",
            kind=EventKind.WORKSHOP,
            start=_at(4, 14),
            end=_at(4, 16),
            summary="Allumer, toucher, faire défiler : on prend le temps.",
            description="## Au programme\n\n* les gestes de base\n* les photos de famille",
            capacity=8,
            publics=["Seniors"],
            services=[mediation.SERVICES[1]],
            accessibility="Salle au rez-de-chaussée, tablettes prêtées.",
        ),
    )
    event_create(
        place=place,
        by=concierge,
        data=EventInput(
            title="Hackathon du samedi",
            kind=EventKind.HACKATHON,
            start=_at(5, 10),
            end=_at(5, 18),
            publics=["Jeunes"],
        ),
    )
    people = Person.objects.count()

    # The agenda of the network, from the main navigation, narrowed to seniors.
    page.goto("/")
    axe(page)
    open_menu(page, "Agenda").get_by_role("link", name="The network's agenda").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Agenda of the network")
    expect(page.get_by_role("link", name="Hackathon du samedi")).to_be_visible()
    axe(page)
    page.get_by_label(label("For whom")).select_option("Seniors")
    expect(page.get_by_role("link", name="Hackathon du samedi")).to_have_count(0)
    expect(page).to_have_url(re.compile(r"public=Seniors"))
    axe(page)

    # The workshop's page: when, where, seats, for whom, accessibility.
    page.get_by_role("link", name="Premiers pas sur tablette").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Premiers pas sur tablette")
    expect(page.get_by_text("8 seats left")).to_be_visible()
    expect(page.get_by_text("Salle au rez-de-chaussée, tablettes prêtées.")).to_be_visible()
    expect(page.get_by_role("heading", name="Au programme")).to_be_visible()
    axe(page)

    # A mistyped number is pointed out on its field, and what was typed stays.
    page.get_by_label(label("Your name")).fill("Jeanne Martin")
    page.get_by_label(re.compile(r"^Phone")).fill("06 12")
    page.get_by_role("button", name="Register", exact=True).click()
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Please correct the following")
    phone = page.get_by_label(re.compile(r"^Phone"))
    expect(phone).to_have_attribute("aria-invalid", "true")
    expect(phone).to_have_attribute("aria-describedby", re.compile(r"id_phone_error"))
    expect(page.locator("#id_phone_error")).to_contain_text("This phone number is not valid")
    expect(page.get_by_label(label("Your name"))).to_have_value("Jeanne Martin")
    assert not Registration.objects.exists()
    axe(page)

    # Corrected, the registration goes through.
    phone.fill("06 12 34 56 78")
    page.get_by_role("button", name="Register", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your registration")
    expect(page.get_by_text("You are registered to “Premiers pas sur tablette”")).to_be_visible()
    expect(page.get_by_label("Your cancellation link (to copy and keep)")).to_have_value(
        re.compile(r"/agenda/inscriptions/.+/annuler/$")
    )
    axe(page)
    registration = Registration.objects.get(event=workshop)
    assert registration.name == "Jeanne Martin"
    assert registration.phone == "+33612345678"
    assert registration.person is None
    assert registration.status == Registration.Status.CONFIRMED
    assert Person.objects.count() == people

    # The cancellation link asks before cancelling; she keeps her seat.
    page.get_by_role("link", name="Cancel my registration").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Cancel a registration")
    axe(page)
    page.get_by_role("link", name="No, keep it").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your registration")
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CONFIRMED
