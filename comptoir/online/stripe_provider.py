"""Stripe Checkout, through Stripe's own library: a Checkout Session opened for what is due,
and the `Stripe-Signature` of its webhooks verified (HMAC-SHA256 of `t.payload` with the
endpoint's secret, within a tolerance)."""

from __future__ import annotations

from dataclasses import dataclass

import stripe
from django.conf import settings

from comptoir.online.exceptions import ProviderUnavailable, RefundRefused, SignatureInvalid

NAME = "stripe"
TOLERANCE_S = 300


@dataclass(frozen=True)
class Session:
    id: str
    url: str


def _client() -> stripe.StripeClient:
    base = getattr(settings, "STRIPE_API_BASE", "") or None
    return stripe.StripeClient(
        settings.STRIPE_SECRET_KEY,
        base_addresses={"api": base} if base else None,
        max_network_retries=0,
    )


def session_create(
    *,
    order_id: int,
    amount_cents: int,
    description: str,
    email: str,
    success_url: str,
    cancel_url: str,
) -> Session:
    params: dict[str, object] = {
        "mode": "payment",
        "line_items": [
            {
                "quantity": 1,
                "price_data": {
                    "currency": "eur",
                    "unit_amount": amount_cents,
                    "product_data": {"name": description[:250]},
                },
            }
        ],
        "success_url": success_url,
        "cancel_url": cancel_url,
        "client_reference_id": str(order_id),
        "metadata": {"order_id": str(order_id)},
    }
    if email:
        params["customer_email"] = email
    try:
        session = _client().v1.checkout.sessions.create(params=params)  # type: ignore[arg-type]
    except stripe.StripeError as error:
        raise ProviderUnavailable() from error
    if not session.id or not session.url:
        raise ProviderUnavailable()
    return Session(id=str(session.id), url=str(session.url))


@dataclass(frozen=True)
class Refund:
    id: str
    amount_cents: int


def refund_create(*, payment_intent: str, amount_cents: int, idempotency_key: str) -> Refund:
    """Refund part or all of a payment at Stripe. The key makes a retry of the same refund
    (the same checkout, the same amount already refunded before it) the same refund at
    Stripe, never a second one."""
    params: dict[str, object] = {
        "payment_intent": payment_intent,
        "amount": amount_cents,
        "metadata": {"idempotency_key": idempotency_key},
    }
    try:
        refund = _client().v1.refunds.create(
            params=params,  # type: ignore[arg-type]
            options={"idempotency_key": idempotency_key},
        )
    except stripe.StripeError as error:
        raise ProviderUnavailable() from error
    if not refund.id or refund.status in ("failed", "canceled") or refund.amount != amount_cents:
        raise RefundRefused()
    return Refund(id=str(refund.id), amount_cents=int(refund.amount))


def verify(payload: bytes, signature: str) -> None:
    try:
        stripe.WebhookSignature.verify_header(
            payload.decode("utf-8", "replace"),
            signature,
            settings.STRIPE_WEBHOOK_SECRET,
            TOLERANCE_S,
        )
    except stripe.SignatureVerificationError as invalid:
        raise SignatureInvalid(field="Stripe-Signature") from invalid
