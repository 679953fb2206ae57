"""Writes of closings: closing a day, a month or a year of an entity's accounts, and the
closings due each day (yesterday, and last month on the first days of a month).

A closing takes the lock that invoices, credit notes and payments take (the entity's
invoicing profile): no document of the entity is being written while it reads the period's
totals, and a document that waited for the lock finds the period closed (`ensure_open`)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from comptoir.core.services import audit_record
from comptoir.core.types import Actor
from comptoir.invoicing import closing_selectors as selectors
from comptoir.invoicing.audit import Verb
from comptoir.invoicing.closings import (
    AlreadyClosed,
    MonthsOpen,
    PeriodNotOver,
    closing_hash,
    days,
    months,
    period,
)
from comptoir.invoicing.exceptions import InvoicingNotConfigured
from comptoir.invoicing.models import Closing, ClosingKind, InvoicingProfile


@transaction.atomic
def closing_close(*, seller_id: int, kind: str, day: dt.date, by: Actor | None) -> Closing:
    """Close the period of this kind holding `day`; a month closes its open days first, a
    year needs its months closed. Refused unless the period has ended."""
    start, end = period(kind, day)
    _lock_chain(seller_id)
    if end >= selectors.entity_today(seller_id=seller_id):
        raise PeriodNotOver(field="day")
    if Closing.objects.filter(seller_id=seller_id, kind=kind, period_start=start).exists():
        raise AlreadyClosed(field="day")
    if kind == ClosingKind.DAY:
        return _close(
            seller_id, kind, start, end, selectors.day_totals(seller_id=seller_id, day=start), by
        )
    if kind == ClosingKind.MONTH:
        closed = selectors.closed_periods(
            seller_id=seller_id, kind=ClosingKind.DAY, start=start, end=end
        )
        for open_day in days(start, end):
            if open_day not in closed:
                totals = selectors.day_totals(seller_id=seller_id, day=open_day)
                _close(seller_id, ClosingKind.DAY, open_day, open_day, totals, by)
        parts = selectors.closings_within(
            seller_id=seller_id, kind=ClosingKind.DAY, start=start, end=end
        )
        return _close(seller_id, kind, start, end, selectors.sum_of(parts), by)
    closed = selectors.closed_periods(
        seller_id=seller_id, kind=ClosingKind.MONTH, start=start, end=end
    )
    if set(months(start.year)) - closed:
        raise MonthsOpen(field="day")
    parts = selectors.closings_within(
        seller_id=seller_id, kind=ClosingKind.MONTH, start=start, end=end
    )
    return _close(seller_id, kind, start, end, selectors.sum_of(parts), by)


def _lock_chain(seller_id: int) -> None:
    """Lock the entity's invoicing profile, as documents do; an entity without one has no
    accounts to close."""
    if not InvoicingProfile.objects.select_for_update().filter(organization_id=seller_id).exists():
        raise InvoicingNotConfigured(field="legal_entity")


def _close(
    seller_id: int,
    kind: str,
    start: dt.date,
    end: dt.date,
    content: dict[str, Any],
    by: Actor | None,
) -> Closing:
    previous = Closing.objects.filter(seller_id=seller_id).order_by("-chain_position").first()
    closing = Closing(
        seller_id=seller_id,
        kind=kind,
        period_start=start,
        period_end=end,
        chain_position=previous.chain_position + 1 if previous else 1,
        previous_hash=previous.hash if previous else "",
        created_at=timezone.now(),
        closed_by=by if getattr(by, "is_authenticated", False) else None,
        **content,
    )
    closing.hash = closing_hash(closing)
    closing.save(force_insert=True)
    audit_record(
        actor=by,
        verb=Verb.PERIOD_CLOSED,
        target=closing,
        data={"kind": kind, "start": start.isoformat(), "seller": seller_id},
    )
    return closing


def closings_due(*, seller_id: int, today: dt.date | None = None) -> list[Closing]:
    """The closings due for the entity today: yesterday, and last month unless closed already
    (it closes the days still open). Each in its own transaction; a period closed already is
    passed over, so running it twice closes nothing more."""
    today = today or selectors.entity_today(seller_id=seller_id)
    last_month = (today.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    done = []
    for kind, day in (
        (ClosingKind.DAY, today - dt.timedelta(days=1)),
        (ClosingKind.MONTH, last_month),
    ):
        try:
            done.append(closing_close(seller_id=seller_id, kind=kind, day=day, by=None))
        except AlreadyClosed:
            continue
    return done


def closings_due_everywhere() -> list[Closing]:
    """Every entity that invoices: its closings due today."""
    done = []
    for seller_id in InvoicingProfile.objects.order_by("pk").values_list(
        "organization_id", flat=True
    ):
        done += closings_due(seller_id=seller_id)
    return done
