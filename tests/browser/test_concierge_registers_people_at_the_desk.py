"""A concierge registers people at the desk for a workshop of three seats: a member found by
their email, a neighbour without an account by phone (after forgetting her name, which is
pointed out and saves nothing), then two people who land on the waitlist, with their place."""

from __future__ import annotations

import re
from datetime import datetime, time, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from comptoir.agenda.models import EventKind, Registration
from comptoir.agenda.services.events import EventInput, event_create
from comptoir.agenda.services.registrations import Guest, register_guest
from comptoir.community.models import Role
from comptoir.community.tests.factories import PersonFactory, PlaceRoleFactory
from comptoir.places.tests.factories import PlaceFactory
from tests.accounts.helpers import verified_person
from tests.browser.helpers import PARIS, Axe, label, log_in_with_password

EMAIL = "Email (a member is found by their email)"


def register(page: Page, *, name: str = "", email: str = "", phone: str = "") -> None:
    page.get_by_label(label("Name")).fill(name)
    page.get_by_label(label(EMAIL)).fill(email)
    page.get_by_label(label("Phone")).fill(phone)
    page.get_by_role("button", name="Register", exact=True).click()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_concierge_registers_a_member_a_neighbour_and_the_waitlist_at_the_desk(
    page: Page, axe: Axe
) -> None:
    place = PlaceFactory(name="EPN des Tilleuls", slug="epn-tilleuls")
    concierge = verified_person(first_name="Claire", last_name="Concierge")
    PlaceRoleFactory(person=concierge, place=place, role=Role.CONCIERGE_PERMANENT)
    rosa = PersonFactory(first_name="Rosa", last_name="Lopez", email="rosa.lopez@example.org")
    day = timezone.now().astimezone(PARIS).date() + timedelta(days=3)
    start = datetime.combine(day, time(14), tzinfo=PARIS)
    workshop = event_create(
        place=place,
        by=concierge,
        data=EventInput(
            title="Premiers pas sur tablette",
            kind=EventKind.WORKSHOP,
            start=start,
            end=start + timedelta(hours=2),
            capacity=3,
        ),
    )
    register_guest(event=workshop, guest=Guest("Jean Roux", email="jean.roux@example.org"))

    log_in_with_password(page, axe, email=concierge.email)
    page.goto(f"/agenda/{workshop.pk}/presences/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Attendance · Premiers pas sur tablette"
    )
    axe(page)
    page.get_by_role("link", name="Register someone").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Register someone · Premiers pas sur tablette"
    )
    axe(page)

    # A member: her email (typed any case) is enough, her name comes from her account.
    register(page, email="Rosa.Lopez@Example.org")
    expect(page.get_by_role("status")).to_have_text("Rosa Lopez is registered.")
    expect(page.get_by_label(label(EMAIL))).to_have_value("")
    axe(page)
    assert Registration.objects.get(event=workshop, person=rosa).registered_by == concierge

    # Someone without an account needs a name: pointed out on its field, nothing saved.
    register(page, phone="06 12 34 56 01")
    expect(page.get_by_role("alert")).to_contain_text("Please correct the following")
    name = page.get_by_label(label("Name"))
    expect(name).to_have_attribute("aria-invalid", "true")
    expect(name).to_have_attribute("aria-describedby", re.compile(r"id_name_error"))
    expect(page.locator("#id_name_error")).to_have_text(
        "Give the name of the person who registers."
    )
    expect(page.get_by_label(label("Phone"))).to_have_value("06 12 34 56 01")
    expect(page.get_by_role("status")).to_have_count(0)
    assert Registration.objects.filter(event=workshop).count() == 2
    axe(page)
    name.fill("Monique Faure")
    page.get_by_role("button", name="Register", exact=True).click()
    expect(page.get_by_role("status")).to_have_text("Monique Faure is registered.")
    axe(page)

    # The three seats are taken: the next two wait, each told their place in the line.
    register(page, name="Lucie Perrin", email="lucie.perrin@example.org")
    expect(page.get_by_role("status")).to_have_text("Lucie Perrin is on the waitlist, position 1.")
    axe(page)
    register(page, name="Paul Girard", phone="04 77 12 34 56")
    expect(page.get_by_role("status")).to_have_text("Paul Girard is on the waitlist, position 2.")
    axe(page)

    page.get_by_role("link", name="Registrations and attendance").click()
    counts = page.locator("#attendance-counts")
    expect(counts.locator('[data-count="confirmed"]')).to_have_text("3 / 3")
    expect(counts.locator('[data-count="waitlisted"]')).to_have_text("2")
    waiting = page.locator(".attendance-row", has_text="on the waitlist")
    expect(waiting).to_have_count(2)
    expect(waiting.locator("strong")).to_have_text(["Lucie Perrin", "Paul Girard"])
    axe(page)

    registrations = {r.name: r for r in Registration.objects.filter(event=workshop)}
    assert {who: r.status for who, r in registrations.items()} == {
        "Jean Roux": Registration.Status.CONFIRMED,
        "Rosa Lopez": Registration.Status.CONFIRMED,
        "Monique Faure": Registration.Status.CONFIRMED,
        "Lucie Perrin": Registration.Status.WAITLISTED,
        "Paul Girard": Registration.Status.WAITLISTED,
    }
    assert registrations["Rosa Lopez"].person == rosa
    monique = registrations["Monique Faure"]
    assert (monique.person, monique.phone, monique.email) == (None, "+33612345601", "")
    assert registrations["Paul Girard"].phone == "+33477123456"
    assert registrations["Lucie Perrin"].email == "lucie.perrin@example.org"
    by_desk = {who for who, r in registrations.items() if r.registered_by == concierge}
    assert by_desk == {"Rosa Lopez", "Monique Faure", "Lucie Perrin", "Paul Girard"}
