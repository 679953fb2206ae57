"""A member looks at everything Comptoir holds about them, downloads it as JSON, then erases
their account (a wrong password is refused first) and can no longer log in; on a desktop
and on a 375 px phone (where nothing overflows sideways)."""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import Page, expect

from comptoir.access.services import plan_sell
from comptoir.access.tests.factories import ticket_book_plan
from comptoir.billing.models import Order, PaymentMethod
from comptoir.community import services
from comptoir.community.models import Person, Role
from comptoir.community.tests.factories import PASSWORD, PlaceRoleFactory
from comptoir.places.tests.factories import PlaceFactory
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
def test_member_exports_then_erases_their_data(page: Page, axe: Axe, width: int) -> None:
    page.set_viewport_size({"width": width, "height": 800})
    place = PlaceFactory(name="Comptoir Numérique", slug="comptoir-numerique")
    claire = verified_person(first_name="Claire", last_name="Concierge")
    PlaceRoleFactory(person=claire, place=place, role=Role.CONCIERGE_PERMANENT)
    nina = verified_person(first_name="Nina", last_name="Nomade", email="nina.nomade@example.org")
    services.person_set_skills(person=nina, names=["Soudure à l'étain"], by=nina)
    plan_sell(
        plan=ticket_book_plan(place, name="Carnet 10 journées"),
        place=place,
        by=claire,
        payment_method=PaymentMethod.CASH,
        person=nina,
    )

    log_in_with_password(page, axe, email=nina.email)
    page.goto("/profil/")
    axe(page)
    page.get_by_role("link", name="See all my data").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My personal data")
    expect(page.get_by_role("heading", name="Orders and payments")).to_be_visible()
    expect(page.get_by_text("Soudure à l'étain").first).to_be_visible()
    expect(page.get_by_text("Carnet 10 journées").first).to_be_visible()
    axe(page)
    assert fits_the_width(page)

    with page.expect_download() as download:
        page.get_by_role("link", name="Download it all (JSON)").click()
    data = json.loads(open(download.value.path(), encoding="utf-8").read())
    assert data["sections"]["profile"]["rows"][0]["email"] == "nina.nomade@example.org"
    assert data["sections"]["ticket_books"]["rows"][0]["balance"] == 10

    page.get_by_role("link", name="Erase my account and my data").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Erase my account and my data")
    axe(page)
    assert fits_the_width(page)
    page.get_by_label(label("Your password")).fill("pas-le-bon")
    page.get_by_role("button", name="Erase my account for good").click()
    expect(page.get_by_text("This is not your password.")).to_be_visible()
    expect(page.get_by_label(label("Your password"))).to_have_attribute("aria-invalid", "true")
    axe(page)
    assert Person.objects.get(pk=nina.pk).erased_at is None

    page.get_by_label(label("Your password")).fill(PASSWORD)
    page.get_by_role("button", name="Erase my account for good").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Data erased")
    expect(page.get_by_role("link", name="Log in")).to_be_visible()
    axe(page)
    nina.refresh_from_db()
    assert nina.erased_at is not None and nina.first_name == ""
    assert Order.objects.get(buyer=nina).buyer_name == "Nina Nomade"  # kept for accounting

    page.goto("/comptes/login/")
    axe(page)
    page.get_by_label(label("Email")).fill("nina.nomade@example.org")
    page.get_by_label(label("Password")).fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    expect(page.get_by_text(re.compile("not correct|inactive", re.I)).first).to_be_visible()
    expect(page.get_by_role("link", name="Log in")).to_be_visible()
    axe(page)
