"""The crawl (`comptoir_crawl`, issue 14's check of every page) finds what a visitor would
hit: here a page planted too wide for a phone and a page with a serious axe violation, among
real pages of a place that are clean."""

from __future__ import annotations

from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, Route

from comptoir.devtools import crawl
from comptoir.places.tests.factories import PlaceFactory

WIDE = (
    "<html lang='fr'><head><title>Large</title></head><body><main><h1>Large</h1>"
    "<div style='width:600px'>trop large</div><a href='/sans-nom/'>suite</a></main></body></html>"
)
# An image without alternative text: axe-core's image-alt rule, critical.
UNNAMED = (
    "<html lang='fr'><head><title>Image</title></head><body><main><h1>Image</h1>"
    "<img src='data:image/gif;base64,R0lGODlhAQABAAAAACw='></main></body></html>"
)


def serious(page: Page) -> list[str]:
    found = Axe().run(page).response["violations"]
    return [v["id"] for v in found if v["impact"] in ("serious", "critical")]


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_crawl_names_the_pages_too_wide_or_inaccessible(page: Page, live_server: Any) -> None:
    place = PlaceFactory(name="Comptoir Numérique", slug="comptoir-numerique")
    planted = {"/trop-large/": WIDE, "/sans-nom/": UNNAMED}

    def serve(route: Route) -> None:
        path = route.request.url.removeprefix(live_server.url)
        route.fulfill(status=200, content_type="text/html; charset=utf-8", body=planted[path])

    for path in planted:
        page.route(f"{live_server.url}{path}", serve)

    report = crawl.crawl(
        page,
        live_server.url,
        "anonymous",
        limit=6,
        per_shape=2,
        english=["This English sentence is in the catalogue"],
        axe_check=serious,
        start=["/trop-large/", f"/lieux/{place.slug}/"],
    )

    by_path = {p.url.removeprefix(live_server.url): p for p in report.pages}
    assert by_path[f"/lieux/{place.slug}/"].clean
    assert by_path["/trop-large/"].overflow_px >= 600 - crawl.PHONE - 20
    assert "image-alt" in by_path["/sans-nom/"].axe  # reached by following the planted link
    counts = report.counts()
    assert counts["overflow at 375 px"] == 1 and counts["axe serious/critical"] == 1
    summary = crawl.markdown([report])
    assert "/trop-large/: " in summary and "px too wide at 375" in summary


def test_one_shape_per_row_page() -> None:
    assert crawl.shape("/agenda/12/atelier-cv/") == crawl.shape("/agenda/48/cafe-debat/")
    assert crawl.shape("/lieux/mixeur/") != crawl.shape("/lieux/comptoir/espaces/")


def test_only_pages_of_the_site_are_followed() -> None:
    base = "http://127.0.0.1:8000"
    hrefs = [
        "/lieux/",
        "https://example.org/",
        "/static/x.css",
        "/comptes/logout/",
        "#top",
        "/agenda/?page=2",
        "/lieux/x/export/visits.csv",
        "/lieux/x/factures/F2026-000004/pdf/",  # a download: the browser opens no page
        "mailto:a@b.c",
    ]
    assert crawl.links_to_follow(base, hrefs) == ["/lieux/", "/", "/agenda/?page=2"]


@pytest.mark.browser
def test_a_page_the_browser_cannot_open_is_named_and_the_crawl_goes_on(page: Page) -> None:
    """A POST-only address given as a start answers 405 with an empty body, which Chromium
    reports as a failed navigation: the crawl used to stop there, losing every page."""
    base = "http://127.0.0.1:59999"  # nothing answers: every page is planted
    # In the context: the crawl goes on in a fresh tab of it.
    page.context.route(f"{base}/formulaire/", lambda route: route.abort())
    page.context.route(
        f"{base}/apres/",
        lambda route: route.fulfill(
            status=200,
            content_type="text/html; charset=utf-8",
            body="<html lang='fr'><head><title>Après</title></head><body><main><h1>Après</h1>"
            "</main></body></html>",
        ),
    )

    report = crawl.crawl(
        page,
        base,
        "anonymous",
        limit=2,
        per_shape=2,
        english=[],
        axe_check=lambda _page: [],
        start=["/formulaire/", "/apres/"],
    )

    assert [p.url for p in report.pages] == [f"{base}/apres/"], report.unreachable
    assert report.counts()["unreachable"] == 1
    assert report.unreachable[0].startswith(f"{base}/formulaire/ (")
    assert f"- anonymous {report.unreachable[0]}: unreachable" in crawl.markdown([report])
