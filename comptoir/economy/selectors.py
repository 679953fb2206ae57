"""Reads of the economy: the economic model of a place or a network for a year (revenue per
source and month, each source's share, the budget against it, what is still awaited), the
other income and the budget of a place, the month's settlement invoices of a network.

Where each source's money is read:
- subscriptions, ticket books, day passes, bookings and other sales: the order lines of the
  orders not cancelled, in the month the order was made (billing), less the credit notes
  (avoirs) issued against their invoices, in the month of the credit note, each credit line
  taken from the source of the order line it credits (invoicing);
- conciergerie services: the same, for the orders of a conciergerie request done (its own
  source, read along with the sales: no query more);
- events: the price of each confirmed registration to a paid event not cancelled, in the
  month of the event (agenda);
- prestations: their revenue, in the month they were delivered (contributions);
- grants, partner services, donations, dues and other income: what the treasurer recorded,
  in the month it was received.
Beside the revenue, not in it: the volunteer hours of the year (the roster's shifts held,
`roster.selectors.volunteer_hours`) and their value at an hourly rate, what an association
shows as "contributions volontaires en nature" (accounts 86 and 87, below its accounts).
The model reads a fixed number of queries (seven) whatever the number of places, orders or
months.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce, ExtractMonth
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from comptoir.agenda.models import Event, Registration
from comptoir.billing.models import Order, OrderLine
from comptoir.conciergerie.models import Request as ConciergerieRequest
from comptoir.contributions.models import Prestation
from comptoir.core.db import reading_from_replica
from comptoir.economy.models import Budget, OtherIncome, SettlementInvoice, Source
from comptoir.economy.outstanding import owed_orders
from comptoir.invoicing.models import CreditNoteLine
from comptoir.lending.models import Loan
from comptoir.places.models import Network, Place
from comptoir.roster.selectors import VolunteerHours, volunteer_hours

ORDER_SOURCES: dict[str, str] = {
    OrderLine.Kind.SUBSCRIPTION: Source.SUBSCRIPTION,
    OrderLine.Kind.TICKET_BOOK: Source.TICKET_BOOK,
    OrderLine.Kind.DAY_PASS: Source.DAY_PASS,
    OrderLine.Kind.BOOKING: Source.BOOKING,
    OrderLine.Kind.OTHER: Source.OTHER,
}
# A source read from an app above billing and not budgeted (no `Budget.source` choice):
# the services the conciergerie sold (billing's orders of its requests done).
CONCIERGERIE = "conciergerie"
# The gross hourly minimum wage (SMIC brut horaire) in France from 1 January 2026, 12.02 €:
# the usual rate at which associations value their volunteers' hours.
# `COMPTOIR_VOLUNTEER_HOUR_CENTS` sets another; the model's page takes one too.
SMIC_HOURLY_CENTS = 1202


def volunteer_rate_cents() -> int:
    return int(getattr(settings, "COMPTOIR_VOLUNTEER_HOUR_CENTS", SMIC_HOURLY_CENTS))


def _sources() -> list[tuple[str, str]]:
    """The model's rows: the budget's sources, the conciergerie's before "other"."""
    rows = [(source, str(label)) for source, label in Source.choices]
    rows.insert(len(rows) - 1, (CONCIERGERIE, str(_("Conciergerie services"))))
    return rows


@dataclass
class SourceFigures:
    source: str
    label: str
    months: list[int] = field(default_factory=lambda: [0] * 12)
    budget_cents: int | None = None
    share_bp: int = 0

    @property
    def total_cents(self) -> int:
        return sum(self.months)

    @property
    def gap_cents(self) -> int | None:
        """Actual minus budget (negative: below budget); None without a budget."""
        return None if self.budget_cents is None else self.total_cents - self.budget_cents

    @property
    def achieved_bp(self) -> int | None:
        """Actual as a share of the budget, in basis points; None without a positive one."""
        if not self.budget_cents:
            return None
        return self.total_cents * 10000 // self.budget_cents


@dataclass
class EconomicModel:
    year: int
    sources: list[SourceFigures]
    outstanding_cents: int
    outstanding_orders: int
    # Beside the revenue: the hours volunteered and their value (not income).
    volunteering: VolunteerHours = field(default_factory=VolunteerHours)
    volunteer_rate_cents: int = SMIC_HOURLY_CENTS

    @property
    def total_cents(self) -> int:
        return sum(figures.total_cents for figures in self.sources)

    @property
    def volunteer_value_cents(self) -> int:
        return round(self.volunteering.hours * self.volunteer_rate_cents)

    @property
    def month_totals(self) -> list[int]:
        return [sum(figures.months[m] for figures in self.sources) for m in range(12)]

    @property
    def budget_cents(self) -> int:
        return sum(figures.budget_cents or 0 for figures in self.sources)

    @property
    def has_budget(self) -> bool:
        return any(figures.budget_cents is not None for figures in self.sources)


def _year_bounds(year: int) -> tuple[dt.datetime, dt.datetime]:
    zone = timezone.get_current_timezone()
    return (
        dt.datetime(year, 1, 1, tzinfo=zone),
        dt.datetime(year + 1, 1, 1, tzinfo=zone),
    )


@reading_from_replica()  # a report: the replica's work when there is one
def economic_model(
    *, place_ids: Collection[int], year: int, hour_rate_cents: int | None = None
) -> EconomicModel:
    """The year's revenue of the places per source and month, shares, budget, outstanding;
    beside it, the volunteer hours valued at `hour_rate_cents` (by default the SMIC's)."""
    ids = list(place_ids)
    start, end = _year_bounds(year)
    figures = {source: SourceFigures(source, label) for source, label in _sources()}

    def add(source: str, month: int | None, cents: int | None) -> None:
        if month and cents:
            figures[source].months[month - 1] += cents

    sales = (
        OrderLine.objects.filter(
            order__place_id__in=ids, order__created_at__gte=start, order__created_at__lt=end
        )
        .exclude(order__status=Order.Status.CANCELLED)
        # A loan's deposit is money held for the borrower, given back at the return: no
        # revenue (its order is paid, so billing keeps it; the model leaves it out).
        .exclude(Exists(Loan.objects.filter(deposit_order_id=OuterRef("order_id"))))
        .annotate(
            conciergerie=Exists(ConciergerieRequest.objects.filter(order_id=OuterRef("order_id")))
        )
        .values("kind", "conciergerie", month=ExtractMonth("order__created_at"))
        .annotate(cents=Sum("total_cents"))
        .order_by()
    )
    # One statement for both: the sales, then the credit notes counted negative.
    for sale in sales.union(_credits(ids, year), all=True):
        source = ORDER_SOURCES.get(sale["kind"], Source.OTHER)
        add(CONCIERGERIE if sale["conciergerie"] else source, sale["month"], sale["cents"])
    events = (
        Registration.objects.filter(
            event__place_id__in=ids,
            event__start__gte=start,
            event__start__lt=end,
            event__price_cents__gt=0,
            status=Registration.Status.CONFIRMED,
        )
        .exclude(event__status=Event.Status.CANCELLED)
        .values(month=ExtractMonth("event__start"))
        .annotate(cents=Sum("event__price_cents"))
        .order_by()
    )
    for event in events:
        add(Source.EVENT, event["month"], event["cents"])
    prestations = (
        Prestation.objects.filter(place_id__in=ids, delivered_on__year=year)
        .values(month=ExtractMonth("delivered_on"))
        .annotate(cents=Sum("revenue_cents"))
        .order_by()
    )
    for prestation in prestations:
        add(Source.PRESTATION, prestation["month"], prestation["cents"])
    incomes = (
        OtherIncome.objects.filter(place_id__in=ids, received_on__year=year)
        .values("kind", month=ExtractMonth("received_on"))
        .annotate(cents=Sum("amount_cents"))
        .order_by()
    )
    for income in incomes:
        add(income["kind"], income["month"], income["cents"])
    budgets = (
        Budget.objects.filter(place_id__in=ids, year=year)
        .values("source")
        .annotate(cents=Sum("amount_cents"))
        .order_by()
    )
    for line in budgets:
        if line["source"] in figures:
            figures[line["source"]].budget_cents = line["cents"] or 0
    # What is due on the pending orders, less their credit notes (as the outstanding page).
    awaited = owed_orders(ids).aggregate(cents=Sum("due_cents"), count=Count("pk"))
    volunteering = volunteer_hours(
        place_ids=ids, start=dt.date(year, 1, 1), end=dt.date(year, 12, 31), now=timezone.now()
    )
    model = EconomicModel(
        year=year,
        sources=list(figures.values()),
        outstanding_cents=awaited["cents"] or 0,
        outstanding_orders=awaited["count"] or 0,
        volunteering=volunteering,
        volunteer_rate_cents=volunteer_rate_cents() if hour_rate_cents is None else hour_rate_cents,
    )
    total = model.total_cents
    for item in model.sources:
        item.share_bp = item.total_cents * 10000 // total if total else 0
    return model


def _credits(ids: list[int], year: int) -> QuerySet[Any, Any]:
    """The year's credit lines of the places per kind of the order line credited and month of
    the credit note, negative. An invoice's lines follow its order's lines by id (`position`
    is the rank, from 1), so the order line credited is the one with as many lines of its order
    before it as the position less one. An order wholly credited before payment is cancelled,
    so its sale is already left out: its credit notes are left out too."""
    before = (
        OrderLine.objects.filter(order_id=OuterRef("order_id"), pk__lt=OuterRef("pk"))
        .values("order_id")
        .annotate(count=Count("pk"))
        .values("count")
    )
    credited_kind = (
        OrderLine.objects.filter(order_id=OuterRef("invoice_line__invoice__order_id"))
        .annotate(rank=Coalesce(Subquery(before), Value(0)) + 1)
        .filter(rank=OuterRef("invoice_line__position"))
        .values("kind")[:1]
    )
    return (
        CreditNoteLine.objects.filter(
            credit_note__place_id__in=ids, credit_note__issue_date__year=year
        )
        .exclude(credit_note__invoice__order__status=Order.Status.CANCELLED)
        .values(
            # The same columns in the same order as the sales they are united with.
            kind=Subquery(credited_kind),
            conciergerie=Exists(
                ConciergerieRequest.objects.filter(
                    order_id=OuterRef("credit_note__invoice__order_id")
                )
            ),
            month=ExtractMonth("credit_note__issue_date"),
        )
        .annotate(cents=-Sum("total_cents"))
        .order_by()
    )


def network_place_ids(*, network: Network) -> list[int]:
    return list(network.places.values_list("pk", flat=True))


def network_places(*, network: Network) -> list[Place]:
    return list(network.places.order_by("name", "pk"))


def other_income_of_place(*, place_id: int, year: int | None = None) -> QuerySet[OtherIncome]:
    incomes = OtherIncome.objects.filter(place_id=place_id)
    if year is not None:
        incomes = incomes.filter(received_on__year=year)
    return incomes.order_by("-received_on", "-pk")


def other_income_get(*, place_id: int, pk: int) -> OtherIncome:
    """The place's income `pk` (raises DoesNotExist, also for another place's)."""
    return OtherIncome.objects.select_related("place").get(place_id=place_id, pk=pk)


def budget_of_place(*, place_id: int, year: int) -> dict[str, int]:
    return dict(
        Budget.objects.filter(place_id=place_id, year=year).values_list("source", "amount_cents")
    )


def settlement_invoices(*, network: Network, year: int) -> list[SettlementInvoice]:
    """The year's settlement invoices of the network, with their invoice."""
    return list(
        SettlementInvoice.objects.filter(month__year=year, creditor__network=network)
        .select_related("creditor", "debtor", "order__invoice")
        .order_by("-month", "creditor__name", "debtor__name")
    )
