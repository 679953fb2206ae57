"""The JSON API. `api` is imported lazily: this package is also an installed app, and the
routers import models, which cannot load while the app registry is being populated."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from comptoir.api.main import api

__all__ = ["api"]


def __getattr__(name: str) -> Any:
    if name == "api":
        from comptoir.api.main import api

        return api
    raise AttributeError(name)
