"""Crawl a running Comptoir under several logins and report what a visitor would hit.

    make run   # in another terminal, or any server with the demo network
    .venv/bin/python manage.py comptoir_crawl --base http://127.0.0.1:8000 \\
        --as anonymous --as claire@comptoir.test --output var/crawl.md

Needs the test dependencies (Playwright, axe-core) and Debian's Chromium."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from comptoir.devtools import crawl

CATALOGUE = Path(settings.BASE_DIR) / "comptoir" / "locale" / "fr" / "LC_MESSAGES" / "django.po"
BLOCKING = ("serious", "critical")


class Command(BaseCommand):
    help = "Crawl a running Comptoir in French as each person given; report errors, overflow, axe."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--base", default="http://127.0.0.1:8000")
        parser.add_argument(
            "--as", dest="people", action="append", help="an email, or 'anonymous' (repeatable)"
        )
        parser.add_argument("--password", default="comptoir")
        parser.add_argument("--limit", type=int, default=150, help="pages per person")
        parser.add_argument("--per-shape", type=int, default=3, help="pages per URL shape")
        parser.add_argument("--output", help="write the report there too (Markdown)")
        parser.add_argument(
            "--start", action="append", help="a path to start from (repeatable; default /)"
        )
        parser.add_argument("--chromium", default="/usr/bin/chromium")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            from axe_playwright_python.sync_playwright import Axe
            from playwright.sync_api import sync_playwright
        except ImportError as missing:
            raise CommandError("The crawl needs the test dependencies: make test") from missing
        base = options["base"].rstrip("/")
        english = crawl.english_msgids(CATALOGUE)
        runner = Axe()

        def axe_check(page: Any) -> list[str]:
            violations = runner.run(page).response["violations"]
            return [f"{v['id']} ({v['impact']})" for v in violations if v["impact"] in BLOCKING]

        reports = []
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=options["chromium"])
            for who in options["people"] or ["anonymous"]:
                context = browser.new_context(locale="fr-FR", extra_http_headers={})
                page = context.new_page()
                if who != "anonymous":
                    self.log_in(page, base, who, options["password"])
                self.stdout.write(f"Crawling as {who}…")
                reports.append(
                    crawl.crawl(
                        page,
                        base,
                        who,
                        limit=options["limit"],
                        per_shape=options["per_shape"],
                        english=english,
                        axe_check=axe_check,
                        start=options["start"] or ["/"],
                    )
                )
                context.close()
            browser.close()
        text = crawl.markdown(reports)
        self.stdout.write(text)
        if options["output"]:
            Path(options["output"]).write_text(text, encoding="utf-8")

    def log_in(self, page: Any, base: str, email: str, password: str) -> None:
        page.goto(f"{base}/comptes/login/")
        page.fill("input[name=login]", email)
        page.fill("input[name=password]", password)
        page.locator("form:has(input[name=password]) [type=submit]").first.click()
        page.wait_for_load_state("load")
        if "/comptes/login/" in page.url:
            raise CommandError(f"Could not log in as {email}.")
