"""Who may do what with memberships and shares, from the roles `community.permissions`
knows: a place's concierges and treasurers record memberships (they sell at the desk); the
settings and the share register, which are the entity's accounts, are its treasurers'."""

from __future__ import annotations

from comptoir.community import permissions
from comptoir.core.types import Viewer


def can_record_memberships(user: Viewer, place_id: int) -> bool:
    return permissions.can_read_accounts(user, place_id)


def can_read_register(user: Viewer, place_id: int) -> bool:
    return permissions.can_read_accounts(user, place_id)


def can_manage_association(user: Viewer, place_id: int) -> bool:
    return permissions.can_keep_accounts(user, place_id)


def can_keep_share_register(user: Viewer, place_id: int) -> bool:
    return permissions.can_keep_accounts(user, place_id)
