"""Who may do what in a Cigale: its members read and propose; its treasurer, the
concierges of its place and the network admins record the money."""

from __future__ import annotations

from comptoir.cigale.models import Club
from comptoir.community import permissions as community
from comptoir.core.types import Viewer
from comptoir.governance import permissions as governance


def is_club_member(user: Viewer, club: Club) -> bool:
    return governance.is_body_member(user, club.body)


def can_keep_club_accounts(user: Viewer, club: Club) -> bool:
    if getattr(user, "is_authenticated", False) and user.pk == club.treasurer_id:
        return True
    return community.is_concierge(user, club.place_id)


def can_view_club(user: Viewer, club: Club) -> bool:
    return is_club_member(user, club) or can_keep_club_accounts(user, club)
