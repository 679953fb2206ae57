"""A concierge gives a person the Nomade role in their place and sees it in the list."""

from __future__ import annotations

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from comptoir.community.models import PlaceRole, Role
from comptoir.community.tests.factories import PlaceRoleFactory
from comptoir.places.tests.factories import PlaceFactory
from tests.accounts.helpers import verified_person
from tests.browser.helpers import Axe, label, log_in_with_password


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_concierge_gives_a_person_the_nomad_role(page: Page, axe: Axe) -> None:
    place = PlaceFactory(name="Comptoir Numérique", slug="comptoir-numerique")
    concierge = verified_person(first_name="Claire", last_name="Concierge")
    PlaceRoleFactory(person=concierge, place=place, role=Role.CONCIERGE_PERMANENT)
    newcomer = verified_person(first_name="Théo", last_name="Nomade")
    today = timezone.localdate()
    until = today + datetime.timedelta(days=90)

    log_in_with_password(page, axe, email=concierge.email)
    # The concierge lands on today's dashboard of their place.
    expect(page.get_by_role("heading", level=1)).to_contain_text("Today")
    page.get_by_role("link", name="Manage roles").click()
    expect(page).to_have_url(re.compile(rf"/lieux/{place.slug}/roles/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Comptoir Numérique")
    axe(page)

    form = page.locator("form").filter(has=page.get_by_role("button", name="Give this role"))
    form.get_by_label(label("Email of the person")).fill(newcomer.email)
    form.get_by_label(label("Role")).select_option(label="Nomad")
    form.get_by_label(label("From")).fill(today.isoformat())
    form.get_by_label(label("Until")).fill(until.isoformat())
    form.get_by_role("button", name="Give this role").click()

    expect(page.get_by_role("status").filter(has_text="Théo Nomade is now Nomad")).to_be_visible()
    row = page.get_by_role("row").filter(has=page.get_by_role("link", name="Théo Nomade"))
    expect(row).to_contain_text("Nomad")
    expect(row).to_contain_text(newcomer.email)
    axe(page)

    assert PlaceRole.objects.filter(
        person=newcomer, place=place, role=Role.NOMAD, valid_until=until
    ).exists()
