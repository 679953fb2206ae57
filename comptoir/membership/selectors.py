"""Reads of membership: the register of members of a year (searchable), a member's cards,
and the share register with its totals per category of associate. A few queries each,
whatever the number of rows."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum

from comptoir.membership.models import (
    Associate,
    AssociateCategory,
    Association,
    Membership,
    ShareMovement,
)

SEARCH_MAX = 100


def association_of_entity(*, organization_id: int | None) -> Association | None:
    if organization_id is None:
        return None
    return Association.objects.filter(organization_id=organization_id).first()


def members_of_year(
    *, association: Association, year: int, query: str = ""
) -> QuerySet[Membership]:
    """Memberships covering any day of `year`, by card number; `query` searches the
    member's name, email or structure."""
    memberships = (
        association.memberships.filter(
            starts_on__lte=dt.date(year, 12, 31), ends_on__gte=dt.date(year, 1, 1)
        )
        .select_related("person", "organization")
        .order_by("number")
    )
    words = query.strip()[:SEARCH_MAX].split()
    for word in words:
        memberships = memberships.filter(
            Q(person__first_name__icontains=word)
            | Q(person__last_name__icontains=word)
            | Q(person__email__icontains=word)
            | Q(organization__name__icontains=word)
        )
    return memberships


def memberships_of_person(*, person_id: int) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(person_id=person_id)
        .select_related("association__organization", "place")
        .order_by("-starts_on")
    )


@dataclass
class CategoryTotal:
    category: str
    label: str
    associates: int = 0
    shares: int = 0
    capital_cents: int = 0
    unpaid_cents: int = 0


@dataclass
class ShareRegister:
    association: Association
    # Lazy: the page shows one page of it, the exports stream all of it.
    associates: QuerySet[Associate]
    categories: list[CategoryTotal]
    total: CategoryTotal = field(default_factory=lambda: CategoryTotal("", ""))


def share_register(*, association: Association) -> ShareRegister:
    """Each associate holding or owing anything (a query when read), and the totals per
    category (one query)."""
    associates = (
        association.associates.filter(Q(shares_held__gt=0) | Q(unpaid_cents__gt=0))
        .select_related("person", "organization")
        .order_by("category", "pk")
    )
    price = association.share_price_cents
    sums: dict[str, dict[str, Any]] = {
        row["category"]: dict(row)
        for row in association.associates.filter(shares_held__gt=0)
        .values("category")
        .annotate(n=Count("pk"), shares=Sum("shares_held"), unpaid=Sum("unpaid_cents"))
    }
    categories = []
    total = CategoryTotal("", "")
    for value, label in AssociateCategory.choices:
        row: dict[str, Any] = sums.get(value, {})
        line = CategoryTotal(
            value,
            str(label),
            associates=row.get("n", 0),
            shares=row.get("shares") or 0,
            capital_cents=(row.get("shares") or 0) * price,
            unpaid_cents=row.get("unpaid") or 0,
        )
        categories.append(line)
        total.associates += line.associates
        total.shares += line.shares
        total.capital_cents += line.capital_cents
        total.unpaid_cents += line.unpaid_cents
    return ShareRegister(association, associates, categories, total)


def associate_choices(*, association: Association) -> list[tuple[int, str]]:
    """Every associate of the register by name, for the movement form's list (one query,
    no model built: a cooperative may have thousands)."""
    rows = (
        association.associates.filter(Q(shares_held__gt=0) | Q(unpaid_cents__gt=0))
        .order_by("category", "pk")
        .values_list(
            "pk", "organization__name", "person__first_name", "person__last_name", "person__email"
        )
    )
    return [
        (pk, org or f"{first} {last}".strip() or (email or ""))
        for pk, org, first, last, email in rows
    ]


def share_movements(*, association: Association) -> QuerySet[ShareMovement]:
    return association.share_movements.select_related(
        "associate__person",
        "associate__organization",
        "counterpart__person",
        "counterpart__organization",
    ).order_by("-number")
