"""Who may use a place's exchange board: its members (anyone with a role there) read it,
post and reply; an author closes their own post, a concierge any post of the place."""

from __future__ import annotations

from typing import Any

from comptoir.community import permissions
from comptoir.core.types import Viewer


def can_use_board(user: Viewer, place_id: int) -> bool:
    return permissions.is_member(user, place_id) or permissions.is_concierge(user, place_id)


def can_close(user: Viewer, post: Any) -> bool:
    return getattr(user, "pk", None) == post.author_id or permissions.is_concierge(
        user, post.place_id
    )
