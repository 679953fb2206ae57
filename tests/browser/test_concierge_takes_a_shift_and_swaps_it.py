"""A concierge takes a shift of the month's roster, offers it for a swap from her shifts,
and an occasional concierge accepts it from the swap offers: the shift is his. axe-core
checks each step, at 1280 and 375 px."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import Page, expect

from comptoir.community.models import Role
from comptoir.community.tests.factories import PlaceRoleFactory
from comptoir.places.tests.factories import PlaceFactory
from comptoir.roster.models import Assignment, Swap
from comptoir.roster.tests.factories import make_shift, next_weekday
from tests.accounts.helpers import verified_person
from tests.browser.helpers import Axe, label, log_in_with_password


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("width", [1280, 375], ids=["desktop", "phone"])
def test_a_concierge_takes_a_shift_and_another_accepts_her_swap(
    page: Page, axe: Axe, width: int
) -> None:
    page.set_viewport_size({"width": width, "height": 800})
    place = PlaceFactory(slug="cn", name="Comptoir Numérique", opening_hours="Mo-Fr 09:00-18:00")
    claire = verified_person(first_name="Claire", last_name="Martin")
    PlaceRoleFactory(person=claire, place=place, role=Role.CONCIERGE_PERMANENT)
    paul = verified_person(first_name="Paul", last_name="Durand")
    PlaceRoleFactory(person=paul, place=place, role=Role.CONCIERGE_OCCASIONAL)
    day = next_weekday(2)
    make_shift(place, claire, day=day, start_time=dt.time(9), end_time=dt.time(13))

    log_in_with_password(page, axe, email=claire.email)
    page.goto(f"/lieux/cn/permanences/?month={day:%Y-%m}")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Roster of Comptoir Numérique")
    axe(page)
    page.get_by_role("button", name="Take this shift").first.click()
    expect(page.get_by_role("status").filter(has_text="You are on duty")).to_be_visible()
    assert Assignment.objects.get().person_id == claire.pk
    axe(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= width

    page.get_by_role("link", name="My shifts").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("My shifts")
    axe(page)
    page.get_by_label(label("Note for the others (optional)")).fill("Rendez-vous chez le médecin")
    page.get_by_role("button", name="Offer a swap").click()
    expect(page.get_by_role("status").filter(has_text="offered to the other")).to_be_visible()
    assert Swap.objects.get().status == Swap.Status.OPEN
    axe(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.context.clear_cookies()

    log_in_with_password(page, axe, email=paul.email)
    page.goto("/permanences/echanges/")
    expect(page.get_by_role("main")).to_contain_text("Rendez-vous chez le médecin")
    axe(page)
    page.get_by_role("button", name="Accept this shift").click()
    expect(page.get_by_role("status").filter(has_text="The shift is yours")).to_be_visible()
    assert Assignment.objects.get().person_id == paul.pk
    assert Swap.objects.get().status == Swap.Status.ACCEPTED
    axe(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= width
