"""Who decides on contributions and who sees a prestation: the one rule the services, the
selectors, the pages and the API all ask (built on `community.permissions`)."""

from __future__ import annotations

from collections.abc import Callable

from comptoir.community import permissions
from comptoir.contributions.models import Contribution, Prestation
from comptoir.core.types import Viewer
from comptoir.projects.models import Project


def validates_project(user: Viewer, project: Project) -> bool:
    """Contributions to a project are decided by its leads (porteurs) and the concierges
    of its places (and the network's admins)."""
    return permissions.can_edit_project(user, project)


def validates_place(user: Viewer, place_id: int) -> bool:
    """Contributions to a place itself are decided by its concierges."""
    return permissions.is_concierge(user, place_id)


def can_validate(user: Viewer, contribution: Contribution) -> bool:
    """Whether `user` may validate or refuse the contribution, whatever its status: the
    project's or the place's validators, never the contributor. `selectors.
    contributions_to_validate` is the same rule for a list."""
    if not user.is_authenticated or contribution.contributor_id == user.pk:
        return False
    project = contribution.project
    if project is not None:
        return validates_project(user, project)
    assert contribution.place_id is not None  # a contribution goes to a project or a place
    return validates_place(user, contribution.place_id)


def can_see_prestation(
    user: Viewer, prestation: Prestation, *, has_share: Callable[[], bool]
) -> bool:
    """The place's concierges see a prestation; so does a person with a share of its
    validated statement (`has_share()`: whether `user` has a line in it, asked last)."""
    if permissions.can_manage_prestations(user, prestation.place_id):
        return True
    if not getattr(user, "is_authenticated", False):
        return False
    return prestation.status == Prestation.Status.VALIDATED and has_share()
