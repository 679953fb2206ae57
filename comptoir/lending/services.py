"""Writes of the library of things: items, reservations and loans, returns, damage notes,
reminders. One transaction each.

No item is reserved or lent twice over overlapping days. The service locks the item's row
(`select_for_update`: the attempts on one item queue behind each other, each sees the
previous one's row) and checks; on PostgreSQL the exclusion constraint `loan_no_overlap`
refuses the second row whatever the code does; on SQLite, write transactions are IMMEDIATE
(serialised by the database), so the check alone holds there."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from comptoir.billing.models import OrderLine, PaymentMethod
from comptoir.billing.selectors import first_payment_method
from comptoir.billing.services import (
    LineSpec,
    order_create,
    order_lock,
    payment_record,
    payment_refund,
)
from comptoir.community import permissions
from comptoir.community.models import Person
from comptoir.core.email import Recipient, absolute_url, send_email
from comptoir.core.exceptions import InvalidInput, NotAllowed
from comptoir.core.services import audit_record
from comptoir.core.types import Actor
from comptoir.lending.audit import Verb
from comptoir.lending.exceptions import (
    CheckOutTooEarly,
    DepositKeptInvalid,
    DepositKeptWithoutNote,
    DueBeforeStart,
    DueInThePast,
    ItemInvalid,
    ItemNotLendable,
    ItemUnavailable,
    LoanStateInvalid,
    LoanTooLong,
    NotAMember,
    NoteEmpty,
    StartInThePast,
)
from comptoir.lending.models import DamageNote, Item, Loan
from comptoir.places.models import Place

OVERLAP_CONSTRAINT = "loan_no_overlap"
MAX_DEPOSIT_CENTS = 1_000_000
REMIND_DAYS_BEFORE = 1


def place_today(place: Place) -> dt.date:
    return timezone.localtime(timezone=ZoneInfo(place.timezone)).date()


# --- items ---------------------------------------------------------------------------------


def _check_item(name: str, deposit_cents: int, max_loan_days: int) -> None:
    if not name.strip() or not 0 <= deposit_cents <= MAX_DEPOSIT_CENTS:
        raise ItemInvalid(field="name" if not name.strip() else "deposit_cents")
    if not 1 <= max_loan_days <= 365:
        raise ItemInvalid(field="max_loan_days")


@transaction.atomic
def item_create(
    *,
    place: Place,
    name: str,
    by: Actor | None,
    description: str = "",
    category: str = Item.Category.OTHER,
    condition: str = Item.Condition.GOOD,
    deposit_cents: int = 0,
    max_loan_days: int = 7,
    owner: Person | None = None,
) -> Item:
    """An item the place (or `owner`, a member) lends."""
    _check_item(name, deposit_cents, max_loan_days)
    if category not in Item.Category.values or condition not in Item.Condition.values:
        raise ItemInvalid(field="category")
    item = Item.objects.create(
        place=place,
        name=name.strip()[:120],
        description=description[:2000],
        category=category,
        condition=condition,
        deposit_cents=deposit_cents,
        max_loan_days=max_loan_days,
        owner=owner,
        created_by=by,
    )
    audit_record(actor=by, verb=Verb.ITEM_CREATED, target=item, place=place, data={"name": name})
    return item


def can_edit_item(user: Actor, item: Item) -> bool:
    """The member who lends the item, or a concierge of its place."""
    owner = item.owner_id is not None and item.owner_id == user.pk
    return owner or permissions.is_concierge(user, item.place_id)


@transaction.atomic
def item_update(
    *,
    item: Item,
    by: Actor,
    condition: str,
    deposit_cents: int,
    max_loan_days: int,
    is_active: bool,
    name: str | None = None,
    description: str | None = None,
) -> Item:
    """Change an item (its name and description too when given); the owner or a concierge.
    A new deposit applies to the next hand-overs: a loan out keeps the deposit it took."""
    if not can_edit_item(by, item):
        raise NotAllowed()
    name = item.name if name is None else name
    _check_item(name, deposit_cents, max_loan_days)
    if condition not in Item.Condition.values:
        raise ItemInvalid(field="condition")
    item.condition, item.deposit_cents = condition, deposit_cents
    item.max_loan_days, item.is_active = max_loan_days, is_active
    item.name = name.strip()[:120]
    if description is not None:
        item.description = description[:2000]
    item.save(
        update_fields=[
            "name",
            "description",
            "condition",
            "deposit_cents",
            "max_loan_days",
            "is_active",
            "updated_at",
        ]
    )
    audit_record(
        actor=by,
        verb=Verb.ITEM_UPDATED,
        target=item,
        place=item.place,
        data={"condition": condition, "deposit_cents": deposit_cents, "active": is_active},
    )
    return item


# --- reservations and loans ----------------------------------------------------------------


def check_period(*, item: Item, starts_on: dt.date, due_on: dt.date, today: dt.date) -> None:
    """The period's own rules, before any lock: not past, not reversed, not too long."""
    if due_on < today:
        raise DueInThePast(field="due_on")
    if starts_on < today:
        raise StartInThePast(field="starts_on")
    if due_on < starts_on:
        raise DueBeforeStart(field="due_on")
    if (due_on - starts_on).days + 1 > item.max_loan_days:
        raise LoanTooLong(days=item.max_loan_days)


def _lock_item(item: Item) -> Item:
    # Every reservation of one item queues here: the overlap check below sees the rows the
    # previous holder of the lock committed.
    return Item.objects.select_for_update().select_related("place").get(pk=item.pk)


def _insert_loan(loan: Loan) -> None:
    try:
        with transaction.atomic():
            loan.save()
    except IntegrityError as error:
        if OVERLAP_CONSTRAINT in str(error):
            raise ItemUnavailable() from error
        raise


@transaction.atomic
def loan_reserve(
    *, item: Item, borrower: Person, starts_on: dt.date, due_on: dt.date, by: Actor
) -> Loan:
    """Reserve `item` for `borrower` over [starts_on, due_on] (both days included)."""
    check_period(item=item, starts_on=starts_on, due_on=due_on, today=place_today(item.place))
    locked = _lock_item(item)
    if not locked.is_active:
        raise ItemNotLendable()
    if not permissions.is_member(borrower, locked.place_id):
        raise NotAMember(field="borrower")
    if Loan.objects.filter(item=locked).overlapping(starts_on, due_on).exists():
        raise ItemUnavailable()
    loan = Loan(item=locked, borrower=borrower, starts_on=starts_on, due_on=due_on, created_by=by)
    _insert_loan(loan)
    audit_record(
        actor=by,
        verb=Verb.LOAN_RESERVED,
        target=loan,
        place=locked.place,
        data={"item": locked.pk, "from": str(starts_on), "due": str(due_on)},
    )
    return loan


def _lock_loan(loan: Loan) -> Loan:
    return (
        Loan.objects.select_for_update(of=("self",))
        .select_related("item__place", "borrower")
        .get(pk=loan.pk)
    )


def _record_deposit(loan: Loan, method: str, by: Actor) -> None:
    """The deposit taken at the desk, as an order paid at once (billing): no VAT, it is
    money held, not a sale."""
    if method not in PaymentMethod.values:
        raise InvalidInput(field="deposit_method")
    item = loan.item
    line = LineSpec(
        kind=OrderLine.Kind.OTHER,
        description=f"Caution · {item.name}",
        unit_price_cents=item.deposit_cents,
        vat_rate_bp=0,
    )
    order = order_create(
        place=item.place, lines=[line], by=by, buyer=loan.borrower, note=f"loan {loan.pk}"
    )
    payment_record(order=order, method=method, amount_cents=item.deposit_cents, by=by)
    loan.deposit_order = order


@transaction.atomic
def loan_check_out(*, loan: Loan, by: Actor, deposit_method: str = PaymentMethod.CASH) -> Loan:
    """Hand the item over at the desk; its deposit, if any, is taken then."""
    locked = _lock_loan(loan)
    if not locked.can_become(Loan.Status.OUT):
        raise LoanStateInvalid()
    if locked.starts_on > place_today(locked.item.place):
        raise CheckOutTooEarly()
    if Loan.objects.filter(item_id=locked.item_id, status=Loan.Status.OUT).exists():
        raise ItemUnavailable()  # still out with someone late: not on the shelf
    if locked.item.deposit_cents:
        _record_deposit(locked, deposit_method, by)
    locked.status, locked.checked_out_at = Loan.Status.OUT, timezone.now()
    locked.save(update_fields=["status", "checked_out_at", "deposit_order", "updated_at"])
    audit_record(
        actor=by,
        verb=Verb.LOAN_CHECKED_OUT,
        target=locked,
        place=locked.item.place,
        data={"deposit_cents": locked.item.deposit_cents},
    )
    return locked


@transaction.atomic
def loan_lend_now(
    *, item: Item, borrower: Person, due_on: dt.date, by: Actor, deposit_method: str = "cash"
) -> Loan:
    """At the desk, without a reservation: reserved from today and handed over at once."""
    today = place_today(item.place)
    loan = loan_reserve(item=item, borrower=borrower, starts_on=today, due_on=due_on, by=by)
    return loan_check_out(loan=loan, by=by, deposit_method=deposit_method)


def _give_deposit_back(loan: Loan, kept_cents: int, damage: str, by: Actor) -> int:
    """The deposit taken at the hand-over given back through billing, less what the place
    keeps for damage (said in the damage note): a refund line on the deposit's order, never
    more than the order still holds. Returns what was given back."""
    if kept_cents < 0:
        raise DepositKeptInvalid(field="deposit_kept")
    if loan.deposit_order_id is None:
        if kept_cents:
            raise DepositKeptInvalid(field="deposit_kept")
        return 0
    order = order_lock(order_id=loan.deposit_order_id)
    if kept_cents > order.received_cents:
        raise DepositKeptInvalid(field="deposit_kept")
    if kept_cents and not damage.strip():
        raise DepositKeptWithoutNote(field="damage")
    back = order.received_cents - kept_cents
    if back:
        method = first_payment_method(order_id=order.pk) or PaymentMethod.CASH
        payment_refund(
            order=order, method=method, amount_cents=back, by=by, reference=f"loan {loan.pk}"
        )
    loan.deposit_kept_cents = kept_cents
    return back


@transaction.atomic
def loan_return(
    *,
    loan: Loan,
    by: Actor,
    condition: str = "",
    damage: str = "",
    deposit_kept_cents: int = 0,
) -> Loan:
    """The item is back: the loan ends (late or not), its condition and damage noted, its
    deposit given back (less what is kept for damage, with a note saying why). The loan's
    row is locked first: two returns of one loan at once give the deposit back once."""
    locked = _lock_loan(loan)
    if not locked.can_become(Loan.Status.RETURNED):
        raise LoanStateInvalid()
    item = locked.item
    if condition and condition not in Item.Condition.values:
        raise ItemInvalid(field="condition")
    given_back = _give_deposit_back(locked, deposit_kept_cents, damage, by)
    now = timezone.now()
    late = locked.is_late(place_today(item.place))
    # The period ends today: an early return frees the following days for others.
    locked.due_on = max(locked.starts_on, min(locked.due_on, place_today(item.place)))
    locked.status, locked.returned_at = Loan.Status.RETURNED, now
    locked.save(
        update_fields=["status", "returned_at", "due_on", "deposit_kept_cents", "updated_at"]
    )
    if condition and condition != item.condition:
        item.condition = condition
        item.save(update_fields=["condition", "updated_at"])
    if damage.strip():
        DamageNote.objects.create(item=item, loan=locked, note=damage.strip()[:2000], written_by=by)
    audit_record(
        actor=by,
        verb=Verb.LOAN_RETURNED,
        target=locked,
        place=item.place,
        data={
            "late": late,
            "damage": bool(damage.strip()),
            "deposit_given_back_cents": given_back,
            "deposit_kept_cents": locked.deposit_kept_cents,
        },
    )
    return locked


def can_cancel(user: Actor, loan: Loan) -> bool:
    return loan.borrower_id == user.pk or permissions.is_concierge(user, loan.item.place_id)


@transaction.atomic
def loan_cancel(*, loan: Loan, by: Actor) -> Loan:
    locked = _lock_loan(loan)
    if not locked.can_become(Loan.Status.CANCELLED):
        raise LoanStateInvalid()
    locked.status = Loan.Status.CANCELLED
    locked.save(update_fields=["status", "updated_at"])
    audit_record(actor=by, verb=Verb.LOAN_CANCELLED, target=locked, place=locked.item.place)
    return locked


@transaction.atomic
def damage_note_add(*, item: Item, note: str, by: Actor) -> DamageNote:
    if not note.strip():
        raise NoteEmpty(field="note")
    damage = DamageNote.objects.create(item=item, note=note.strip()[:2000], written_by=by)
    audit_record(actor=by, verb=Verb.DAMAGE_NOTED, target=item, place=item.place)
    return damage


# --- reminders -----------------------------------------------------------------------------


def _remind(loan: Loan, template: str, field: str, now: dt.datetime) -> None:
    borrower = loan.borrower
    url = absolute_url(reverse("lending:my-loans"))
    send_email(
        f"lending/email/{template}",
        Recipient.of(borrower),
        {"loan": loan, "item": loan.item, "place": loan.item.place, "url": url},
    )
    setattr(loan, field, now)
    loan.save(update_fields=[field, "updated_at"])
    audit_record(
        actor=None,
        verb=Verb.LOAN_REMINDED,
        target=loan,
        place=loan.item.place,
        data={"when": template},
    )


@transaction.atomic
def loans_remind(*, now: dt.datetime | None = None) -> int:
    """Remind borrowers the day before the due date and once the item is late (each
    reminder once per loan); returns how many were sent."""
    now = now or timezone.now()
    sent = 0
    out = (
        Loan.objects.select_for_update(of=("self",), skip_locked=True)
        .filter(status=Loan.Status.OUT)
        .select_related("item__place", "borrower")
    )
    waiting = Q(reminded_after_at__isnull=True) | Q(reminded_before_at__isnull=True)
    for loan in out.filter(waiting):
        today = timezone.localtime(now, ZoneInfo(loan.item.place.timezone)).date()
        if loan.due_on < today and loan.reminded_after_at is None:
            _remind(loan, "overdue", "reminded_after_at", now)
            sent += 1
        elif (
            loan.due_on - today == dt.timedelta(days=REMIND_DAYS_BEFORE)
            and not loan.reminded_before_at
        ):
            _remind(loan, "due_soon", "reminded_before_at", now)
            sent += 1
    return sent
