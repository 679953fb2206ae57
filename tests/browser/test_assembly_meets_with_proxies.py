"""The concierge schedules the general assembly, sends the convocation, records who is
present and the proxies (one too many refused on its field), sees the quorum reached and
publishes the minutes. axe-core checks each step, at 1280 and 375 px."""

from __future__ import annotations

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from comptoir.community.models import Role
from comptoir.community.tests.factories import PersonFactory, PlaceRoleFactory
from comptoir.governance.models import Attendance, Meeting
from comptoir.governance.services.bodies import body_create, member_add
from comptoir.places.tests.factories import PlaceFactory
from tests.accounts.helpers import verified_person
from tests.browser.helpers import Axe, label, log_in_with_password


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("width", [1280, 375], ids=["desktop", "phone"])
def test_the_general_assembly_meets_with_proxies_and_reaches_quorum(
    page: Page, axe: Axe, width: int
) -> None:
    page.set_viewport_size({"width": width, "height": 800})
    place = PlaceFactory(slug="cn", name="Comptoir Numérique")
    claire = verified_person(first_name="Claire", last_name="Martin")
    PlaceRoleFactory(person=claire, place=place, role=Role.CONCIERGE_PERMANENT)
    body = body_create(
        kind="general_assembly",
        name="Assemblée générale",
        place=place,
        by=None,
        quorum_percent=75,
        proxy_limit=1,
    )
    names = ("Anne", "Bruno", "Chloé", "Denis")
    people = [PersonFactory(first_name=name, last_name="Membre") for name in names]
    for person in people:
        member_add(body=body, person=person, by=None)

    log_in_with_password(page, axe, email=claire.email)
    page.goto("/lieux/cn/gouvernance/")
    axe(page)
    page.get_by_role("link", name="Schedule a meeting").click()
    axe(page)
    page.get_by_label(label("Kind")).select_option(label="General assembly")
    page.get_by_label(label("Title")).fill("Assemblée générale 2026")
    starts = timezone.localtime().strftime("%Y-%m-%dT%H:%M")
    page.get_by_label(label("Starts at")).fill(starts)
    page.get_by_role("button", name="Schedule the meeting").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Assemblée générale 2026")
    axe(page)
    page.get_by_role("button", name="Send the convocation to the members").click()
    expect(page.get_by_role("status").filter(has_text="Convocation sent to 4")).to_be_visible()
    assert Meeting.objects.get().convened_at is not None

    def record(who: str, holder: str = "") -> None:
        page.get_by_label(label("Member")).select_option(label=f"{who} Membre")
        if holder:
            page.get_by_label(label("Represented by (proxy)")).select_option(
                label=f"{holder} Membre"
            )
        page.get_by_role("button", name="Record", exact=True).click()

    record("Anne")
    record("Bruno")
    expect(page.get_by_text("not reached")).to_be_visible()
    record("Chloé", "Anne")
    record("Denis", "Anne")  # Anne holds one proxy already: the body allows one
    expect(page.locator(".errorlist").first).to_contain_text("as many proxies")
    assert Attendance.objects.count() == 3
    axe(page)
    page.get_by_label(label("Represented by (proxy)")).select_option(label="Bruno Membre")
    page.get_by_role("button", name="Record", exact=True).click()
    expect(page.get_by_text("2 present and 2 represented of 4 members")).to_be_visible()
    expect(page.get_by_text("not reached")).to_have_count(0)
    axe(page)
    page.get_by_text("Write the minutes").click()
    page.get_by_label(label("Minutes (Markdown)")).fill("# AG 2026\n\nLe budget est **adopté**.")
    page.get_by_role("button", name="Publish the minutes").click()
    expect(page.locator("strong", has_text="adopté")).to_be_visible()
    axe(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= width
