"""A concierge opens the place's incubator from the "Incubator" template and puts a project
in its autumn cohort with a mentor; the porteuse ticks the first stage's checklist (htmx)
and fills the Business Model Canvas, whose history then shows what changed. axe-core
checks every page on the way."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from comptoir.community.models import Role
from comptoir.community.tests.factories import PlaceRoleFactory
from comptoir.incubator.models import Canvas, ChecklistTick, Incubation
from comptoir.places.tests.factories import PlaceFactory
from comptoir.projects.models import ProjectMember
from comptoir.projects.services import project_create
from tests.accounts.helpers import verified_person
from tests.browser.helpers import Axe, label, log_in_with_password, log_out


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_concierge_incubates_a_project(page: Page, axe: Axe) -> None:
    place = PlaceFactory(name="Comptoir Numérique", slug="comptoir-numerique")
    claire = verified_person(first_name="Claire", last_name="Concierge")
    paula = verified_person(first_name="Paula", last_name="Porteuse")
    marc = verified_person(first_name="Marc", last_name="Mentor")
    PlaceRoleFactory(person=claire, place=place, role=Role.CONCIERGE_PERMANENT)
    PlaceRoleFactory(person=paula, place=place, role=Role.NOMAD)
    project = project_create(by=paula, title="Robot tondeuse libre", places=[place])

    # Claire creates the programme from its template, then incubates the project.
    log_in_with_password(page, axe, email=claire.email)
    page.goto(f"/lieux/{place.slug}/incubateur/")
    axe(page)
    page.get_by_label(label("Template")).select_option("incubateur")
    page.get_by_role("button", name="Create the programme").click()
    expect(page.get_by_role("heading", name="Incubator", exact=True)).to_be_visible()
    axe(page)
    page.get_by_label(label("Project")).select_option(label="Robot tondeuse libre")
    page.get_by_label(label("Programme")).select_option(label="Incubator")
    page.get_by_label(label("Cohort")).fill("Cohorte automne 2026")
    page.get_by_role("button", name="Start the incubation").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Robot tondeuse libre")
    axe(page)
    page.get_by_label(label("Email of the mentor")).fill(marc.email)
    page.get_by_role("button", name="Add a mentor").click()
    expect(page.locator(f'[data-mentor="{marc.pk}"]')).to_be_visible()
    axe(page)
    assert ProjectMember.objects.get(person=marc).role == ProjectMember.Role.MENTOR
    log_out(page, axe)

    # Paula ticks an item of the first stage and fills the canvas.
    incubation = Incubation.objects.get()
    log_in_with_password(page, axe, email=paula.email)
    page.goto(f"/projets/{project.slug}/incubation/")
    axe(page)
    item = incubation.stage.items.order_by("position").first()
    assert item is not None
    page.locator(f'[data-item="{item.pk}"] button').click()
    expect(page.locator(f'[data-item="{item.pk}"]')).to_have_attribute("data-done", "1")
    axe(page)
    assert ChecklistTick.objects.filter(item=item).exists()
    page.get_by_role("link", name="Edit the canvas").click()
    axe(page)
    page.get_by_label(label("Value propositions")).fill("Tondre sans bruit ni pétrole")
    page.get_by_label(label("Key partners")).fill("OpenFactory")
    page.get_by_role("button", name="Save the canvas").click()
    expect(page.locator('[data-block="value_propositions"]')).to_contain_text("sans bruit")
    axe(page)
    assert Canvas.objects.get().revision == 1
    page.get_by_role("link", name="History of the canvas").click()
    expect(page.locator('[data-revision="1"] ins').first).to_be_visible()
    axe(page)
