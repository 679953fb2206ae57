"""A member browses the places, adds their structure (a wrong SIRET is refused first), then
opens its page and their own profile from it."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from comptoir.community.models import Organization, Visibility
from comptoir.places.tests.factories import PlaceFactory
from tests.accounts.helpers import verified_person
from tests.browser.helpers import Axe, label, log_in_with_password, open_menu

# A valid SIRET (Luhn check digit), and the same with its last digit changed.
VALID_SIRET = "73282932000074"
WRONG_SIRET = "73282932000075"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_member_adds_a_structure_and_finds_it(page: Page, axe: Axe) -> None:
    PlaceFactory(name="OpenFactory", slug="openfactory")
    member = verified_person(first_name="Rosa", last_name="Résidente")
    member.directory_visibility = Visibility.MEMBERS
    member.save()

    page.goto("/lieux/")
    expect(page.get_by_role("link", name="OpenFactory")).to_be_visible()
    axe(page)

    log_in_with_password(page, axe, email=member.email)
    open_menu(page, "Community").get_by_role("link", name="Structures").click()
    axe(page)
    page.get_by_role("link", name="Add a structure").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("New structure")
    axe(page)

    page.get_by_label(label("Name")).fill("Zoomacom")
    page.get_by_label(label("Category")).select_option(label="Digital")
    page.get_by_label(label("SIRET")).fill(WRONG_SIRET)
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("is not a valid SIRET number")).to_be_visible()
    axe(page)
    assert not Organization.objects.filter(name="Zoomacom").exists()

    page.get_by_label(label("SIRET")).fill(VALID_SIRET)
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Zoomacom")
    axe(page)
    assert Organization.objects.get(name="Zoomacom").siret == VALID_SIRET

    page.get_by_role("link", name="Rosa Résidente").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Rosa Résidente")
    expect(page.get_by_role("link", name="Zoomacom")).to_be_visible()
    axe(page)
