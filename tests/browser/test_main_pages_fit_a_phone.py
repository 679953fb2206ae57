"""The main pages of the demo, under each role, fit a 375 px phone and a 1280 px screen
without scrolling sideways (issue 14: tables scroll inside their own region or become
cards), in French, with no serious accessibility violation."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from playwright.sync_api import Page

from comptoir.agenda.models import Event
from comptoir.billing.models import Order
from comptoir.community.models import Organization, Person
from comptoir.projects.models import Project
from tests.browser.helpers import Axe

CN = "/lieux/comptoir-numerique"
PAGES = {
    None: ["/", "/lieux/", f"{CN}/", f"{CN}/agenda/", "/communaute/", "/projets/"],
    "rosa@comptoir.test": [
        "/",
        "/profil/",
        f"{CN}/reservations/",
        f"{CN}/reservations/salle-de-reunion/",
        f"{CN}/presence/",
    ],
    "claire@comptoir.test": [
        "/",
        f"{CN}/accueil/",
        f"{CN}/roles/",
        f"{CN}/agenda/gestion/",
        f"{CN}/rapport-activite/",
        f"{CN}/ventes/",
    ],
}
# More pages of each role (issue 14 pt 2: every page works at 375 px), and the deep pages
# whose objects the demo makes (their addresses are read once it is loaded).
MORE_PAGES = {
    None: ["/agenda/", "/structures/", f"{CN}/documentation/", f"{CN}/offres/"],
    "rosa@comptoir.test": [
        "/profil/reservations/",
        "/profil/passages/",
        "/profil/carte/",
        "/profil/compte/",
        f"{CN}/habilitations/",
    ],
    "claire@comptoir.test": [
        f"{CN}/abonnements/",
        f"{CN}/journal/",
        f"{CN}/presence/",
        f"{CN}/ressources/",
        f"{CN}/modifier/",
    ],
    "theo@comptoir.test": [f"{CN}/clotures/", f"{CN}/fec/"],
    "admin@comptoir.test": ["/style/"],
}


def _deep_pages() -> dict[str | None, list[str]]:
    project = Project.objects.order_by("pk").first()
    organization = Organization.objects.order_by("pk").first()
    event = Event.objects.order_by("pk").first()
    order = Order.objects.filter(place__slug="comptoir-numerique").order_by("pk").first()
    assert project and organization and event and order
    return {
        None: [
            reverse("projects:detail", args=[project.slug]),
            reverse("community:organization-detail", args=[organization.slug]),
            reverse("agenda:event", args=[event.pk]),
        ],
        "claire@comptoir.test": [reverse("billing:order-detail", args=[order.pk])],
    }


WIDTHS = (375, 1280)
OVERFLOW = "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"


def _log_in(page: Page, email: str | None, base_url: str) -> None:
    """The session of a test client, handed to the browser (the login form has its own
    test)."""
    page.context.clear_cookies()
    if email is None:
        return
    client = Client()
    client.force_login(Person.objects.get(email=email))
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": base_url}]
    )


@pytest.mark.browser
@pytest.mark.browser_context_args(locale="fr-FR")
@pytest.mark.django_db(transaction=True)
def test_the_main_pages_fit_a_phone_and_a_desktop_screen(
    page: Page, axe: Axe, live_server: Any
) -> None:
    call_command("comptoir_demo", stdout=StringIO())
    pages: dict[str | None, list[str]] = {}
    for more in (PAGES, MORE_PAGES, _deep_pages()):
        for email, paths in more.items():
            pages.setdefault(email, []).extend(paths)
    too_wide: dict[tuple[int, str | None, str], int] = {}
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        for email, paths in pages.items():
            _log_in(page, email, live_server.url)
            for path in paths:
                response = page.goto(path)
                assert response is not None and response.status == 200, (email, path)
                if (extra := page.evaluate(OVERFLOW)) > 0:
                    too_wide[(width, email, path)] = extra
                axe(page)
    assert too_wide == {}
