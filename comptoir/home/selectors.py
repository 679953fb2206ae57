from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from comptoir.community.models import PlaceRole, Role
from comptoir.core.models import AuditEvent
from comptoir.places.models import Place
from comptoir.presence import selectors as presence_selectors


def audit_events_for_place(
    *, place_id: int, verb: str = "", actor_query: str = ""
) -> QuerySet[AuditEvent]:
    qs = AuditEvent.objects.for_place(place_id).select_related("actor")
    if verb:
        qs = qs.filter(verb__startswith=verb)
    if actor_query:
        qs = qs.filter(actor__email__icontains=actor_query)
    return qs


def audit_verbs_for_place(*, place_id: int) -> list[str]:
    return list(
        AuditEvent.objects.for_place(place_id)
        .order_by("verb")
        .values_list("verb", flat=True)
        .distinct()[:100]
    )


def audit_events_latest(*, place_ids: Collection[int], limit: int = 10) -> list[AuditEvent]:
    """The latest events of several places at once (one query)."""
    if not place_ids:
        return []
    return list(
        AuditEvent.objects.filter(place_id__in=place_ids).select_related("actor", "place")[:limit]
    )


def roles_of_person(*, person_id: int) -> QuerySet[PlaceRole]:
    """A person's current roles in active places, with the place (for “my places”)."""
    return (
        PlaceRole.objects.current()
        .filter(person_id=person_id, place__is_active=True)
        .select_related("place", "organization")
        .order_by("place__name", "place_id", "role")
    )


VISIT_DAYS = 30  # a month: the demo's visits of the last weeks show


@dataclass
class PlaceDashboard:
    """Today's figures of one place for its concierges."""

    place: Place
    role_counts: list[tuple[str, int]] = field(default_factory=list)
    starting: list[PlaceRole] = field(default_factory=list)
    ending: list[PlaceRole] = field(default_factory=list)
    # Visits per day over the last `VISIT_DAYS` days, oldest first, every day listed.
    visits: list[tuple[date, int]] = field(default_factory=list)


def dashboards_for(
    *, places: list[Place], today: date | None = None, horizon_days: int = 7, limit: int = 10
) -> list[PlaceDashboard]:
    """Counts per current role, the roles starting/ending soon and the visits of the last
    days: three queries for all places."""
    today = today or timezone.localdate()
    horizon = today + timedelta(days=horizon_days)
    boards = {place.pk: PlaceDashboard(place=place) for place in places}
    if not boards:
        return []
    counts = (
        PlaceRole.objects.current(today)
        .filter(place_id__in=boards)
        .values("place_id", "role")
        # Periods of one role never overlap, so each current row is one distinct person.
        .annotate(n=Count("pk"))
        .order_by()
    )
    by_place: dict[int, dict[str, int]] = {}
    for row in counts:
        by_place.setdefault(row["place_id"], {})[row["role"]] = row["n"]
    for place_id, board in boards.items():
        held = by_place.get(place_id, {})
        board.role_counts = [(str(role.label), held.get(role, 0)) for role in Role]
    changes = (
        PlaceRole.objects.filter(place_id__in=boards)
        .filter(
            Q(valid_from__gt=today, valid_from__lte=horizon)
            | Q(valid_until__gte=today, valid_until__lte=horizon)
        )
        .select_related("person")
        .order_by("valid_from", "valid_until", "pk")[: limit * len(boards)]
    )
    for place_role in changes:
        board = boards[place_role.place_id]
        if today < place_role.valid_from <= horizon:
            board.starting.append(place_role)
        if place_role.valid_until is not None and today <= place_role.valid_until <= horizon:
            board.ending.append(place_role)
    visits = presence_selectors.visits_per_day_of_places(
        place_ids=list(boards), days=VISIT_DAYS, today=today
    )
    for board in boards.values():
        board.visits = visits[board.place.pk]
        board.starting = board.starting[:limit]
        board.ending = sorted(board.ending, key=lambda pr: pr.valid_until or today)[:limit]
    return list(boards.values())
