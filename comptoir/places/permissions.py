"""Who may change a place, asked by the places app but decided by the roles.

The roles belong to `community`, a layer above this one: `community` registers its rules here
when Django starts (CommunityConfig.ready), so places asks without importing the app above.
"""

from __future__ import annotations

from typing import Protocol

from django.core.exceptions import ImproperlyConfigured

from comptoir.core.types import Viewer


class PlaceRules(Protocol):
    def is_network_admin(self, user: Viewer) -> bool: ...

    def can_edit_place(self, user: Viewer, place_id: int) -> bool: ...

    def can_use_kiosk(self, user: Viewer, place_id: int) -> bool: ...

    def can_view_presence(self, user: Viewer, place_id: int) -> bool: ...


_rules: PlaceRules | None = None


def register(rules: PlaceRules) -> None:
    global _rules
    _rules = rules


def _registered() -> PlaceRules:
    if _rules is None:
        raise ImproperlyConfigured("comptoir.community registers the place rules: install it.")
    return _rules


def is_network_admin(user: Viewer) -> bool:
    return _registered().is_network_admin(user)


def can_edit_place(user: Viewer, place_id: int) -> bool:
    return _registered().can_edit_place(user, place_id)


def can_use_kiosk(user: Viewer, place_id: int) -> bool:
    return _registered().can_use_kiosk(user, place_id)


def can_view_presence(user: Viewer, place_id: int) -> bool:
    return _registered().can_view_presence(user, place_id)
