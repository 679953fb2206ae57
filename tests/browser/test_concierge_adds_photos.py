"""A concierge adds a photo of her place: a text file is refused with a message and nothing
is stored, then a picture with its text alternative is added, resized and shown on the
place's public page with that alternative. axe-core checks each page, at 1280 and 375 px."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from playwright.sync_api import Page, expect

from comptoir.community.models import Role
from comptoir.community.tests.factories import PlaceRoleFactory
from comptoir.core.models import Photo
from comptoir.places.tests.factories import PlaceFactory
from tests.accounts.helpers import verified_person
from tests.browser.helpers import Axe, label, log_in_with_password


def png(width: int, height: int) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), (11, 93, 75)).save(out, "PNG")
    return out.getvalue()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("width", [1280, 375], ids=["desktop", "phone"])
def test_a_concierge_adds_a_photo_of_her_place(
    page: Page, axe: Axe, width: int, settings: Any, tmp_path: Path
) -> None:
    settings.MEDIA_ROOT = tmp_path
    page.set_viewport_size({"width": width, "height": 800})
    place = PlaceFactory(name="Comptoir Numérique", slug="comptoir-numerique")
    concierge = verified_person(first_name="Claire", last_name="Concierge")
    PlaceRoleFactory(person=concierge, place=place, role=Role.CONCIERGE_PERMANENT)

    log_in_with_password(page, axe, email=concierge.email)
    page.goto("/lieux/comptoir-numerique/")
    axe(page)
    page.get_by_role("link", name="Add a photo (Comptoir Numérique)").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Photos · Comptoir Numérique")
    axe(page)

    form = page.locator("form.photo-form")
    form.get_by_label(label("Photo")).set_input_files(
        {"name": "notes.png", "mimeType": "image/png", "buffer": b"not a picture at all"}
    )
    form.get_by_label(label("Text alternative")).fill("La grande salle")
    form.get_by_role("button", name="Add the photo").click()
    expect(page.get_by_role("alert")).to_contain_text("is not a .png file")
    assert not Photo.objects.exists()
    axe(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= width

    form.get_by_label(label("Photo")).set_input_files(
        {"name": "salle.png", "mimeType": "image/png", "buffer": png(2000, 1000)}
    )
    form.get_by_label(label("Text alternative")).fill("La grande salle, vue de l’entrée")
    form.get_by_role("button", name="Add the photo").click()
    expect(page.get_by_text("The photo was added.")).to_be_visible()
    expect(page.get_by_role("img", name="La grande salle, vue de l’entrée")).to_be_visible()
    photo = Photo.objects.get()
    assert (photo.width, photo.height) == (1600, 800)
    axe(page)

    page.get_by_role("link", name="Back to Comptoir Numérique").click()
    picture = page.get_by_role("img", name="La grande salle, vue de l’entrée")
    expect(picture).to_be_visible()
    assert picture.evaluate("img => img.naturalWidth") == 480  # the thumbnail
    axe(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= width
