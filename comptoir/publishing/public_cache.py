"""The anonymous cache of the public documentation: a place's page and its exports (the
mechanism is `comptoir.core.public_cache`; `signals` bumps the version when a section, a
resource, a press item or any data a live block shows changes)."""

from __future__ import annotations

from comptoir.core.public_cache import PublicCache, csrf_context

__all__ = ["bump", "csrf_context", "public_cache"]

_cache = PublicCache("publishing")
bump = _cache.bump
public_cache = _cache.cached
