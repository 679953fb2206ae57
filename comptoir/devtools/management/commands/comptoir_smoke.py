"""A quick end-to-end check run by CI after `make setup`: the main pages answer 200."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.test import Client
from django.urls import reverse

from comptoir.devtools.demo.community import DEMO_PASSWORD
from comptoir.devtools.demo.places import MAIN_PLACE

CONCIERGE_EMAIL = "claire@comptoir.test"


class Command(BaseCommand):
    help = "GET the main pages of the demo (anonymous and as a concierge); fail unless all 200."

    def handle(self, *args: Any, **options: Any) -> None:
        host = (settings.ALLOWED_HOSTS or ["localhost"])[0].lstrip(".")
        if host == "*":
            host = "localhost"
        client = Client(SERVER_NAME=host, secure=bool(settings.SECURE_SSL_REDIRECT))
        paths = [
            reverse("home:home"),
            reverse("places:place-list"),
            reverse("places:place-detail", kwargs={"slug": MAIN_PLACE}),
            reverse("community:directory"),
            reverse("agenda:network"),
            reverse("agenda:place", kwargs={"slug": MAIN_PLACE}),
            reverse("agenda:place", kwargs={"slug": MAIN_PLACE}) + "?public=Seniors",
            reverse("agenda:network-ics"),
            reverse("publishing:opendata-mediation"),
            "/api/v1/openapi.json",
        ]
        for path in paths:
            self._get(client, path)
        if not client.login(email=CONCIERGE_EMAIL, password=DEMO_PASSWORD):
            raise CommandError(f"Cannot log in as {CONCIERGE_EMAIL}: run comptoir_demo first.")
        concierge_paths = [
            reverse("home:home"),
            reverse("presence:kiosk", kwargs={"slug": MAIN_PLACE}),
            reverse("presence:kiosk", kwargs={"slug": MAIN_PLACE}) + "?q=nina",
            reverse("presence:place-presence", kwargs={"slug": MAIN_PLACE}),
            reverse("access:plan-list", kwargs={"slug": MAIN_PLACE}),
            reverse("access:subscription-list", kwargs={"slug": MAIN_PLACE}),
            reverse("billing:order-list", kwargs={"slug": MAIN_PLACE}),
            reverse("debits:mandates", kwargs={"slug": MAIN_PLACE}),
            reverse("debits:batches", kwargs={"slug": MAIN_PLACE}),
            reverse("presence:my-visits"),
            reverse("agenda:place-manage", kwargs={"slug": MAIN_PLACE}),
            reverse("agenda:report", kwargs={"slug": MAIN_PLACE}),
        ]
        for path in concierge_paths:
            self._get(client, path, who=CONCIERGE_EMAIL)
        total = len(paths) + len(concierge_paths)
        self.stdout.write(self.style.SUCCESS(f"Smoke test passed ({total} pages)."))

    def _get(self, client: Client, path: str, who: str = "anonymous") -> None:
        try:
            response = client.get(path)
        except Exception as error:  # A crash is a failed smoke test, reported as such.
            raise CommandError(f"GET {path} ({who}) raised {error!r}") from error
        if response.status_code != 200:
            raise CommandError(f"GET {path} ({who}) answered {response.status_code}, not 200")
        self.stdout.write(f"  200  {path}  ({who})")
