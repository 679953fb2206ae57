"""The anonymous cache of the public agenda: lists, event pages and feeds (the mechanism
is `comptoir.core.public_cache`; `signals` bumps the version when an event, a
registration, a place or a space changes). The list's htmx partial has entries of its own."""

from __future__ import annotations

from comptoir.core.public_cache import CSRF_PLACEHOLDER, PublicCache, csrf_context

__all__ = ["CSRF_PLACEHOLDER", "bump", "csrf_context", "public_cache", "version"]

_cache = PublicCache("agenda", htmx=True)
version = _cache.version
bump = _cache.bump
public_cache = _cache.cached
