"""Lendable items and loans for tests, built through the services."""

from __future__ import annotations

import datetime as dt
from typing import Any

from comptoir.lending import services
from comptoir.lending.models import Item, Loan


def make_item(place: Any, by: Any, **fields: Any) -> Item:
    values: dict[str, Any] = {
        "name": "Vidéoprojecteur",
        "category": "audiovisual",
        "max_loan_days": 7,
    }
    values.update(fields)
    return services.item_create(place=place, by=by, **values)


def make_loan(item: Item, borrower: Any, by: Any, *, days: int = 3, start_in: int = 0) -> Loan:
    today = services.place_today(item.place)
    start = today + dt.timedelta(days=start_in)
    return services.loan_reserve(
        item=item,
        borrower=borrower,
        starts_on=start,
        due_on=start + dt.timedelta(days=days - 1),
        by=by,
    )


def make_overdue(loan: Loan, *, days_late: int = 2) -> Loan:
    """Push an out loan's period into the past (the services refuse a past date)."""
    today = services.place_today(loan.item.place)
    Loan.objects.filter(pk=loan.pk).update(
        starts_on=today - dt.timedelta(days=days_late + 3),
        due_on=today - dt.timedelta(days=days_late),
    )
    loan.refresh_from_db()
    return loan
