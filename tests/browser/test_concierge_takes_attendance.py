"""A concierge takes the attendance of today's workshop on a tablet: marks Alice present and
Bob absent, adds a walk-in with her public (she agrees), then finds them in the activity
report."""

from __future__ import annotations

import zoneinfo
from datetime import datetime, time, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from comptoir.agenda.models import Event, EventKind, Registration
from comptoir.community.models import Role
from comptoir.community.tests.factories import PlaceRoleFactory
from comptoir.places.tests.factories import PlaceFactory
from tests.accounts.helpers import verified_person
from tests.browser.helpers import Axe, label, log_in_with_password


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_concierge_takes_attendance_and_sees_it_in_the_report(page: Page, axe: Axe) -> None:
    page.set_viewport_size({"width": 1024, "height": 768})  # a tablet
    place = PlaceFactory(slug="cn", name="Comptoir Numérique")
    concierge = verified_person(first_name="Claire", last_name="Concierge")
    PlaceRoleFactory(person=concierge, place=place, role=Role.CONCIERGE_PERMANENT)
    tz = zoneinfo.ZoneInfo(place.timezone)
    today = timezone.now().astimezone(tz).date()
    start = datetime.combine(today, time(14), tzinfo=tz)
    event = Event.objects.create(
        place=place, title="Premiers pas sur tablette", kind=EventKind.WORKSHOP, start=start,
        end=start + timedelta(hours=2), capacity=2, publics=["Seniors"],
    )  # fmt: skip
    alice, bob = (
        Registration.objects.create(
            event=event,
            name=name,
            email=f"{name.lower()}@example.org",
            identity=f"e:{name.lower()}@example.org",
        )  # fmt: skip
        for name in ("Alice Durand", "Bob Petit")
    )

    log_in_with_password(page, axe, email=concierge.email)
    page.goto(f"/agenda/{event.pk}/presences/")
    axe(page)
    counts = page.locator("#attendance-counts")
    alice_row, bob_row = (
        page.locator(f"#registration-{alice.pk}"),
        page.locator(f"#registration-{bob.pk}"),
    )

    alice_row.get_by_role("button", name="Present").click()
    expect(alice_row).to_have_attribute("data-attendance", "present")
    expect(counts.locator('[data-count="present"]')).to_have_text("1")
    bob_row.get_by_role("button", name="Absent").click()
    expect(bob_row).to_have_attribute("data-attendance", "absent")
    expect(counts.locator('[data-count="absent"]')).to_have_text("1")
    expect(bob_row.get_by_role("button", name="Absent")).to_have_attribute("aria-pressed", "true")

    # A walk-in, beyond the two seats: her public only with her consent.
    walk_in = page.get_by_role("region", name="Add a walk-in")
    walk_in.get_by_label(label("Name")).fill("Zoé Martin")
    walk_in.get_by_label(label("Public")).select_option("Seniors")
    walk_in.get_by_role("button", name="Add, present").click()
    expect(page.locator("#walk-in-outcome")).to_be_empty()
    expect(page.locator(".errorlist")).to_contain_text("tick the consent box")
    axe(page)
    walk_in.get_by_label(
        "The person agrees that their public is recorded, for statistics only"
    ).check()
    walk_in.get_by_role("button", name="Add, present").click()
    expect(page.locator("#walk-in-outcome")).to_contain_text("Zoé Martin is added, present.")
    zoe_row = page.locator(".attendance-row", has_text="Zoé Martin")
    expect(zoe_row).to_have_attribute("data-attendance", "present")
    expect(counts.locator('[data-count="present"]')).to_have_text("2")
    expect(counts.locator('[data-count="walk_ins"]')).to_have_text("1")
    axe(page)

    page.goto(f"/lieux/cn/rapport-activite/?du={today.isoformat()}&au={today.isoformat()}")
    axe(page)
    figures = page.locator("#report-figures")
    expect(figures.locator("div", has_text="Presences").locator("dd")).to_have_text("2")
    expect(figures.locator("div", has_text="Walk-ins").locator("dd")).to_have_text("1")
    expect(figures.locator("div", has_text="Unique people").locator("dd")).to_have_text("2")
    seniors = page.locator("#chart-public-people").get_by_role("row", name="Seniors")
    expect(seniors.get_by_role("cell").first).to_have_text("1")
    first_time = page.locator("#chart-returning").get_by_role("row", name="First-time people")
    expect(first_time.get_by_role("cell").first).to_have_text("2")
    page.get_by_role("link", name="This year").click()
    axe(page)
    expect(figures.locator("div", has_text="Presences").locator("dd")).to_have_text("2")
