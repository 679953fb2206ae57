"""What governance announces to the apps above it, which it does not import.

`minutes_published` is sent, inside the transaction that saves them, each time a meeting's
minutes are published or corrected (`meeting`, `by`): `publishing` keeps the documentation
page that holds them. The page's address comes back through the registry below, read when
the meeting's page is shown."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from django.dispatch import Signal

if TYPE_CHECKING:
    from comptoir.governance.models import Meeting

minutes_published = Signal()

MinutesLink = Callable[["Meeting"], str | None]
_minutes_links: list[MinutesLink] = []


def register_minutes_link(finder: MinutesLink) -> None:
    """An app above says where a meeting's published minutes are read (None: nowhere)."""
    if finder not in _minutes_links:
        _minutes_links.append(finder)


def minutes_link(meeting: Meeting) -> str | None:
    """The address of the page holding the meeting's minutes, if an app keeps one."""
    for finder in _minutes_links:
        found = finder(meeting)
        if found:
            return found
    return None
