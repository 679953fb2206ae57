"""A concierge writes the governance section of their place's open documentation: the public
page then shows the new text beside the live roles table; a second, stale edit is answered
with a conflict and its diff, the concierge's text kept; an anonymous visitor reads the new
text. axe-core checks every page."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from comptoir.community.models import Organization, Role
from comptoir.community.tests.factories import OrganizationFactory, PlaceRoleFactory
from comptoir.places.tests.factories import PlaceFactory, SpaceFactory
from comptoir.publishing import services
from comptoir.publishing.models import Section, SectionKey
from tests.accounts.helpers import verified_person
from tests.browser.helpers import Axe, label, log_in_with_password, log_out


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_concierge_documents_the_governance_beside_the_live_roles(page: Page, axe: Axe) -> None:
    place = PlaceFactory(name="Comptoir Numérique", slug="comptoir-numerique")
    SpaceFactory(place=place, name="Le coworking", capacity=20, accessibility_notes="Plain-pied")
    concierge = verified_person(first_name="Claire", last_name="Concierge")
    PlaceRoleFactory(person=concierge, place=place, role=Role.CONCIERGE_PERMANENT)
    colleague = verified_person(first_name="Paul", last_name="Ponctuel")
    PlaceRoleFactory(person=colleague, place=place, role=Role.CONCIERGE_OCCASIONAL)
    cooperative = OrganizationFactory(name="Ateliers du Zéro", category=Organization.Category.SSE)
    for _ in range(3):
        PlaceRoleFactory(place=place, role=Role.RESIDENT, organization=cooperative)

    log_in_with_password(page, axe, email=concierge.email)
    page.goto(f"/lieux/{place.slug}/")
    axe(page)
    page.get_by_role("link", name="Open documentation").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Documentation of Comptoir Numérique")
    axe(page)

    governance = page.locator("[data-section='la-gouvernance']")
    governance.get_by_role("link", name="Edit La gouvernance").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("La gouvernance")
    axe(page)
    page.get_by_label(label("Text")).fill(
        "## Une gouvernance partagée\n\nLa **SCIC** réunit résidents, nomades et concierges."
    )
    page.get_by_label(label("Summary of the change")).fill("Première version")

    # Meanwhile, the colleague saves the same section.
    services.section_save(
        place=place, key=SectionKey.GOVERNANCE, body="Texte de Paul", base_revision=0, by=colleague
    )
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("alert")).to_contain_text("Someone else saved this section")
    expect(page.locator("[data-diff] [data-kind='removed']")).to_contain_text("Texte de Paul")
    expect(page.get_by_label(label("Text"))).to_have_value(re.compile("La \\*\\*SCIC\\*\\*"))
    axe(page)

    page.get_by_role("button", name="Save my text as the new version").click()
    expect(page).to_have_url(re.compile(rf"/lieux/{place.slug}/documentation/#la-gouvernance$"))
    expect(governance.get_by_role("heading", name="Une gouvernance partagée")).to_be_visible()
    expect(governance.locator("[data-section-text]")).to_contain_text("La SCIC réunit")
    roles = governance.locator("[data-live-block='roles']")
    expect(roles.get_by_role("row", name=re.compile("Resident 3"))).to_be_visible()
    axe(page)

    governance.get_by_role("link", name="History La gouvernance").click()
    expect(page.get_by_role("row").filter(has_text="Première version")).to_be_visible()
    axe(page)
    page.get_by_role("link", name="Revision 2").click()
    expect(page.locator("[data-diff] [data-kind='added']").first).to_contain_text("gouvernance")
    axe(page)
    assert Section.objects.get(place=place, key=SectionKey.GOVERNANCE).revision == 2

    # An anonymous visitor reads the new text, beside the live blocks.
    log_out(page, axe)
    page.goto(f"/lieux/{place.slug}/documentation/")
    section = page.locator("[data-section='la-gouvernance']")
    expect(section.locator("[data-section-text]")).to_contain_text("La SCIC réunit")
    expect(section.get_by_role("link", name=re.compile("Edit"))).to_have_count(0)
    spaces = page.locator("[data-live-block='spaces']")
    expect(spaces.get_by_role("row", name=re.compile("Le coworking"))).to_be_visible()
    axe(page)
