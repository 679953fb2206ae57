"""Who may do what in the conciergerie, on `community.permissions`' roles: the place's
concierges run the desk (the queue, the parcels, the catalogue); a requester follows and
cancels their own request; an addressee sees their own parcels."""

from __future__ import annotations

from typing import Any

from comptoir.community import permissions
from comptoir.core.types import Viewer


def can_run_conciergerie(user: Viewer, place_id: int) -> bool:
    """The queue of requests, the parcel log and the catalogue of a place."""
    return permissions.is_concierge(user, place_id)


def is_requester(user: Viewer, request: Any) -> bool:
    return bool(
        getattr(user, "is_authenticated", False)
        and request.requester_id is not None
        and request.requester_id == user.pk  # type: ignore[union-attr]
    )


def can_view_request(user: Viewer, request: Any) -> bool:
    return is_requester(user, request) or can_run_conciergerie(user, request.place_id)


def can_view_parcel(user: Viewer, parcel: Any) -> bool:
    mine = getattr(user, "is_authenticated", False) and parcel.addressee_id == user.pk  # type: ignore[union-attr]
    return bool(mine) or can_run_conciergerie(user, parcel.place_id)


def can_edit_parcel(user: Viewer, parcel: Any) -> bool:
    return can_run_conciergerie(user, parcel.place_id)


def roles_at(user: Viewer, place_id: int) -> set[str]:
    return set(permissions.roles_by_place(user).get(place_id, set()))
