"""Ticket books and their ledger. The balance is the sum of the movements.

Every write to a ledger first locks the row of the book's holder (`lock_holder`), so the
writes of one person's books happen one after another and a balance read after that lock
is exact: it never goes below zero whatever the races. The check-in, which locks the
person anyway, then reads its books and their balances in one statement."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from dateutil.relativedelta import relativedelta
from django.db import connection, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from comptoir.access import rules
from comptoir.access.audit import Verb
from comptoir.access.exceptions import InsufficientBalance, InvalidQuantity, MissingReason
from comptoir.access.models import Plan, TicketBook, TicketMovement
from comptoir.community.models import Person
from comptoir.core.exceptions import InvalidInput, NotAllowed
from comptoir.core.prepared import model_columns, prepared_instances
from comptoir.core.types import Actor
from comptoir.places.models import Place


def balances(book_ids: list[int]) -> dict[int, int]:
    rows = (
        TicketMovement.objects.filter(book_id__in=book_ids)
        .values("book_id")
        .annotate(total=Sum("quantity"))
        .values_list("book_id", "total")
    )
    found = dict(rows)
    return {book_id: found.get(book_id, 0) for book_id in book_ids}


def balance(book: TicketBook) -> int:
    return balances([book.pk])[book.pk]


def lock_holder(person_id: int) -> None:
    """Take the row lock that serialises every ledger write of this person's books."""
    Person.objects.select_for_update().filter(pk=person_id).values_list("pk", flat=True).first()


def lock_holder_get(person_id: int) -> Person | None:
    """The same lock, returning the active person it locked (None when there is none): one
    statement where the kiosk would otherwise read the person, then lock them."""
    return next(iter(prepared_instances(Person, _lock_holder_get_sql(), {"pk": person_id})), None)


@functools.cache
def _lock_holder_get_sql() -> str:
    # Plain SQL: the ORM took twice as long to build it as the database to run it.
    lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
    columns, table = model_columns(Person, "p"), Person._meta.db_table
    return f"SELECT {columns} FROM {table} p WHERE p.id = %(pk)s AND p.is_active{lock}"


def ticket_book_create(
    *, plan: Plan, person: Person, place: Place, by: Actor | None, purchased_on: date, at: datetime
) -> TicketBook:
    """The book and its purchase movement (inside the sale's transaction)."""
    book = TicketBook.objects.create(
        plan=plan,
        person=person,
        place=place,
        network_id=place.network_id if plan.network_wide else None,
        tickets=plan.tickets,
        unit=plan.ticket_unit,
        ticket_value_cents=plan.price_cents // plan.tickets,
        purchased_on=purchased_on,
        expires_on=purchased_on + relativedelta(months=plan.validity_months),
    )
    TicketMovement.objects.create(
        book=book,
        kind=TicketMovement.Kind.PURCHASE,
        quantity=plan.tickets,
        place=place,
        at=at,
        by=by if getattr(by, "is_authenticated", False) else None,
    )
    return book


@functools.cache
def usable_book_sql(columns: str = "b.*") -> str:
    """The usable book that expires first, with at least %(needed)s tickets left, and its
    balance as "left": one plain SQL statement (standard SQL), because the check-in runs it
    every time and the ORM would spend longer compiling it than the database running it.
    The check-in's snapshot embeds it (with fewer columns) to save a round trip."""
    book, movement = TicketBook._meta.db_table, TicketMovement._meta.db_table
    balance = f"(SELECT COALESCE(SUM(m.quantity), 0) FROM {movement} m WHERE m.book_id = b.id)"
    return f"""
        SELECT {columns}, {balance} AS "left" FROM {book} b
        WHERE b.person_id = %(person)s AND b.purchased_on <= %(day)s AND b.expires_on >= %(day)s
          AND (b.place_id = %(place)s OR b.network_id = %(network)s)
          AND {balance} >= %(needed)s
        ORDER BY b.expires_on, b.id
        LIMIT 1
    """


def _usable_book_params(person: Person, place: Place, day: date, needed: int) -> dict[str, Any]:
    return {
        "needed": needed,
        "person": person.pk,
        "place": place.pk,
        "network": place.network_id,
        "day": connection.ops.adapt_datefield_value(day),
    }


@dataclass(frozen=True)
class Consumption:
    book: TicketBook
    movement: TicketMovement
    balance_after: int


@dataclass(frozen=True)
class UsableBook:
    """What `usable_book_sql` found, when read by another statement (the snapshot)."""

    id: int
    unit: str
    left: int
    # Set when the book is valid across a network (its half-days cover the network).
    network_id: int | None = None


def ticket_consume(
    *,
    person: Person,
    place: Place,
    at: datetime,
    day: date,
    by: Actor | None,
    quantity: int = 1,
    reason: str = "",
) -> Consumption | None:
    """Use `quantity` tickets of the usable book that expires first and has that many left;
    None when there is none.

    Call inside a transaction that already holds `lock_holder(person)`: the books and their
    balances are then read in one statement, and exactly."""
    params = _usable_book_params(person, place, day, quantity)
    book = next(iter(TicketBook.objects.raw(usable_book_sql(), params)), None)
    if book is None:
        return None
    left: int = book.left  # type: ignore[attr-defined]  # computed by the statement
    consumption = _consumption(
        book, left, place=place, at=at, by=by, quantity=quantity, reason=reason
    )
    consumption.movement.save(force_insert=True)
    return consumption


def ticket_take_found(
    found: UsableBook, *, place: Place, at: datetime, by: Actor | None, quantity: int = 1
) -> Consumption:
    """`ticket_consume` of a book the caller already read with `usable_book_sql` after the
    holder's lock (the check-in's snapshot), with the movement left unsaved: the caller
    saves it with its own rows before the lock is let go. The book comes with its id and
    unit and network loaded, its other fields deferred."""
    loaded = {"id": found.id, "network_id": found.network_id, "unit": found.unit}
    # from_db takes the values in the order of the model's fields.
    names = [f.attname for f in TicketBook._meta.concrete_fields if f.attname in loaded]
    book = TicketBook.from_db(connection.alias, names, [loaded[name] for name in names])
    return _consumption(book, found.left, place=place, at=at, by=by, quantity=quantity)


def _consumption(
    book: TicketBook,
    left: int,
    *,
    place: Place,
    at: datetime,
    by: Actor | None,
    quantity: int,
    reason: str = "",
) -> Consumption:
    movement = TicketMovement(
        book=book,
        kind=TicketMovement.Kind.CONSUMPTION,
        quantity=-quantity,
        place=place,
        at=at,
        reason=reason[:200],
        by=by if getattr(by, "is_authenticated", False) else None,
    )
    return Consumption(book=book, movement=movement, balance_after=left - quantity)


@transaction.atomic
def ticket_book_adjust(
    *,
    book: TicketBook,
    quantity: int,
    reason: str,
    by: Actor | None,
    place: Place | None = None,
    kind: str = TicketMovement.Kind.CORRECTION,
) -> TicketMovement:
    """A manual correction (with a reason) or a refund; refused if it would go below zero.

    `by` (None for the system) must be allowed by `rules.can_correct_book`."""
    from comptoir.core.services import audit_record

    if by is not None and not rules.can_correct_book(by, book):
        raise NotAllowed()
    if kind not in (TicketMovement.Kind.CORRECTION, TicketMovement.Kind.REFUND):
        raise InvalidInput(field="kind")
    if quantity == 0:
        raise InvalidQuantity(field="quantity")
    reason = reason.strip()
    if kind == TicketMovement.Kind.CORRECTION and not reason:
        raise MissingReason(field="reason")
    lock_holder(book.person_id)
    book = TicketBook.objects.get(pk=book.pk)
    if balance(book) + quantity < 0:
        raise InsufficientBalance(field="quantity")
    movement = TicketMovement.objects.create(
        book=book,
        kind=kind,
        quantity=quantity,
        place=place or book.place,
        at=timezone.now(),
        reason=reason[:200],
        by=by if getattr(by, "is_authenticated", False) else None,
    )
    audit_record(
        actor=by,
        verb=(
            Verb.TICKET_BOOK_REFUNDED
            if kind == TicketMovement.Kind.REFUND
            else Verb.TICKET_BOOK_CORRECTED
        ),
        target=book,
        place=place or book.place,
        data={"quantity": quantity, "reason": reason[:200]},
    )
    return movement


def ticket_books_expire(*, today: date | None = None) -> int:
    """Write an expiry movement for the tickets left on books past their date (daily task)."""
    today = today or timezone.localdate()
    candidates = TicketBook.objects.filter(expires_on__lt=today).with_tickets_left()
    count = 0
    for book_id in candidates.values_list("pk", flat=True):
        with transaction.atomic():
            holder_id = TicketBook.objects.values_list("person_id", flat=True).get(pk=book_id)
            lock_holder(holder_id)
            book = TicketBook.objects.get(pk=book_id)
            left = balance(book)
            if left > 0:
                TicketMovement.objects.create(
                    book=book,
                    kind=TicketMovement.Kind.EXPIRY,
                    quantity=-left,
                    place=book.place,
                    at=timezone.now(),
                    reason=_("Expired on %(date)s")
                    % {"date": date_format(book.expires_on, "SHORT_DATE_FORMAT")},
                )
                count += 1
    return count
