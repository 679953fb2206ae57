"""Reads of governance: bodies one sees, proposals with their counts, the register."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet

from comptoir.community import permissions as community
from comptoir.core.types import Viewer
from comptoir.governance.models import Body, Meeting, Membership, Proposal
from comptoir.places.models import Network, Place


def _of(owner: Place | Network, lookup: str = "body__") -> dict[str, Place | Network]:
    """What belongs to a place's bodies, or to a network's."""
    return {f"{lookup}{'network' if isinstance(owner, Network) else 'place'}": owner}


def bodies_of(owner: Place | Network) -> QuerySet[Body]:
    """The bodies of a place, or of a network, with their current member counts."""
    return Body.objects.filter(**_of(owner, "")).annotate(
        member_count=Count("memberships", filter=Q(memberships__left_at__isnull=True))
    )


def bodies_of_place(place: Place) -> QuerySet[Body]:
    return bodies_of(place)


def member_ids(body: Body) -> set[int]:
    """Cached on the body: the permission checks of one page then ask nothing more."""
    ids = set(Membership.objects.current().filter(body=body).values_list("person_id", flat=True))
    body._member_ids = ids  # type: ignore[attr-defined]
    return ids


def proposals_of(owner: Place | Network, *, status: str | None = None) -> QuerySet[Proposal]:
    """The proposals put to the bodies of a place, or of a network."""
    qs = Proposal.objects.filter(**_of(owner)).select_related("body", "author")
    if status:
        qs = qs.filter(status=status)
    return qs.annotate(position_count=Count("positions"))


def proposals_of_place(place: Place, *, status: str | None = None) -> QuerySet[Proposal]:
    return proposals_of(place, status=status)


def meetings_of(owner: Place | Network) -> QuerySet[Meeting]:
    """The meetings of the bodies of a place, or of a network, the latest first."""
    return Meeting.objects.filter(**_of(owner)).select_related("body")


def decisions_register(owner: Place | Network, *, query: str = "") -> QuerySet[Proposal]:
    """The decided proposals of the bodies of a place (or of a network), newest first,
    searched in their words."""
    qs = Proposal.objects.filter(**_of(owner), status=Proposal.Status.CLOSED).exclude(
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


def change_targets(place: Place) -> list[tuple[str, str]]:
    """What a proposal of the place may change, as "kind:id" choices for the form."""
    from comptoir.access.models import Plan
    from comptoir.bookings.models import Resource

    plans = Plan.objects.filter(place=place, is_active=True).order_by("position", "name")
    resources = Resource.objects.filter(place=place).order_by("name")
    return [
        (f"place:{place.pk}", str(place)),
        *[(f"plan:{p.pk}", str(p)) for p in plans],
        *[(f"resource:{r.pk}", str(r)) for r in resources],
    ]


def euros_to_cents(text: str) -> str:
    """ "12,50" -> "1250"; anything else is passed on for the service to refuse."""
    from decimal import Decimal, InvalidOperation

    try:
        amount = Decimal(text.replace(",", ".").replace("€", "").strip())
    except InvalidOperation:
        return text
    if not amount.is_finite():
        return text
    return str(int((amount * 100).to_integral_value()))


def stance_counts(positions: list[Any]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for position in positions:
        counts[position.stance] = counts.get(position.stance, 0) + 1
    return counts


def ranked_choices(data: Any, proposal: Proposal) -> list[int]:
    """The options in the order of the ranks given (rank_<option id> = 1, 2…), unranked left out."""
    ranks = []
    for option_id in proposal.options.values_list("pk", flat=True):
        raw = str(data.get(f"rank_{option_id}", "")).strip()
        if raw.isdigit() and 0 < int(raw) < 100:
            ranks.append((int(raw), option_id))
    return [option_id for _rank, option_id in sorted(ranks)]
