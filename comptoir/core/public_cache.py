"""An anonymous page cache: public pages built once and served to every anonymous
visitor for a few minutes, per app (the agenda, the documentation), each with its own
version that its signals bump when what the pages show changes, so a page never outlives
its data; the version and the page are read in one round trip.

The cached HTML holds a placeholder instead of the CSRF token (forms and the language
switch post back), replaced by the visitor's own token when served. Logged-in visitors,
non-GET requests and pages with flash messages are never served from, nor stored in, it.

Each process also keeps the pages it served in memory, and trusts the version it last read
for `TRUSTED_SECONDS`: a page served again within that second needs no round trip to the
shared cache (which was most of a cached answer's time). A bump in this process is seen at
once; one in another process within that second."""

from __future__ import annotations

import hashlib
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.core.cache import cache
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language

TIMEOUT = 5 * 60
TRUSTED_SECONDS = 1.0
LOCAL_PAGES = 256  # per app and process; a page is 10-50 kB
CSRF_PLACEHOLDER = "publicCsrfPlaceholder00000000000000000000000000000000000000000000000"
# Response headers kept with the cached body.
KEPT_HEADERS = ("Content-Type", "Content-Disposition", "Cache-Control", "X-Robots-Tag")

View = Callable[..., HttpResponse]
Stored = tuple[int, bytes, dict[str, str]]  # status, body, kept headers


_INSTANCES: list[PublicCache] = []


def _now() -> float:
    return time.monotonic()


@receiver(setting_changed)
def _forget_local_pages(*, setting: str, **kwargs: Any) -> None:
    """Another shared cache (the tests swap it): the copies of this process are not its."""
    if setting == "CACHES":
        for instance in _INSTANCES:
            instance.forget_local()


def is_cacheable(request: HttpRequest) -> bool:
    """Whether the page being built is for the cache (set by `PublicCache.cached`)."""
    return bool(getattr(request, "public_cacheable", False))


def csrf_context(request: HttpRequest) -> dict[str, str]:
    """Template context that puts the placeholder where the CSRF token goes, when the page
    is being built for the cache."""
    return {"csrf_token": CSRF_PLACEHOLDER} if is_cacheable(request) else {}


def _cacheable(request: HttpRequest) -> bool:
    if request.method != "GET" or request.user.is_authenticated:
        return False
    return len(messages.get_messages(request)) == 0


def _served(request: HttpRequest, stored: Stored) -> HttpResponse:
    status, body, headers = stored
    if CSRF_PLACEHOLDER.encode() in body:
        body = body.replace(CSRF_PLACEHOLDER.encode(), get_token(request).encode())
    response = HttpResponse(body, status=status)
    for name, value in headers.items():
        response[name] = value
    return response


class PublicCache:
    """The cache of one app's public pages. `htmx`: htmx requests (partials) have entries
    of their own."""

    def __init__(self, namespace: str, *, htmx: bool = False) -> None:
        self.namespace = namespace
        self.version_key = f"{namespace}:public:version"
        self.htmx = htmx
        self._lock = threading.Lock()
        self._pages: OrderedDict[str, tuple[str, Stored]] = OrderedDict()
        self._trusted: tuple[float, str] | None = None  # (monotonic time read, version)
        _INSTANCES.append(self)

    def forget_local(self) -> None:
        """Drop this process's copies (they are read again from the shared cache)."""
        with self._lock:
            self._pages.clear()
            self._trusted = None

    def version(self) -> str:
        current = cache.get(self.version_key)
        if current is None:
            # Several processes may start at once: the first one's version wins.
            cache.add(self.version_key, str(time.time_ns()), None)
            current = cache.get(self.version_key, "0")
        return str(current)

    def bump(self) -> None:
        """Forget every cached page of the app (rebuilt on their next visit)."""
        version = str(time.time_ns())
        cache.set(self.version_key, version, None)
        with self._lock:
            self._pages.clear()
            self._trusted = (_now(), version)

    def _key(self, request: HttpRequest) -> str:
        query = sorted(request.GET.lists())
        htmx = bool(getattr(request, "htmx", False)) if self.htmx else False
        raw = f"{request.get_host()}{request.path}?{query}|{get_language()}|{htmx}"
        return f"{self.namespace}:public:{hashlib.sha256(raw.encode()).hexdigest()}"

    def _lookup(self, key: str) -> tuple[str, Stored | None]:
        """The current version and the page stored under `key` if it was built at that
        version: from this process's memory while its version is trusted, else in one
        round trip to the shared cache."""
        local = self._local(key)
        if local is not None:
            return local
        found = cache.get_many([self.version_key, key])
        current = found.get(self.version_key)
        if current is None:
            current = self.version()
        self._trust(str(current))
        entry = found.get(key)
        if entry is None or entry[0] != current:
            return str(current), None
        self._keep(key, entry)
        return str(current), entry[1]

    def _local(self, key: str) -> tuple[str, Stored] | None:
        with self._lock:
            trusted = self._trusted
            if trusted is None or _now() - trusted[0] >= TRUSTED_SECONDS:
                return None
            entry = self._pages.get(key)
            if entry is None or entry[0] != trusted[1]:
                return None
            self._pages.move_to_end(key)
            return entry

    def _trust(self, version: str) -> None:
        with self._lock:
            if self._trusted is not None and self._trusted[1] != version:
                self._pages.clear()  # another process bumped it: all built before are gone
            self._trusted = (_now(), version)

    def _keep(self, key: str, entry: tuple[str, Stored]) -> None:
        with self._lock:
            self._pages[key] = entry
            self._pages.move_to_end(key)
            while len(self._pages) > LOCAL_PAGES:
                self._pages.popitem(last=False)

    def cached(self, view: View) -> View:
        """Serve the anonymous GETs of `view` from the cache, per URL and language."""

        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not _cacheable(request):
                return view(request, *args, **kwargs)
            key = self._key(request)
            current, stored = self._lookup(key)
            if stored is None:
                request.public_cacheable = True  # type: ignore[attr-defined]
                response = view(request, *args, **kwargs)
                if response.status_code != 200 or response.streaming:
                    return response
                headers = {name: response[name] for name in KEPT_HEADERS if name in response}
                stored = (response.status_code, response.content, headers)
                cache.set(key, (current, stored), TIMEOUT)
                self._keep(key, (current, stored))
            response = _served(request, stored)
            if self.htmx:
                patch_vary_headers(response, ["HX-Request"])
            return response

        return wrapper
