"""What the network's places are still owed: the pending orders with something due (their
total less what their credit notes credited and what was received), invoiced or not, per
place and by age — 0–30, 31–60, 61–90 and over 90 days since the invoice was issued, or
since the order was made when it has no invoice yet. Two queries whatever the size: the
sums per place and age, and the oldest items to chase."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass, field

from django.db.models import (
    Case,
    Count,
    DateField,
    F,
    IntegerField,
    OuterRef,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, TruncDate
from django.utils.translation import gettext_lazy as _

from comptoir.billing.models import Order
from comptoir.core.db import reading_from_replica
from comptoir.invoicing.models import CreditNote
from comptoir.places.models import Place

# (the bucket's key, its last day of age, its label); the last has no end.
BUCKETS: list[tuple[str, int | None, object]] = [
    ("0_30", 30, _("0–30 days")),
    ("31_60", 60, _("31–60 days")),
    ("61_90", 90, _("61–90 days")),
    ("over_90", None, _("Over 90 days")),
]
OLDEST = 20


@dataclass
class Bucket:
    cents: int = 0
    count: int = 0


@dataclass
class PlaceOutstanding:
    place_id: int
    name: str
    slug: str
    buckets: dict[str, Bucket] = field(default_factory=lambda: {k: Bucket() for k, *_ in BUCKETS})

    @property
    def cents(self) -> int:
        return sum(bucket.cents for bucket in self.buckets.values())

    @property
    def count(self) -> int:
        return sum(bucket.count for bucket in self.buckets.values())

    @property
    def cells(self) -> list[Bucket]:
        return [self.buckets[key] for key, *_ in BUCKETS]


@dataclass
class Outstanding:
    today: dt.date
    places: list[PlaceOutstanding]
    oldest: list[Order]

    @property
    def totals(self) -> list[Bucket]:
        return [
            Bucket(
                sum(p.buckets[key].cents for p in self.places),
                sum(p.buckets[key].count for p in self.places),
            )
            for key, *_ in BUCKETS
        ]

    @property
    def cents(self) -> int:
        return sum(place.cents for place in self.places)

    @property
    def count(self) -> int:
        return sum(place.count for place in self.places)


def owed_orders(place_ids: Collection[int]) -> QuerySet[Order]:
    """The places' pending orders with what is due on each (`due_cents` > 0) and the day
    their age counts from (`since`)."""
    credited = (
        CreditNote.objects.filter(invoice__order_id=OuterRef("pk"))
        .values("invoice__order_id")
        .annotate(cents=Sum("total_cents"))
        .values("cents")
    )
    return (
        Order.objects.filter(place_id__in=list(place_ids), status=Order.Status.PENDING)
        .annotate(
            due_cents=F("total_cents")
            - F("received_cents")
            - Coalesce(Subquery(credited, output_field=IntegerField()), Value(0)),
            since=Coalesce(
                F("invoice__issue_date"), TruncDate("created_at"), output_field=DateField()
            ),
        )
        .filter(due_cents__gt=0)
    )


def _bucket(today: dt.date) -> Case:
    """The first bucket whose last day of age the item has not passed (a Case: in order)."""
    whens = [
        When(since__gte=today - dt.timedelta(days=last), then=Value(key))
        for key, last, _label in BUCKETS
        if last is not None
    ]
    return Case(*whens, default=Value(BUCKETS[-1][0]))


@reading_from_replica()  # a report: the replica's work when there is one
def network_outstanding(*, places: list[Place], today: dt.date) -> Outstanding:
    """What each place is owed today, by age, and the oldest items first."""
    by_place = {p.pk: PlaceOutstanding(p.pk, p.name, p.slug) for p in places}
    owed = owed_orders(by_place)
    rows = (
        owed.annotate(bucket=_bucket(today))
        .values("place_id", "bucket")
        .annotate(cents=Sum("due_cents"), count=Count("pk"))
        .order_by()
    )
    for row in rows:
        by_place[row["place_id"]].buckets[row["bucket"]] = Bucket(row["cents"], row["count"])
    oldest = list(owed.select_related("place", "invoice").order_by(F("since").asc(), "pk")[:OLDEST])
    return Outstanding(today=today, places=list(by_place.values()), oldest=oldest)
