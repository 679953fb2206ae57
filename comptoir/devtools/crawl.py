"""Crawl a running Comptoir as each of some people, in French, at a phone's width and a
desktop's, and list what a visitor would hit: server errors, pages wider than the screen,
serious or critical axe-core violations and English strings of the catalogue left in a
French page (issue 14's "done when", checked on every page reachable from the home page).

Links are followed breadth first on the same site, GET only; the pages of one URL shape
(`/lieux/<slug>/espaces/<id>/`) are visited a few times, not once per row of the demo."""

from __future__ import annotations

import re
from collections import Counter, deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urldefrag, urljoin, urlparse

from babel.messages.pofile import read_po

if TYPE_CHECKING:  # Playwright comes with the test dependencies
    from playwright.sync_api import Page

try:
    from playwright.sync_api import Error as PlaywrightError
except ImportError:  # without the test dependencies, no browser raises it

    class PlaywrightError(Exception):  # type: ignore[no-redef]
        message = ""


PHONE, DESKTOP = 375, 1280
# Never followed: they change state on GET, leave the site, or are files, not pages.
SKIPPED = re.compile(
    r"^/(static|media)/|/(logout|deconnexion)/|^/admin/|^/api/|^/comptes/(logout|email|password)"
    r"|\.(pdf|csv|ics|xml|xlsx|txt|json|zip|png|jpe?g|svg|webp)$|/(export|telecharger|fec|pdf)/"
)
MIN_ENGLISH = 18  # shorter msgids ("Save", "Places") also read as French or names


@dataclass
class PageReport:
    url: str
    status: int
    overflow_px: int = 0
    axe: list[str] = field(default_factory=list)
    english: list[str] = field(default_factory=list)

    @property
    def clean(self) -> bool:
        return self.status < 500 and not self.overflow_px and not self.axe and not self.english


@dataclass
class RoleReport:
    who: str
    pages: list[PageReport] = field(default_factory=list)
    # Addresses the browser could not open (an empty error response, a dropped connection).
    unreachable: list[str] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        return {
            "pages": len(self.pages),
            "5xx": sum(1 for p in self.pages if p.status >= 500),
            "overflow at 375 px": sum(1 for p in self.pages if p.overflow_px),
            "axe serious/critical": sum(1 for p in self.pages if p.axe),
            "English strings": sum(1 for p in self.pages if p.english),
            "unreachable": len(self.unreachable),
        }


def shape(path: str) -> str:
    """`/agenda/12/atelier-cv/` → `/agenda/#/*/`: one shape for every row's page (a number,
    and the slug that follows it)."""
    parts = path.split("/")
    for index, part in enumerate(parts):
        if part.isdigit():
            parts[index] = "#"
            if index + 1 < len(parts) and parts[index + 1]:
                parts[index + 1] = "*"
    return "/".join(parts)


def english_msgids(catalogue: Path) -> list[str]:
    """Catalogue strings whose French differs and is long enough not to read as French."""
    with catalogue.open("rb") as po:
        messages = read_po(po)
    found = []
    for message in messages:
        msgid = message.id if isinstance(message.id, str) else message.id[0]
        text = message.string if isinstance(message.string, str) else (message.string or [""])[0]
        if not msgid or not text or text == msgid or "%" in msgid or "{" in msgid:
            continue
        if len(msgid) >= MIN_ENGLISH and " " in msgid and "<" not in msgid:
            found.append(msgid)
    return found


def links_to_follow(base: str, hrefs: Iterable[str]) -> list[str]:
    """Same-site paths (with their query) worth visiting, in page order."""
    host = urlparse(base).netloc
    found = []
    for href in hrefs:
        url, _fragment = urldefrag(urljoin(base + "/", href))
        parsed = urlparse(url)
        if parsed.scheme not in ("http", "https") or parsed.netloc != host:
            continue
        path = parsed.path + (f"?{parsed.query}" if parsed.query else "")
        if not SKIPPED.search(parsed.path):
            found.append(path)
    return found


def crawl(
    page: Page,
    base: str,
    who: str,
    *,
    limit: int,
    per_shape: int,
    english: list[str],
    axe_check: Callable[[Page], list[str]],
    start: Iterable[str] = ("/",),
) -> RoleReport:
    """Visit up to `limit` pages from `start` with this Playwright page (already logged in as
    `who`), `per_shape` at most of each URL shape."""
    report = RoleReport(who)
    queue: deque[str] = deque(start)
    seen: set[str] = set(queue)
    shapes: Counter[str] = Counter()
    while queue and len(report.pages) < limit:
        path = queue.popleft()
        key = shape(path.split("?")[0])
        if shapes[key] >= per_shape:
            continue
        shapes[key] += 1
        checked: tuple[PageReport, list[str]] | None = None
        error: PlaywrightError | None = None
        for _attempt in range(2):  # once more, in a fresh tab
            try:
                checked = visit(page, base + path, english=english, axe_check=axe_check)
                error = None
                break
            except PlaywrightError as failed:
                error = failed
                page = fresh(page)
        if error is not None:
            report.unreachable.append(f"{base}{path} ({error.message.splitlines()[0]})")
            continue
        if checked is None:
            continue
        result, hrefs = checked
        report.pages.append(result)
        for link in links_to_follow(base, hrefs):
            if link not in seen:
                seen.add(link)
                queue.append(link)
    return report


def fresh(page: Page) -> Page:
    """A new tab of the same browser context (the same login) for the next page: after a
    failed navigation Chromium still goes to its error page, which would interrupt it."""
    new = page.context.new_page()
    page.close()
    return new


def visit(
    page: Page, url: str, *, english: list[str], axe_check: Callable[[Page], list[str]]
) -> tuple[PageReport, list[str]] | None:
    """One page at the phone's width (overflow, English, links) then the desktop's (axe)."""
    page.set_viewport_size({"width": PHONE, "height": 800})
    response = page.goto(url, wait_until="load")
    if response is None or "text/html" not in (response.headers.get("content-type") or ""):
        return None
    result = PageReport(url=url, status=response.status)
    result.overflow_px = int(
        page.evaluate("Math.max(0, document.documentElement.scrollWidth - window.innerWidth)")
    )
    text = page.inner_text("body")
    result.english = [msgid for msgid in english if msgid in text][:5]
    result.axe = axe_check(page)
    page.set_viewport_size({"width": DESKTOP, "height": 900})
    result.axe += [v for v in axe_check(page) if v not in result.axe]
    hrefs = page.eval_on_selector_all("a[href]", "links => links.map(a => a.getAttribute('href'))")
    return result, [str(href) for href in hrefs]


def markdown(reports: list[RoleReport]) -> str:
    """The summary per person, then every page that is not clean."""
    lines = [
        "| as | pages | 5xx | overflow at 375 px | axe serious/critical | English strings "
        "| unreachable |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for report in reports:
        counts = report.counts()
        lines.append(f"| {report.who} | " + " | ".join(str(v) for v in counts.values()) + " |")
    for report in reports:
        for page in report.pages:
            if page.clean:
                continue
            problems = []
            if page.status >= 500:
                problems.append(f"HTTP {page.status}")
            if page.overflow_px:
                problems.append(f"{page.overflow_px} px too wide at 375")
            problems += [f"axe: {v}" for v in page.axe]
            problems += [f"English: “{s}”" for s in page.english]
            lines.append(f"- {report.who} {page.url}: " + "; ".join(problems))
        lines += [f"- {report.who} {url}: unreachable" for url in report.unreachable]
    return "\n".join(lines) + "\n"
