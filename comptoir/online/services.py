"""Online payment of a pending order: a checkout opened at the provider for what remains
due, and the provider's notification (signature verified, each event once) recording the
payment — never more than what is due: what cannot be recorded is kept to be refunded."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from comptoir.billing.models import Order
from comptoir.billing.services import order_due_cents
from comptoir.community.models import Person
from comptoir.core.exceptions import DomainError, NotAllowed
from comptoir.core.money import format_cents
from comptoir.core.services import audit_record
from comptoir.invoicing.exceptions import CreditQuantityInvalid, OrderCancelledError
from comptoir.invoicing.models import Invoice, InvoiceLine, InvoicingProfile, PaymentMeans
from comptoir.invoicing.selectors import order_credited_cents
from comptoir.invoicing.services import credit_note_issue, invoice_issue
from comptoir.invoicing.services.payments import payment_record, payment_refund
from comptoir.online import stripe_provider
from comptoir.online.audit import Verb
from comptoir.online.exceptions import (
    NothingDue,
    NotRefundable,
    OnlinePaymentOff,
    PayloadInvalid,
    RefundExceedsPaidOnline,
)
from comptoir.online.models import Checkout, OnlineRefund, ProviderEvent

PAID_EVENTS = {"checkout.session.completed", "checkout.session.async_payment_succeeded"}


def online_enabled() -> bool:
    """Off by default: on with ONLINE_PAYMENT_PROVIDER=stripe and Stripe's keys."""
    return (
        getattr(settings, "ONLINE_PAYMENT_PROVIDER", "") == stripe_provider.NAME
        and bool(getattr(settings, "STRIPE_SECRET_KEY", ""))
        and bool(getattr(settings, "STRIPE_WEBHOOK_SECRET", ""))
    )


def payable_online(order: Order, viewer: Any) -> bool:
    """Whether the viewer is offered "Pay online" for the order: their own, pending, with
    something due, sold by an entity that records payments (its invoicing set up)."""
    return (
        online_enabled()
        and getattr(viewer, "is_authenticated", False)
        and order.buyer_id == viewer.pk
        and order.status == Order.Status.PENDING
        and order.total_cents > order.received_cents
        and order.place.legal_entity_id is not None
        and InvoicingProfile.objects.filter(organization_id=order.place.legal_entity_id).exists()
    )


def checkout_start(
    *, order: Order, by: Person, success_url: str, cancel_url: str
) -> tuple[Checkout, str]:
    """A checkout at the provider for what remains due on the buyer's own pending order;
    returns it with the address to send the buyer to."""
    if not online_enabled():
        raise OnlinePaymentOff()
    if order.buyer_id != by.pk:
        raise NotAllowed()
    if order.status == Order.Status.CANCELLED:
        raise OrderCancelledError(field="order")
    due = order_due_cents(order=order, credited_cents=order_credited_cents(order_id=order.pk))
    if order.status != Order.Status.PENDING or due <= 0:
        raise NothingDue(field="order")
    if not payable_online(order, by):
        raise OnlinePaymentOff()
    session = stripe_provider.session_create(
        order_id=order.pk,
        amount_cents=due,
        description=f"{order.place.name} — {order.reference}",
        email=order.buyer_email,
        success_url=success_url,
        cancel_url=cancel_url,
    )
    with transaction.atomic():
        checkout = Checkout.objects.create(
            order=order,
            provider=stripe_provider.NAME,
            session_id=session.id,
            amount_cents=due,
            started_by=by,
        )
        audit_record(
            actor=by,
            verb=Verb.CHECKOUT_STARTED,
            target=checkout,
            place=order.place,
            data={"order": order.pk, "amount_cents": due},
        )
    return checkout, session.url


def webhook_receive(*, payload: bytes, signature: str) -> str:
    """A Stripe notification: its signature verified, then each event handled once (a
    replay answers "duplicate" and records nothing). Returns what was done."""
    stripe_provider.verify(payload, signature)
    try:
        event = json.loads(payload)
        event_id, kind = str(event["id"]), str(event["type"])
        session = event["data"]["object"]
    except (ValueError, KeyError, TypeError) as unreadable:
        raise PayloadInvalid() from unreadable
    with transaction.atomic():
        try:
            with transaction.atomic():
                ProviderEvent.objects.create(
                    provider=stripe_provider.NAME, event_id=event_id[:255], kind=kind[:100]
                )
        except IntegrityError:
            return "duplicate"
        if kind not in PAID_EVENTS or not isinstance(session, dict):
            return "ignored"
        if session.get("payment_status") != "paid":
            return "unpaid"
        return _record(session)


def _record(session: dict[str, Any]) -> str:
    checkout = (
        Checkout.objects.select_for_update()
        .select_related("order__place")
        .filter(provider=stripe_provider.NAME, session_id=str(session.get("id", "")))
        .first()
    )
    if checkout is None:
        return "unknown"
    if checkout.status != Checkout.Status.OPEN:
        return "already"
    amount = session.get("amount_total")
    if (
        str(session.get("currency", "")).lower() != "eur"
        or not isinstance(amount, int)
        or isinstance(amount, bool)
        or amount != checkout.amount_cents
    ):
        return _reject(checkout, f"amount {amount!r} {session.get('currency')!r}")
    try:
        with transaction.atomic():
            payment = payment_record(
                order=checkout.order,
                means=PaymentMeans.ONLINE,
                amount_cents=amount,
                by=None,
                reference=str(session.get("payment_intent") or checkout.session_id)[:100],
            )
    except DomainError as refused:  # paid at the desk meanwhile, cancelled, closed period…
        return _reject(checkout, refused.message)
    checkout.status, checkout.payment = Checkout.Status.PAID, payment
    checkout.save(update_fields=["status", "payment", "updated_at"])
    audit_record(
        actor=None,
        verb=Verb.CHECKOUT_PAID,
        target=checkout,
        place=checkout.order.place,
        data={"order": checkout.order_id, "payment": payment.number, "amount_cents": amount},
    )
    return "paid"


def _reject(checkout: Checkout, note: str) -> str:
    """Money the provider took that cannot be counted (more than due, the wrong amount):
    kept for the treasurer to refund from the provider's dashboard."""
    checkout.status, checkout.note = Checkout.Status.REJECTED, note[:300]
    checkout.save(update_fields=["status", "note", "updated_at"])
    audit_record(
        actor=None,
        verb=Verb.CHECKOUT_REJECTED,
        target=checkout,
        place=checkout.order.place,
        data={"order": checkout.order_id, "note": checkout.note},
    )
    return "rejected"


@transaction.atomic
def checkout_refund(
    *,
    checkout: Checkout,
    reason: str,
    by: Person,
    quantities: Mapping[int, int] | None = None,
) -> OnlineRefund:
    """Pay back an online payment through the provider, in whole or in part: a credit note
    for the lines given (`quantities` maps the positions of the order's lines, from 1, to the
    quantities credited; None credits all that remains), its refund recorded as a negative
    online payment, then the provider's refund of the same amount. The checkout's row is
    locked first, so two refunds at once are made one after the other and together never
    exceed what was paid online (the database refuses more as well). The provider is asked
    last: when it refuses or does not answer, nothing is kept."""
    if not online_enabled():
        raise OnlinePaymentOff()
    locked = (
        Checkout.objects.select_for_update(of=("self",))
        .select_related("order__place", "payment")
        .get(pk=checkout.pk)
    )
    if locked.status != Checkout.Status.PAID or locked.payment is None:
        raise NotRefundable(field="checkout")
    invoice = _invoice_of(locked, by)
    note = credit_note_issue(
        invoice=invoice, by=by, reason=reason, lines=_line_ids(invoice, quantities)
    )
    left = locked.amount_cents - locked.refunded_cents
    if note.total_cents > left:
        raise RefundExceedsPaidOnline(
            _("Only %(left)s of this online payment remain to refund.")
            % {"left": format_cents(left)},
            field="lines",
        )
    refund = payment_refund(
        credit_note=note,
        means=PaymentMeans.ONLINE,
        amount_cents=note.total_cents,
        by=by,
        reference=locked.payment.reference,
    )
    at_provider = stripe_provider.refund_create(
        payment_intent=locked.payment.reference,
        amount_cents=note.total_cents,
        idempotency_key=f"comptoir-refund-{locked.pk}-{locked.refunded_cents}",
    )
    locked.refunded_cents += note.total_cents
    locked.save(update_fields=["refunded_cents", "updated_at"])
    record = OnlineRefund.objects.create(
        checkout=locked,
        amount_cents=note.total_cents,
        provider_refund_id=at_provider.id,
        credit_note=note,
        payment=refund,
        refunded_by=by,
    )
    audit_record(
        actor=by,
        verb=Verb.CHECKOUT_REFUNDED,
        target=locked,
        place=locked.order.place,
        data={
            "order": locked.order_id,
            "credit_note": note.number,
            "payment": refund.number,
            "amount_cents": note.total_cents,
            "provider_refund": at_provider.id,
        },
    )
    return record


def _invoice_of(checkout: Checkout, by: Person) -> Invoice:
    """The order's invoice, issued now when it has none: a credit note credits an invoice."""
    invoice = Invoice.objects.filter(order_id=checkout.order_id).first()
    return invoice or invoice_issue(order=checkout.order, by=by)


def _line_ids(invoice: Invoice, quantities: Mapping[int, int] | None) -> dict[int, int] | None:
    """The invoice's line ids for the positions given (an unknown position is refused)."""
    if quantities is None:
        return None
    by_position = dict(
        InvoiceLine.objects.filter(invoice_id=invoice.pk).values_list("position", "pk")
    )
    if any(position not in by_position for position in quantities):
        raise CreditQuantityInvalid(field="lines")
    return {by_position[position]: count for position, count in quantities.items() if count}
