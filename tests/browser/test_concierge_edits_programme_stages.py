"""A concierge edits the stages of the place's incubation programme: adds a stage, renames
and moves it, writes its checklist, removes an item and then the stage; the stage where a
project stands offers no removal. htmx swaps the list in place; axe-core checks each state,
on a desktop and on a 375 px phone (where nothing overflows sideways)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from comptoir.community.models import Role
from comptoir.community.tests.factories import PlaceRoleFactory
from comptoir.incubator import services
from comptoir.incubator.models import Programme, Stage
from comptoir.places.tests.factories import PlaceFactory
from comptoir.projects.services import project_create
from tests.accounts.helpers import verified_person
from tests.browser.helpers import Axe, label, log_in_with_password


def fits_the_width(page: Page) -> bool:
    return bool(
        page.evaluate(
            "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
        )
    )


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("width", [1280, 375], ids=["desktop", "phone"])
def test_concierge_edits_programme_stages(page: Page, axe: Axe, width: int) -> None:
    page.set_viewport_size({"width": width, "height": 800})
    place = PlaceFactory(name="Comptoir Numérique", slug="comptoir-numerique")
    claire = verified_person(first_name="Claire", last_name="Concierge")
    paula = verified_person(first_name="Paula", last_name="Porteuse")
    PlaceRoleFactory(person=claire, place=place, role=Role.CONCIERGE_PERMANENT)
    PlaceRoleFactory(person=paula, place=place, role=Role.NOMAD)
    programme = services.programme_create(
        place=place, template=Programme.Template.INCUBATOR, name="Fabrique", by=claire
    )
    project = project_create(by=paula, title="Robot tondeuse libre", places=[place])
    incubation = services.incubation_start(project=project, programme=programme, by=claire)

    log_in_with_password(page, axe, email=claire.email)
    page.goto(f"/lieux/{place.slug}/incubateur/")
    axe(page)
    page.get_by_role("link", name="Edit the stages of Fabrique").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Stages of Fabrique")
    axe(page)
    assert fits_the_width(page)
    first = page.locator(f'[data-stage="{incubation.stage_id}"]')
    expect(first.get_by_test_id("stage-in-use")).to_be_visible()
    expect(first.get_by_role("button", name="Remove “")).to_have_count(0)

    # A new stage at the end, through htmx.
    adding = page.get_by_test_id("stage-add-form")
    adding.get_by_label(label("Name of the stage")).fill("Essaimage")
    adding.get_by_role("button", name="Add the stage").click()
    expect(page.get_by_role("button", name="Move “Essaimage” up")).to_be_visible()
    axe(page)
    stage = Stage.objects.get(programme=programme, name="Essaimage")
    assert stage.position == 5
    row = page.locator(f'[data-stage="{stage.pk}"]')

    # Renamed, then moved before "Launch".
    row.get_by_label("Name of stage 5").fill("Diffusion")
    row.get_by_role("button", name="Save the stage “Essaimage”").click()
    expect(page.get_by_role("button", name="Move “Diffusion” up")).to_be_visible()
    page.get_by_role("button", name="Move “Diffusion” up").click()
    expect(page.locator("[data-stage]").nth(3)).to_have_attribute("data-stage", str(stage.pk))
    axe(page)

    # Its checklist: two items, the first removed.
    row.get_by_label("New item for “Diffusion”").fill("Publier la documentation")
    row.get_by_role("button", name="Add the item").click()
    expect(row.locator("[data-item]")).to_have_count(1)
    row.get_by_label("New item for “Diffusion”").fill("Présenter au réseau")
    row.get_by_role("button", name="Add the item").click()
    expect(row.locator("[data-item]")).to_have_count(2)
    row.get_by_role("button", name="Remove Publier la documentation").click()
    expect(row.locator("[data-item]")).to_have_count(1)
    axe(page)
    assert list(stage.items.values_list("text", "position")) == [("Présenter au réseau", 1)]
    assert fits_the_width(page)

    # Then the whole stage goes; the others close up.
    row.get_by_role("button", name="Remove “Diffusion”").click()
    expect(page.locator("[data-stage]")).to_have_count(4)
    axe(page)
    positions = list(programme.stages.order_by("position").values_list("position", flat=True))
    assert positions == [1, 2, 3, 4]
