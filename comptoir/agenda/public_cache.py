"""The anonymous cache of the public agenda: lists, event pages and feeds built once and
served to every anonymous visitor for a few minutes.

Every entry holds the version it was built at, which `signals` bumps when an event, a
registration or a place changes, so a page never outlives what it shows; the version and
the page are read in one round trip. The cached HTML holds a placeholder
instead of the CSRF token (the guest form and the language switch post back), replaced by
the visitor's own token when served; htmx requests (the list's partial) have entries of
their own. Logged-in visitors, non-GET requests and pages with flash messages are never
served from, nor stored in, this cache."""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language

VERSION_KEY = "agenda:public:version"
TIMEOUT = 5 * 60
CSRF_PLACEHOLDER = "agendaCsrfPlaceholder0000000000000000000000000000000000000000000000"
# Response headers kept with the cached body.
KEPT_HEADERS = ("Content-Type", "Content-Disposition", "Cache-Control", "X-Robots-Tag")

View = Callable[..., HttpResponse]
Stored = tuple[int, bytes, dict[str, str]]  # status, body, kept headers


def version() -> str:
    current = cache.get(VERSION_KEY)
    if current is None:
        # Several processes may start at once: the first one's version wins.
        cache.add(VERSION_KEY, str(time.time_ns()), None)
        current = cache.get(VERSION_KEY, "0")
    return str(current)


def bump() -> None:
    """Forget every cached public page (they are rebuilt on their next visit)."""
    cache.set(VERSION_KEY, str(time.time_ns()), None)


def _key(request: HttpRequest) -> str:
    query = sorted(request.GET.lists())
    htmx = bool(getattr(request, "htmx", False))
    raw = f"{request.get_host()}{request.path}?{query}|{get_language()}|{htmx}"
    return f"agenda:public:{hashlib.sha256(raw.encode()).hexdigest()}"


def _lookup(key: str) -> tuple[str, Stored | None]:
    """The current version and the page stored under `key` if it was built at that
    version, in one round trip to the cache."""
    found = cache.get_many([VERSION_KEY, key])
    current = found.get(VERSION_KEY)
    if current is None:
        return version(), None
    entry = found.get(key)
    if entry is None or entry[0] != current:
        return str(current), None
    return str(current), entry[1]


def is_cacheable(request: HttpRequest) -> bool:
    return bool(getattr(request, "public_cacheable", False))


def _cacheable(request: HttpRequest) -> bool:
    if request.method != "GET" or request.user.is_authenticated:
        return False
    return len(messages.get_messages(request)) == 0


def _served(request: HttpRequest, stored: Stored) -> HttpResponse:
    status, body, headers = stored
    body = body.replace(CSRF_PLACEHOLDER.encode(), get_token(request).encode())
    response = HttpResponse(body, status=status)
    for name, value in headers.items():
        response[name] = value
    return response


def public_cache(view: View) -> View:
    """Serve the anonymous GETs of `view` from the cache, per URL and language."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not _cacheable(request):
            return view(request, *args, **kwargs)
        key = _key(request)
        current, stored = _lookup(key)
        if stored is None:
            request.public_cacheable = True  # type: ignore[attr-defined]
            response = view(request, *args, **kwargs)
            if response.status_code != 200 or response.streaming:
                return response
            headers = {name: response[name] for name in KEPT_HEADERS if name in response}
            stored = (response.status_code, response.content, headers)
            cache.set(key, (current, stored), TIMEOUT)
        response = _served(request, stored)
        patch_vary_headers(response, ["HX-Request"])
        return response

    return wrapper


def csrf_context(request: HttpRequest) -> dict[str, str]:
    """Template context that puts the placeholder where the CSRF token goes, when the page
    is being built for the cache."""
    return {"csrf_token": CSRF_PLACEHOLDER} if is_cacheable(request) else {}
