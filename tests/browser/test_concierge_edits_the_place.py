"""A concierge fixes their place's opening hours, is told when the syntax is wrong, then finds
the change in the place's activity log."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from comptoir.community.models import Role
from comptoir.community.tests.factories import PlaceRoleFactory
from comptoir.places.models import Place
from comptoir.places.tests.factories import PlaceFactory
from tests.accounts.helpers import verified_person
from tests.browser.helpers import Axe, label, log_in_with_password


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_concierge_edits_the_opening_hours_and_reads_the_journal(page: Page, axe: Axe) -> None:
    place = PlaceFactory(name="Le Mixeur", slug="le-mixeur", opening_hours="Mo-Fr 09:00-18:00")
    concierge = verified_person(first_name="Léa", last_name="Concierge")
    PlaceRoleFactory(person=concierge, place=place, role=Role.CONCIERGE_PERMANENT)

    log_in_with_password(page, axe, email=concierge.email)
    page.goto(f"/lieux/{place.slug}/")
    axe(page)
    page.get_by_role("link", name="Edit this place").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Edit Le Mixeur")
    axe(page)

    hours = page.get_by_label(label("Opening hours"))
    hours.fill("Lu-Ve 9h-18h")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("alert").first).to_contain_text("Nothing has been saved")
    expect(page.get_by_text("is not valid OpenStreetMap opening_hours syntax")).to_be_visible()
    axe(page)
    assert Place.objects.get(pk=place.pk).opening_hours == "Mo-Fr 09:00-18:00"

    page.get_by_label(label("Opening hours")).fill("Mo-Fr 09:00-19:00; Sa 10:00-13:00")
    page.get_by_role("button", name="Save").click()
    expect(page).to_have_url(re.compile(rf"/lieux/{place.slug}/$"))
    expect(page.get_by_text("Saturday, 10:00 – 13:00")).to_be_visible()
    axe(page)

    page.goto(f"/lieux/{place.slug}/journal/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Activity log of Le Mixeur")
    row = page.get_by_role("row").filter(has_text="Place updated")
    expect(row).to_contain_text("Léa Concierge")
    axe(page)
