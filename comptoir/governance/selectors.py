"""Reads of governance: bodies one sees, proposals with their counts, the register."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from comptoir.community import permissions as community
from comptoir.core.types import Viewer
from comptoir.governance.models import Body, Membership, Proposal
from comptoir.places.models import Place


def bodies_of_place(place: Place) -> QuerySet[Body]:
    return Body.objects.filter(place=place).annotate(
        member_count=Count("memberships", filter=Q(memberships__left_at__isnull=True))
    )


def member_ids(body: Body) -> set[int]:
    """Cached on the body: the permission checks of one page then ask nothing more."""
    ids = set(Membership.objects.current().filter(body=body).values_list("person_id", flat=True))
    body._member_ids = ids  # type: ignore[attr-defined]
    return ids


def proposals_of_place(place: Place, *, status: str | None = None) -> QuerySet[Proposal]:
    qs = Proposal.objects.filter(body__place=place).select_related("body", "author")
    if status:
        qs = qs.filter(status=status)
    return qs.annotate(position_count=Count("positions"))


def decisions_register(place: Place, *, query: str = "") -> QuerySet[Proposal]:
    """The decided proposals of the place's bodies, newest first, searched in their words."""
    qs = Proposal.objects.filter(body__place=place, status=Proposal.Status.CLOSED).exclude(
        outcome=Proposal.Outcome.PENDING
    )
    query = query.strip()[:100]
    if query:
        qs = qs.filter(
            Q(question__icontains=query)
            | Q(context__icontains=query)
            | Q(outcome_text__icontains=query)
        )
    return qs.select_related("body").order_by("-closed_at", "-pk")


def visible_places(user: Viewer) -> set[int] | None:
    """The places whose bodies a person sees (None: all, for the network admins)."""
    if community.is_network_admin(user):
        return None
    return set(community.roles_by_place(user))
