"""Browser tests: pytest-django's live server driven by Playwright (Debian's Chromium), with
axe-core checking every page visited."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.cache import cache
from playwright.sync_api import Page, expect

# The sync Playwright API runs an event loop in the test thread, and Django refuses ORM calls
# from a thread with a running loop (microsoft/playwright-pytest#29). Browser tests only.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

BLOCKING_IMPACTS = {"serious", "critical"}
expect.set_options(timeout=15_000)  # two shared cores: give slow pages some slack


@pytest.fixture(scope="session")
def browser_type_launch_args() -> dict[str, Any]:
    # Playwright cannot download its own browsers here: use Debian's package.
    return {
        "executable_path": "/usr/bin/chromium",
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict[str, Any], live_server: Any) -> dict[str, Any]:
    # English by default so locators follow the source strings; a test that wants French
    # asks for it with @pytest.mark.browser_context_args(locale="fr-FR").
    return {**browser_context_args, "base_url": live_server.url, "locale": "en-GB"}


@pytest.fixture(autouse=True)
def _fresh_rate_limits() -> None:
    # allauth counts rate-limit hits in the cache, which outlives a single test.
    cache.clear()


@pytest.fixture
def page(page: Page) -> Iterator[Page]:
    page.set_default_timeout(15_000)
    # Issue 13 pt 6: whatever a test does, nothing may break the Content-Security-Policy.
    refused: list[str] = []
    page.on(
        "console",
        lambda message: (
            refused.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    yield page
    assert not refused, "Content-Security-Policy violations:\n" + "\n".join(refused)


def _format(violations: list[dict[str, Any]]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"[{violation['impact']}] {violation['id']}: {violation['help']}")
        lines.append(f"    {violation['helpUrl']}")
        for node in violation["nodes"][:5]:
            lines.append(f"    - {node['target']}: {node['html'][:200]}")
    return "\n".join(lines)


@pytest.fixture
def axe(page: Page) -> Iterator[Callable[[Page], None]]:
    """``axe(page)`` fails on any serious or critical axe-core violation of the current page.

    Every page the main frame lands on must be checked: teardown fails if one was missed."""
    runner = Axe()
    visited: list[str] = []
    checked: set[str] = set()

    def on_navigation(frame: Any) -> None:
        if frame == page.main_frame and frame.url not in visited:
            visited.append(frame.url)

    page.on("framenavigated", on_navigation)

    def check(target: Page) -> None:
        target.wait_for_load_state("load")
        results = runner.run(target)
        blocking = [v for v in results.response["violations"] if v["impact"] in BLOCKING_IMPACTS]
        others = [v for v in results.response["violations"] if v["impact"] not in BLOCKING_IMPACTS]
        if others:
            print(f"axe (minor) on {target.url}:\n{_format(others)}")
        checked.add(target.url)
        if blocking:
            print(f"axe on {target.url}:\n{_format(blocking)}")
        assert not blocking, f"axe-core violations on {target.url}:\n{_format(blocking)}"

    yield check

    missed = [url for url in visited if url not in checked and url != "about:blank"]
    assert not missed, f"pages visited without an axe check: {missed}"
