"""The anonymous cache of the public documentation: a place's page and its exports, built
once and served to every anonymous visitor for a few minutes.

It works as the agenda's (`comptoir.agenda.public_cache`, whose CSRF placeholder it
shares) with its own version, which `signals` bumps when a section, a resource, a press
item or any data a live block shows changes; the version and the page are read in one
round trip. Logged-in visitors, non-GET requests and pages with flash messages are never
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
from django.utils.translation import get_language

from comptoir.agenda.public_cache import CSRF_PLACEHOLDER, KEPT_HEADERS, csrf_context

__all__ = ["bump", "csrf_context", "public_cache"]

VERSION_KEY = "publishing:public:version"
TIMEOUT = 5 * 60

View = Callable[..., HttpResponse]
Stored = tuple[int, bytes, dict[str, str]]  # status, body, kept headers


def _version() -> str:
    current = cache.get(VERSION_KEY)
    if current is None:
        cache.add(VERSION_KEY, str(time.time_ns()), None)
        current = cache.get(VERSION_KEY, "0")
    return str(current)


def bump() -> None:
    """Forget every cached documentation page (rebuilt on its next visit)."""
    cache.set(VERSION_KEY, str(time.time_ns()), None)


def _key(request: HttpRequest) -> str:
    raw = f"{request.get_host()}{request.path}?{sorted(request.GET.lists())}|{get_language()}"
    return f"publishing:public:{hashlib.sha256(raw.encode()).hexdigest()}"


def _lookup(key: str) -> tuple[str, Stored | None]:
    found = cache.get_many([VERSION_KEY, key])
    current = found.get(VERSION_KEY)
    if current is None:
        return _version(), None
    entry = found.get(key)
    if entry is None or entry[0] != current:
        return str(current), None
    return str(current), entry[1]


def _cacheable(request: HttpRequest) -> bool:
    if request.method != "GET" or request.user.is_authenticated:
        return False
    return len(messages.get_messages(request)) == 0


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
        status, body, headers = stored
        if CSRF_PLACEHOLDER.encode() in body:
            body = body.replace(CSRF_PLACEHOLDER.encode(), get_token(request).encode())
        response = HttpResponse(body, status=status)
        for name, value in headers.items():
            response[name] = value
        return response

    return wrapper
