"""Closings (clôtures) of an entity's periods: what a period is, the hash of a closing, the
refusals, and whether a day is closed.

Periods are calendar days, months and years in the timezone of the entity's places (the
fiscal year is the calendar year). A period is closed once, only when it has ended. Closing
a month first closes those of its days not closed yet (each its own closing, in order), so
a month's totals are the sum of its days'; closing a year requires its twelve months closed
(the treasurer closes them first, each in one action), and its totals are the sum of theirs.

Closings form one chain per entity, their own, beside the chain of its documents: each
closing's hash covers its content and the previous closing's hash, and it names the number
and hash of the last invoice, credit note and payment dated in its period, so the two chains
vouch for each other.
"""

from __future__ import annotations

import calendar
import datetime as dt
import hashlib
import json
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext_lazy as _

from comptoir.core.exceptions import Conflict, InvalidInput
from comptoir.invoicing.models import Closing, ClosingKind

if TYPE_CHECKING:
    from collections.abc import Iterator


class PeriodClosed(Conflict):
    code = "period_closed"
    default_message = _(
        "This date falls in a closed accounting period: nothing can be issued, credited or "
        "received with it."
    )


class AlreadyClosed(Conflict):
    code = "already_closed"
    default_message = _("This period is closed already.")


class PeriodNotOver(InvalidInput):
    code = "period_not_over"
    default_message = _("Only a period that has ended can be closed.")


class MonthsOpen(Conflict):
    code = "months_open"
    default_message = _("Close each month of the year before the year.")


class NoAccounts(Conflict):
    code = "no_accounts"
    default_message = _("This place has no legal entity: it has no accounts.")


class ClosingKindInvalid(InvalidInput):
    code = "closing_kind_invalid"
    default_message = _("Choose a day, a month or a year.")


def period(kind: str, day: dt.date) -> tuple[dt.date, dt.date]:
    """The first and last days of the period of this kind that holds `day`."""
    if kind == ClosingKind.DAY:
        return day, day
    if kind == ClosingKind.MONTH:
        last = calendar.monthrange(day.year, day.month)[1]
        return day.replace(day=1), day.replace(day=last)
    if kind == ClosingKind.YEAR:
        return dt.date(day.year, 1, 1), dt.date(day.year, 12, 31)
    raise ClosingKindInvalid(field="kind")


def days(start: dt.date, end: dt.date) -> Iterator[dt.date]:
    day = start
    while day <= end:
        yield day
        day += dt.timedelta(days=1)


def months(year: int) -> list[dt.date]:
    return [dt.date(year, month, 1) for month in range(1, 13)]


# The fields hashed (keys sorted); adding one is a new version of the serialisation.
FIELDS = (
    "seller_id",
    "kind",
    "period_start",
    "period_end",
    "invoiced",
    "credited",
    "received",
    "invoice_count",
    "credit_note_count",
    "payment_count",
    "invoiced_cents",
    "credited_cents",
    "received_cents",
    "last_invoice_number",
    "last_invoice_hash",
    "last_credit_note_number",
    "last_credit_note_hash",
    "last_payment_number",
    "last_payment_hash",
    "chain_position",
    "previous_hash",
)
VERSION = 1


def _value(value: Any) -> Any:
    return value.isoformat() if hasattr(value, "isoformat") else value


def closing_canonical(closing: Closing) -> bytes:
    content = {
        "version": VERSION,
        "closing": {name: _value(getattr(closing, name)) for name in FIELDS},
    }
    return json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def closing_hash(closing: Closing) -> str:
    return hashlib.sha256(closing_canonical(closing)).hexdigest()


def is_closed(*, seller_id: int, day: dt.date) -> bool:
    return Closing.objects.filter(
        seller_id=seller_id, period_start__lte=day, period_end__gte=day
    ).exists()


def ensure_open(*, seller_id: int, day: dt.date) -> None:
    """Refuse a document dated in a closed period (the caller holds the entity's chain lock,
    which closings take too, so no closing commits between this check and its insert)."""
    if is_closed(seller_id=seller_id, day=day):
        raise PeriodClosed(field="date")
