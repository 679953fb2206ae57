"""PublicCache: each process serves the pages it holds while it trusts the version it read."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory

from comptoir.core import public_cache
from comptoir.core.public_cache import PublicCache


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


class CountingCache:
    """The shared cache, counting the round trips of a lookup."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.asked = 0

    def get_many(self, keys: list[str]) -> dict[str, Any]:
        self.asked += 1
        return dict(self.inner.get_many(keys))

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    fake = Clock()
    monkeypatch.setattr(public_cache, "_now", fake)
    return fake


@pytest.fixture
def pages() -> Any:
    """A cached view answering how many times it was built, and a GET helper."""
    built = {"count": 0}
    cached = PublicCache(f"test-{uuid.uuid4()}")  # the shared cache outlives a test

    @cached.cached
    def view(request: HttpRequest) -> HttpResponse:
        built["count"] += 1
        return HttpResponse(f"built {built['count']}")

    def get(path: str = "/lieu/") -> str:
        request = RequestFactory().get(path)
        request.user = AnonymousUser()
        return view(request).content.decode()

    get.cache = cached  # type: ignore[attr-defined]
    return get


def test_a_page_is_built_once_then_served(clock: Clock, pages: Any) -> None:
    assert pages() == "built 1"
    assert pages() == "built 1"
    assert pages("/autre/") == "built 2"


def test_another_process_bump_is_seen_once_the_second_has_passed(clock: Clock, pages: Any) -> None:
    pages()
    cache.set(pages.cache.version_key, "bumped elsewhere", None)  # another process

    clock.now += 0.5
    assert pages() == "built 1"  # within the trusted second: this process's copy
    clock.now += 0.6
    assert pages() == "built 2"  # the version is read again: the page is rebuilt
    assert pages() == "built 2"


def test_a_bump_in_this_process_is_seen_at_once(clock: Clock, pages: Any) -> None:
    pages()

    pages.cache.bump()

    assert pages() == "built 2"


def test_within_the_second_the_shared_cache_is_not_asked(
    clock: Clock, pages: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    pages()
    counting = CountingCache(cache)
    monkeypatch.setattr(public_cache, "cache", counting)

    pages()
    clock.now += 2
    pages()

    assert counting.asked == 1  # only once the trusted second was over


def test_it_keeps_a_bounded_number_of_pages(
    clock: Clock, pages: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(public_cache, "LOCAL_PAGES", 2)
    for path in ("/a/", "/b/", "/c/"):
        pages(path)

    assert len(pages.cache._pages) == 2
    assert pages("/c/") == "built 3"  # still there
    assert pages("/a/") == "built 1"  # gone from memory, still in the shared cache
