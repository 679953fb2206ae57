"""A neighbour, without an account, puts a kettle in the Give Box with its photo (a file
that is not a picture is refused first, nothing saved); another neighbour reserves it; the
concierge marks that it left, and the month's figures count it. axe-core checks each step,
at 1280 and 375 px."""

from __future__ import annotations

import io

import pytest
from PIL import Image
from playwright.sync_api import Page, expect

from comptoir.community.models import Role
from comptoir.community.tests.factories import PlaceRoleFactory
from comptoir.core.models import Photo
from comptoir.givebox.models import Gift
from comptoir.places.tests.factories import PlaceFactory
from tests.accounts.helpers import verified_person
from tests.browser.helpers import Axe, label, log_in_with_password


def png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (120, 90), (30, 140, 90)).save(out, "PNG")
    return out.getvalue()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("width", [1280, 375], ids=["desktop", "phone"])
def test_a_neighbour_gives_a_kettle_and_another_takes_it(
    page: Page, axe: Axe, width: int, settings, tmp_path
) -> None:
    settings.MEDIA_ROOT = tmp_path
    page.set_viewport_size({"width": width, "height": 800})
    place = PlaceFactory(slug="cn", name="Comptoir Numérique")
    claire = verified_person(first_name="Claire", last_name="Martin")
    PlaceRoleFactory(person=claire, place=place, role=Role.CONCIERGE_PERMANENT)

    page.goto("/lieux/cn/boite-a-dons/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Give Box")
    axe(page)
    page.get_by_label(label("What you give")).fill("Bouilloire")
    page.get_by_label(label("Category")).select_option("appliance")
    page.get_by_label("In the box").check()
    page.get_by_label(label("Photo")).set_input_files(
        {"name": "bouilloire.png", "mimeType": "image/png", "buffer": b"not a picture"}
    )
    page.get_by_role("button", name="Put it in the Give Box").click()
    expect(page.locator(".errorlist").first).to_be_visible()
    assert not Gift.objects.exists() and not Photo.objects.exists()
    axe(page)
    page.get_by_label(label("Photo")).set_input_files(
        {"name": "bouilloire.png", "mimeType": "image/png", "buffer": png()}
    )
    page.get_by_role("button", name="Put it in the Give Box").click()
    expect(page.get_by_role("status").filter(has_text="in the Give Box")).to_be_visible()
    gift = Gift.objects.get()
    assert Photo.objects.filter(kind="gift", object_id=gift.pk).exists()
    expect(page.get_by_role("img", name="Bouilloire")).to_be_visible()
    axe(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= width

    page.context.clear_cookies()  # another neighbour
    page.goto("/lieux/cn/boite-a-dons/")
    page.get_by_label("Your first name", exact=True).fill("Aïcha")
    page.get_by_role("button", name="Reserve").click()
    expect(page.get_by_role("status").filter(has_text="48 hours")).to_be_visible()
    expect(page.get_by_text("Reserved by Aïcha")).to_be_visible()
    axe(page)

    log_in_with_password(page, axe, email=claire.email)
    page.goto("/lieux/cn/boite-a-dons/moderation/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("moderation")
    axe(page)
    page.get_by_role("button", name="It left").click()
    expect(page.get_by_role("status").filter(has_text="Done")).to_be_visible()
    gift.refresh_from_db()
    assert gift.status == Gift.Status.TAKEN
    page.goto("/lieux/cn/boite-a-dons/")
    expect(page.get_by_role("table")).to_contain_text("2")  # 2.0 kg kept out of the bin
    axe(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= width
