"""Who may do what on the roster: the place's concierges (permanent or occasional) take
shifts and swap them; its permanent concierges (and the network admins) plan the shifts."""

from __future__ import annotations

from comptoir.community import permissions
from comptoir.community.models import Role
from comptoir.core.types import Viewer


def can_take_shifts(user: Viewer, place_id: int) -> bool:
    return permissions.is_concierge(user, place_id)


def can_plan_shifts(user: Viewer, place_id: int) -> bool:
    return permissions.is_network_admin(user) or Role.CONCIERGE_PERMANENT in (
        permissions.roles_by_place(user).get(place_id, set())
    )


def can_view_roster(user: Viewer, place_id: int) -> bool:
    return permissions.is_concierge(user, place_id)
