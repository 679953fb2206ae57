"""Account statements (relevés de compte): what a person or a structure was invoiced, what
was credited, what they paid, in date order with the running balance, and what is due now
per sale and in total. Reads only; four queries whatever the number of documents.

A person's statement holds the orders they bought for themselves (buyer, no structure); a
structure's, the orders bought on its behalf. A sale not invoiced yet (paid at the desk, or
waiting for payment) counts by its order's total, so that its payments balance something;
a cancelled sale never invoiced is left out (nothing was owed)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from zoneinfo import ZoneInfo

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from comptoir.billing.models import Order
from comptoir.billing.models import Payment as ReceiptPayment
from comptoir.community import permissions
from comptoir.community.models import Organization, Person, PlaceTie
from comptoir.invoicing.models import CreditNote, Payment


class LineKind(StrEnum):
    INVOICED = "invoiced"
    ORDERED = "ordered"  # a sale not invoiced (yet)
    CREDITED = "credited"
    PAID = "paid"  # a refund is a negative payment


KIND_LABELS = {
    LineKind.INVOICED: _("Invoice"),
    LineKind.ORDERED: _("Sale not invoiced"),
    LineKind.CREDITED: _("Credit note"),
    LineKind.PAID: _("Payment"),
}
# On one day, what is owed comes before what reduces it.
_KIND_ORDER = {LineKind.INVOICED: 0, LineKind.ORDERED: 0, LineKind.CREDITED: 1, LineKind.PAID: 2}


@dataclass(frozen=True)
class StatementLine:
    day: date
    kind: LineKind
    reference: str  # the invoice, credit note or payment number, or the sale's reference
    place_name: str
    order_id: int
    # Signed as the balance moves: + what is owed (invoiced), − what reduces it (credited,
    # paid); a refund is +.
    amount_cents: int
    balance_cents: int = 0
    # A direct debit the payer's bank returned unpaid (its amount is owed again).
    returned: bool = False

    @property
    def kind_label(self) -> str:
        return str(KIND_LABELS[self.kind])

    @property
    def is_refund(self) -> bool:
        return self.kind == LineKind.PAID and self.amount_cents > 0 and not self.returned


@dataclass
class StatementItem:
    """One sale: its invoice (or order) total, what was credited and paid on it."""

    order_id: int
    reference: str
    place_name: str
    issue_date: date
    due_date: date | None
    total_cents: int
    credited_cents: int = 0
    paid_cents: int = 0

    @property
    def due_cents(self) -> int:
        """Invoiced − credited − paid (negative: owed back to the buyer)."""
        return self.total_cents - self.credited_cents - self.paid_cents


@dataclass
class Statement:
    lines: list[StatementLine] = field(default_factory=list)
    items: list[StatementItem] = field(default_factory=list)

    @property
    def invoiced_cents(self) -> int:
        return sum(item.total_cents for item in self.items)

    @property
    def credited_cents(self) -> int:
        return sum(item.credited_cents for item in self.items)

    @property
    def paid_cents(self) -> int:
        return sum(item.paid_cents for item in self.items)

    @property
    def balance_cents(self) -> int:
        """Invoiced − credited − paid over every sale."""
        return self.invoiced_cents - self.credited_cents - self.paid_cents

    @property
    def due_cents(self) -> int:
        """What is due now: the sales still owing, not lessened by a credit owed back."""
        return sum(max(item.due_cents, 0) for item in self.items)

    @property
    def open_items(self) -> list[StatementItem]:
        return [item for item in self.items if item.due_cents != 0]


# --- Who sees which statement ------------------------------------------------------------


def can_see_organization_statement(user: object, organization: Organization) -> bool:
    """The structure's managers and the network admins."""
    return permissions.can_edit_organization(user, organization)  # type: ignore[arg-type]


def can_see_person_statement_at_place(user: object, person_id: int, place_id: int) -> bool:
    """The place's concierges, for someone tied to the place (the privacy rule: see
    community.permissions) or who bought there, and the network admins."""
    if not permissions.is_concierge(user, place_id):  # type: ignore[arg-type]
        return False
    if permissions.is_network_admin(user):  # type: ignore[arg-type]
        return True
    # A purchase at the place ties the buyer to it too, though billing records no PlaceTie.
    tied = PlaceTie.objects.filter(person_id=person_id, place_id=place_id)
    bought = Order.objects.filter(buyer_id=person_id, place_id=place_id)
    return tied.exists() or bought.exists()


def person_get(*, pk: int) -> Person:
    """Anyone with an account, even erased (their accounting is kept): raises DoesNotExist."""
    return Person.objects.get(pk=pk)


# --- Statements ---------------------------------------------------------------------------


def statement_of_person(*, person_id: int, place_id: int | None = None) -> Statement:
    """What a person bought for themselves; at one place only when `place_id` is given."""
    scope = Q(buyer_id=person_id, buyer_organization__isnull=True)
    if place_id is not None:
        scope &= Q(place_id=place_id)
    return _statement(scope)


def statement_of_organization(*, organization_id: int) -> Statement:
    return _statement(Q(buyer_organization_id=organization_id))


def _statement(scope: Q) -> Statement:
    orders = list(
        Order.objects.filter(scope)
        .exclude(status=Order.Status.CANCELLED, invoice__isnull=True)
        .select_related("invoice", "place")
        .order_by("pk")
    )
    items = {order.pk: _item(order) for order in orders}
    lines = [_charge_line(order) for order in orders]
    ids = list(items)
    for note in CreditNote.objects.filter(invoice__order_id__in=ids).select_related(
        "invoice", "place"
    ):
        order_id = note.invoice.order_id
        items[order_id].credited_cents += note.total_cents
        lines.append(
            StatementLine(
                note.issue_date,
                LineKind.CREDITED,
                note.number,
                note.place.name,
                order_id,
                -note.total_cents,
            )
        )
    for payment in Payment.objects.filter(order_id__in=ids).select_related("place"):
        items[payment.order_id].paid_cents += payment.amount_cents
        lines.append(
            StatementLine(
                payment.received_on,
                LineKind.PAID,
                payment.number,
                payment.place.name,
                payment.order_id,
                -payment.amount_cents,
                returned=payment.amount_cents < 0 and payment.credit_note_id is None,
            )
        )
    by_order = {order.pk: order for order in orders}
    for receipt in ReceiptPayment.objects.filter(order_id__in=ids):
        order = by_order[receipt.order_id]
        items[order.pk].paid_cents += receipt.amount_cents
        lines.append(
            StatementLine(
                _local_day(receipt.created_at, order.place.timezone),
                LineKind.PAID,
                order.reference,
                order.place.name,
                order.pk,
                -receipt.amount_cents,
            )
        )
    return Statement(lines=_with_balance(lines), items=list(items.values()))


def _local_day(moment: object, zone: str) -> date:
    return timezone.localtime(moment, ZoneInfo(zone)).date()  # type: ignore[arg-type]


def _invoice(order: Order) -> object | None:
    # The reverse one-to-one raises when there is no invoice, even after select_related.
    try:
        return order.invoice  # type: ignore[attr-defined]
    except Order.invoice.RelatedObjectDoesNotExist:  # type: ignore[attr-defined]
        return None


def _item(order: Order) -> StatementItem:
    invoice = _invoice(order)
    if invoice is None:
        day = _local_day(order.created_at, order.place.timezone)
        return StatementItem(
            order.pk, order.reference, order.place.name, day, None, order.total_cents
        )
    return StatementItem(
        order.pk,
        invoice.number,  # type: ignore[attr-defined]
        order.place.name,
        invoice.issue_date,  # type: ignore[attr-defined]
        invoice.due_date,  # type: ignore[attr-defined]
        invoice.total_cents,  # type: ignore[attr-defined]
    )


def _charge_line(order: Order) -> StatementLine:
    item = _item(order)
    kind = LineKind.ORDERED if item.due_date is None else LineKind.INVOICED
    return StatementLine(
        item.issue_date, kind, item.reference, item.place_name, order.pk, item.total_cents
    )


def _with_balance(lines: list[StatementLine]) -> list[StatementLine]:
    ordered = sorted(lines, key=lambda line: (line.day, line.order_id, _KIND_ORDER[line.kind]))
    balance, result = 0, []
    for line in ordered:
        balance += line.amount_cents
        result.append(
            StatementLine(
                line.day,
                line.kind,
                line.reference,
                line.place_name,
                line.order_id,
                line.amount_cents,
                balance,
                line.returned,
            )
        )
    return result
