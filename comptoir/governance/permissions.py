"""Who may do what in governance. The body's data is read from the rows the page loaded;
the roles come from `community.permissions` (cached per request)."""

from __future__ import annotations

from comptoir.community import permissions as community
from comptoir.core.types import Viewer
from comptoir.governance.models import Body, Membership, Process, Proposal
from comptoir.places.models import Place


def is_body_member(user: Viewer, body: Body) -> bool:
    if not getattr(user, "is_authenticated", False) or user.pk is None:
        return False
    cached = getattr(body, "_member_ids", None)
    if cached is not None:
        return user.pk in cached
    return Membership.objects.current().filter(body=body, person_id=user.pk).exists()


def can_manage_body(user: Viewer, body: Body) -> bool:
    """Its members and meetings: the concierges of its place, the network admins."""
    if body.place_id is None:
        return community.is_network_admin(user)
    return community.is_concierge(user, body.place_id)


def can_view_governance(user: Viewer, *, place: Place | None) -> bool:
    """The governance pages of a place (its bodies, proposals, register): its members (any
    role there) and the network admins; of a network (`place` None): anyone holding a role
    in a place, the network admins, as for a network's body."""
    if community.is_network_admin(user):
        return True
    if place is None:
        return bool(community.roles_by_place(user))
    return community.is_member(user, place.pk)


def can_view_body(user: Viewer, body: Body) -> bool:
    """A body, its proposals and decisions: the members of its place (any role there),
    its own members, the network admins; a network's body: anyone holding a role."""
    if community.is_network_admin(user) or is_body_member(user, body):
        return True
    if body.place_id is None:
        return bool(community.roles_by_place(user))
    return community.is_member(user, body.place_id)


def can_take_part(user: Viewer, body: Body) -> bool:
    return is_body_member(user, body)


def can_lead_proposal(user: Viewer, proposal: Proposal) -> bool:
    """Answer its objections, close it early, decide it after advice, publish its outcome:
    its author, and the body's managers."""
    if getattr(user, "is_authenticated", False) and user.pk == proposal.author_id:
        return True
    return can_manage_body(user, proposal.body)


def awaits_author_decision(user: Viewer, proposal: Proposal) -> bool:
    """An advice process, closed, not decided yet, and `user` its author: the one who
    decides after hearing the advice."""
    return (
        proposal.process == Process.ADVICE
        and proposal.status == Proposal.Status.CLOSED
        and proposal.outcome == Proposal.Outcome.PENDING
        and getattr(user, "pk", None) == proposal.author_id
    )


def has_outcome_to_publish(proposal: Proposal) -> bool:
    """Closed and decided: its outcome can be written and published."""
    return (
        proposal.status == Proposal.Status.CLOSED and proposal.outcome != Proposal.Outcome.PENDING
    )
