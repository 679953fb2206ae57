"""An online payment at the Comptoir Numérique: Paul bought a ticket book on the site and paid
it with Stripe, so the concierges and treasurers find it among the place's online payments,
refundable. The demo never calls Stripe: the checkout is recorded as the webhook records it."""

from __future__ import annotations

from comptoir.billing import services as billing
from comptoir.billing.models import OrderLine
from comptoir.community.models import Person
from comptoir.invoicing.models import PaymentMeans
from comptoir.invoicing.services import invoice_issue
from comptoir.invoicing.services.payments import payment_record
from comptoir.online.models import Checkout
from comptoir.places.models import Place

SESSION = "cs_test_demo_comptoir_paul_carnet"


def load_online_payment(place: Place) -> None:
    if place.legal_entity_id is None or Checkout.objects.filter(session_id=SESSION).exists():
        return
    paul = Person.objects.get(email="paul@comptoir.test")
    order = billing.order_create(
        place=place,
        lines=[
            billing.LineSpec(
                kind=OrderLine.Kind.TICKET_BOOK,
                description="Carnet de 10 journées",
                unit_price_cents=15000,
            )
        ],
        by=paul,
        buyer=paul,
    )
    checkout = Checkout.objects.create(
        order=order,
        provider="stripe",
        session_id=SESSION,
        amount_cents=order.total_cents,
        started_by=paul,
    )
    payment = payment_record(
        order=order,
        means=PaymentMeans.ONLINE,
        amount_cents=order.total_cents,
        by=None,
        reference="pi_test_demo_comptoir_paul",
    )
    checkout.status, checkout.payment = Checkout.Status.PAID, payment
    checkout.save(update_fields=["status", "payment", "updated_at"])
    invoice_issue(order=order, by=None)  # as the desk invoices every paid sale
