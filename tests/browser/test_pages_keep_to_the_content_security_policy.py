"""The main pages, anonymous and as a concierge and a network administrator, with their
htmx interactions, under the Content-Security-Policy: the browser reports no violation
(no `securitypolicyviolation` event, no console message), and htmx still works (its
requests go out, its indicator styles come from comptoir.css, not from an inline style)."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from comptoir.agenda.models import EventKind
from comptoir.agenda.services.events import EventInput, event_create
from comptoir.community.models import Role, Visibility
from comptoir.community.tests.factories import PASSWORD, PersonFactory, PlaceRoleFactory
from comptoir.places.tests.factories import PlaceFactory
from tests.accounts.helpers import verified_person
from tests.browser.helpers import PARIS, label

RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  const where = `${event.sourceFile}:${event.lineNumber}`;
  window.__cspViolations.push(`${event.effectiveDirective} refused ${event.blockedURI} (${where})`);
});
"""

ANONYMOUS_PAGES = [
    "/lieux/",
    "/lieux/cn/",
    "/agenda/",
    "/lieux/cn/agenda/",
    "/communaute/",
    "/structures/",
    "/projets/",
    "/comptes/login/",
    "/comptes/signup/",
    "/admin/login/",
    "/api/v1/docs",
]
CONCIERGE_PAGES = [
    "/",
    "/lieux/cn/accueil/",
    "/lieux/cn/presence/",
    "/lieux/cn/roles/",
    "/profil/",
    "/profil/passages/",
    "/profil/carte/",
]
ADMIN_PAGES = ["/admin/", "/admin/community/person/", "/admin/places/place/"]


def _violations(page: Page) -> list[str]:
    # A short pause: the event is dispatched asynchronously after the refusal.
    page.wait_for_timeout(100)
    found: list[str] = page.evaluate("window.__cspViolations || []")
    return found


def _visit(page: Page, path: str, seen: dict[str, list[str]]) -> None:
    response = page.goto(path)
    assert response is not None and response.status < 400, f"{path}: {response and response.status}"
    assert "script-src 'self'" in (response.headers.get("content-security-policy") or "")
    page.wait_for_load_state("load")
    if found := _violations(page):
        seen[path] = found


def _log_in(page: Page, email: str) -> None:
    page.goto("/comptes/login/")
    page.get_by_label(label("Email")).fill(email)
    page.get_by_label(label("Password")).fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    expect(page.locator("details.account-menu > summary")).to_be_visible()


def _scene() -> Any:
    place = PlaceFactory(opening_hours="24/7", slug="cn", name="Comptoir Numérique")
    concierge = verified_person(first_name="Claire", last_name="Concierge")
    PlaceRoleFactory(person=concierge, place=place, role=Role.CONCIERGE_PERMANENT)
    nina = verified_person(
        first_name="Nina", last_name="Martin", directory_visibility=Visibility.PUBLIC
    )
    PlaceRoleFactory(person=nina, place=place, role=Role.NOMAD)
    day = timezone.now().astimezone(PARIS).date() + timedelta(days=3)
    event = event_create(
        place=place,
        by=concierge,
        data=EventInput(
            title="Atelier tablette",
            kind=EventKind.WORKSHOP,
            start=datetime.combine(day, time(14), tzinfo=PARIS),
            end=datetime.combine(day, time(16), tzinfo=PARIS),
            capacity=8,
        ),
    )
    return concierge, event


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_main_pages_report_no_policy_violation(page: Page) -> None:
    concierge, event = _scene()
    page.add_init_script(RECORD_VIOLATIONS)
    seen: dict[str, list[str]] = {}

    for path in [*ANONYMOUS_PAGES, f"/agenda/{event.pk}/"]:
        _visit(page, path, seen)
    # An htmx search as you type.
    page.goto("/communaute/")
    with page.expect_response(lambda r: "/communaute/?" in r.url):
        page.get_by_role("searchbox").first.fill("nina")
    expect(page.locator("main")).to_contain_text("Nina")
    if found := _violations(page):
        seen["/communaute/ (htmx)"] = found

    _log_in(page, concierge.email)
    for path in CONCIERGE_PAGES:
        _visit(page, path, seen)
    # The desk: htmx search, then a check-in (a POST) that sends focus back to the search.
    page.goto("/lieux/cn/accueil/")
    search = page.get_by_label("Find a person")
    search.fill("nina")
    page.get_by_role("button", name="Check in : Nina Martin").click()
    expect(page.locator("#kiosk-outcome")).to_contain_text("Not possible")  # nothing valid
    expect(search).to_be_focused()
    if found := _violations(page):
        seen["desk (htmx)"] = found

    page.locator("details.account-menu > summary").click()
    page.get_by_role("button", name="Log out").click()
    admin = PersonFactory(is_staff=True, is_superuser=True)
    page.goto("/admin/login/")
    page.get_by_label("Email").fill(admin.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    for path in ADMIN_PAGES:
        _visit(page, path, seen)

    assert not seen, f"Content-Security-Policy violations: {seen}"
