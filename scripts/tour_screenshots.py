"""Retake the README's tour screenshots from a running demo (make run), in French.

    .venv/bin/python scripts/tour_screenshots.py http://127.0.0.1:8000 docs/screenshots \
        order=1 full_event=25 past_event=12 invoice=F2026-000003 item=1 proposal=2 cigale=1

Each shot is a page as a person of the demo sees it (docs/screenshots/<name>.png, 1280 px
wide, or 375 px for the phone shots); needs the test dependencies (Playwright) and Debian's
Chromium."""

from __future__ import annotations

import sys
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

PASSWORD = "comptoir"  # every demo account's (README)
PLACE = "/lieux/comptoir-numerique"
# name → (who, path, width): who is an email of the demo, or None for a visitor.
SHOTS: dict[str, tuple[str | None, str, int]] = {
    "place": (None, f"{PLACE}/", 1280),
    "place-phone": (None, f"{PLACE}/", 375),
    "map": (None, "/carte/", 1280),
    "agenda": (None, "/agenda/", 1280),
    "directory": ("nina@comptoir.test", "/communaute/?competence=soudure", 1280),
    "dashboard": ("claire@comptoir.test", "/", 1280),
    "kiosk": ("claire@comptoir.test", f"{PLACE}/accueil/?q=victor", 1280),
    "presence": ("claire@comptoir.test", f"{PLACE}/presences/", 1280),
    "report": ("claire@comptoir.test", f"{PLACE}/rapport/", 1280),
    "economy": ("theo@comptoir.test", f"{PLACE}/economie/", 1280),
    "menu-phone": ("claire@comptoir.test", f"{PLACE}/", 375),
    "roles": ("claire@comptoir.test", f"{PLACE}/roles/", 1280),
    "receipt": ("claire@comptoir.test", "/ventes/{order}/", 1280),
    "agenda-register": (None, "/agenda/{full_event}/", 1280),
    "attendance": ("claire@comptoir.test", "/agenda/{past_event}/presences/", 1280),
    "invoice": ("nina@comptoir.test", f"{PLACE}/factures/{{invoice}}/", 1280),
    "conciergerie": ("claire@comptoir.test", f"{PLACE}/conciergerie/demandes/", 1280),
    "lending": ("nina@comptoir.test", f"{PLACE}/objets/{{item}}/", 1280),
    "givebox": (None, f"{PLACE}/boite-a-dons/", 1280),
    "roster": ("claire@comptoir.test", f"{PLACE}/permanences/", 1280),
    "proposal": ("rosa@comptoir.test", f"{PLACE}/gouvernance/propositions/{{proposal}}/", 1280),
    "cigale": ("rosa@comptoir.test", f"{PLACE}/cigales/{{cigale}}/", 1280),
    "shares": ("theo@comptoir.test", f"{PLACE}/parts-sociales/", 1280),
}


def log_in(page: Page, base: str, email: str) -> None:
    page.goto(f"{base}/comptes/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("form:has(input[name=password]) [type=submit]").first.click()
    page.wait_for_load_state("load")


def main(base: str, folder: Path, ids: dict[str, str]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    only = set(ids.pop("only").split(",")) if "only" in ids else set(SHOTS)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium")
        for name, (who, path, width) in SHOTS.items():
            if name not in only:
                continue
            context = browser.new_context(
                locale="fr-FR", viewport={"width": width, "height": 900 if width > 400 else 760}
            )
            page = context.new_page()
            if who:
                log_in(page, base, who)
            page.goto(base + path.format(**ids), wait_until="networkidle")
            if name == "menu-phone":
                page.locator("details.mobile-menu > summary").click()
            full = width <= 400 and name != "menu-phone"
            page.screenshot(path=str(folder / f"{name}.png"), full_page=full)
            print(name, page.url)
            context.close()
        browser.close()


if __name__ == "__main__":
    # The demo's ids of a sale, a full event and a past one: order=…, full_event=…, past_event=…;
    # Nina's invoice number, the projector's id, the open proposal's and the Cigale's:
    # invoice=…, item=…, proposal=…, cigale=…; only=invoice,roster retakes just those shots.
    given = dict(arg.split("=", 1) for arg in sys.argv[3:])
    main(sys.argv[1].rstrip("/"), Path(sys.argv[2]), given)
