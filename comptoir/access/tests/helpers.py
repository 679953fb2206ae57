"""Buying through the real sale service, as the desk does."""

from __future__ import annotations

import datetime as dt
from typing import Any

from comptoir.access import services
from comptoir.access.models import TicketBook
from comptoir.access.tests.factories import ticket_book_plan


def buy(plan: Any, *, place: Any, by: Any, starts_on: dt.date | None = None, **buyer: Any):
    """Sell `plan` at `place`, paid in cash; `buyer` is person=… and/or organization=…."""
    return services.plan_sell(
        plan=plan, place=place, by=by, payment_method="cash", starts_on=starts_on, **buyer
    )


def buy_book(
    person: Any, *, place: Any, by: Any, plan: Any = None, **plan_fields: Any
) -> TicketBook:
    """A ticket book of `plan` (a new ten-day book of `place` by default) for `person`."""
    plan = plan or ticket_book_plan(place, **plan_fields)
    sale = buy(plan, place=place, by=by, person=person)
    assert sale.ticket_book is not None
    return sale.ticket_book
