"""Which unpaid invoices are due a reminder today (see services.reminders)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from django.db.models import Exists, F, IntegerField, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from comptoir.invoicing.models import CreditNote, Invoice, InvoiceReminder, ReminderKind

DAYS = {ReminderKind.DAYS_7: 7, ReminderKind.DAYS_30: 30}


@dataclass(frozen=True)
class ReminderDue:
    invoice: Invoice
    kind: ReminderKind
    due_cents: int


def reminders_due(*, today: dt.date) -> Iterator[ReminderDue]:
    """Invoices still due (neither paid nor credited in full) whose due date passed by 7
    days (and not yet by 30) without their 7-day reminder, or by 30 days without their
    30-day reminder; the latest first is pointless, so in the order of their due dates."""
    seven, thirty = (today - dt.timedelta(days=DAYS[kind]) for kind in DAYS)
    credited = (
        CreditNote.objects.filter(invoice_id=OuterRef("pk"))
        .values("invoice_id")
        .annotate(total=Sum("total_cents"))
        .values("total")
    )
    reminded = InvoiceReminder.objects.filter(invoice_id=OuterRef("pk"))
    invoices = (
        Invoice.objects.filter(due_date__lte=seven)
        .annotate(
            credited=Coalesce(Subquery(credited, output_field=IntegerField()), Value(0)),
            due=F("total_cents") - F("credited") - F("order__received_cents"),
            reminded_7=Exists(reminded.filter(kind=ReminderKind.DAYS_7)),
            reminded_30=Exists(reminded.filter(kind=ReminderKind.DAYS_30)),
        )
        .filter(due__gt=0)
        .filter(
            Q(due_date__lte=thirty, reminded_30=False) | Q(due_date__gt=thirty, reminded_7=False)
        )
        .select_related("order__buyer", "order__buyer_organization", "place")
        .order_by("due_date", "pk")
    )
    for invoice in invoices.iterator(chunk_size=200):
        kind = ReminderKind.DAYS_30 if invoice.due_date <= thirty else ReminderKind.DAYS_7
        yield ReminderDue(invoice, kind, invoice.due)
