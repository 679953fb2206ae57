"""Who may publish news, from the roles `community.permissions` knows: a place's concierges
for the place, the network admins for a network."""

from __future__ import annotations

from comptoir.community import permissions
from comptoir.core.types import Viewer


def can_publish_for_place(user: Viewer, place_id: int) -> bool:
    return permissions.is_concierge(user, place_id)


def can_publish_for_network(user: Viewer) -> bool:
    return permissions.is_network_admin(user)


def can_receive_news(user: Viewer, place_id: int) -> bool:
    return permissions.is_member(user, place_id)
