"""Reads of a Cigale: its members with pledges and contributions, the fund's value, each
member's share, the ledger, the yearly statement. A few queries whatever the club's size."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import OuterRef, Q, QuerySet, Subquery, Sum

from comptoir.cigale.models import Club, Entry, Investment, Pledge
from comptoir.cigale.shares import split_by_weight
from comptoir.community.models import Person
from comptoir.governance.models import Membership

SAVINGS = [Entry.Kind.PAYMENT, Entry.Kind.WITHDRAWAL]


@dataclass(frozen=True)
class MemberLine:
    person: Person
    pledge_cents: int
    contributed_cents: int
    share_cents: int
    share_percent: float


@dataclass(frozen=True)
class Fund:
    cash_cents: int
    invested_cents: int  # what the investments made still hold (amount less repayments)
    value_cents: int
    members: list[MemberLine]


def _outstanding(club: Club) -> int:
    made = Investment.objects.filter(club=club, status=Investment.Status.MADE).aggregate(
        amount=Sum("amount_cents"),
        repaid=Sum("entries__amount_cents", filter=Q(entries__kind=Entry.Kind.REPAYMENT)),
    )
    return max(int(made["amount"] or 0) - int(made["repaid"] or 0), 0)


def club_fund(club: Club) -> Fund:
    """Members with their pledges, contributions and shares of the fund's value: three
    queries."""
    pledge = Pledge.objects.filter(club=club, person_id=OuterRef("pk")).values("monthly_cents")
    people = list(
        Person.objects.filter(
            pk__in=Membership.objects.current().filter(body_id=club.body_id).values("person_id")
        )
        .annotate(pledge_cents=Subquery(pledge[:1]))
        .order_by("first_name", "last_name", "pk")
    )
    contributed = {
        pid: int(total or 0)
        for pid, total in Entry.objects.filter(club=club, kind__in=SAVINGS)
        .values("person_id")
        .annotate(total=Sum("amount_cents"))
        .values_list("person_id", "total")
    }
    invested = _outstanding(club)
    value = club.balance_cents + invested
    shares = split_by_weight(value, contributed)
    whole = sum(v for v in contributed.values() if v > 0) or 1
    lines = [
        MemberLine(
            person=p,
            pledge_cents=p.pledge_cents or 0,  # type: ignore[attr-defined]
            contributed_cents=contributed.get(p.pk, 0),
            share_cents=shares.get(p.pk, 0),
            share_percent=round(100 * max(contributed.get(p.pk, 0), 0) / whole, 1),
        )
        for p in people
    ]
    return Fund(club.balance_cents, invested, value, lines)


def club_entries(club: Club) -> QuerySet[Entry]:
    return Entry.objects.filter(club=club).select_related("person", "investment").order_by("-pk")


def club_investments(club: Club) -> QuerySet[Investment]:
    return Investment.objects.filter(club=club).select_related("proposal").order_by("-pk")


@dataclass(frozen=True)
class Statement:
    year: int
    opening_cents: int
    closing_cents: int
    by_kind: dict[str, int]

    def lines(self) -> list[tuple[str, int]]:
        return [(str(Entry.Kind(k).label), v) for k, v in sorted(self.by_kind.items())]

    by_member: list[tuple[Person, int, int]]  # person, paid in the year, withdrawn


def yearly_statement(club: Club, year: int) -> Statement:
    """The year's movements by kind and by member, with the balance at each end."""
    start, end = date(year, 1, 1), date(year, 12, 31)
    before = Entry.objects.filter(club=club, on__lt=start).order_by("-on", "-pk").first()
    last = Entry.objects.filter(club=club, on__lte=end).order_by("-on", "-pk").first()
    rows = Entry.objects.filter(club=club, on__range=(start, end))
    by_kind = {
        kind: int(total or 0)
        for kind, total in rows.values("kind")
        .annotate(total=Sum("amount_cents"))
        .values_list("kind", "total")
    }
    per_member: dict[int, list[int]] = {}
    for pid, kind, total in (
        rows.filter(kind__in=SAVINGS)
        .values("person_id", "kind")
        .annotate(total=Sum("amount_cents"))
        .values_list("person_id", "kind", "total")
    ):
        line = per_member.setdefault(pid, [0, 0])
        line[0 if kind == Entry.Kind.PAYMENT else 1] += int(total or 0)
    people = Person.objects.in_bulk(list(per_member))
    return Statement(
        year=year,
        opening_cents=before.balance_after_cents if before else 0,
        closing_cents=last.balance_after_cents if last else 0,
        by_kind=by_kind,
        by_member=[(people[pid], paid, -out) for pid, (paid, out) in sorted(per_member.items())],
    )


def clubs_of_person(*, person_id: int) -> list[tuple[str, int, str]]:
    """The active clubs the person is a member of (their body's current members): the
    place's slug, the club's id and name, for the menus. One query."""
    return [
        (slug, pk, name)
        for slug, pk, name in Club.objects.filter(
            status=Club.Status.ACTIVE,
            body__memberships__person_id=person_id,
            body__memberships__left_at__isnull=True,
        )
        .order_by("name", "pk")
        .values_list("place__slug", "pk", "name")
    ]
