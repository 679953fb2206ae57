"""Online payment through Stripe Checkout: the checkout opened with Stripe's API answered by
a recorded response (`responses`, never the network), and Stripe's recorded
`checkout.session.completed` event replayed to the webhook, signed as Stripe signs
(`Stripe-Signature: t=…,v1=HMAC-SHA256(secret, "t.payload")`)."""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import responses
from django.test import Client
from django.urls import reverse

from comptoir.billing.models import Order
from comptoir.community.models import Person
from comptoir.core.tests.races import at_once
from comptoir.invoicing.models import Payment
from comptoir.invoicing.services.payments import payment_record
from comptoir.invoicing.tests.factories import line, make_order, make_seller
from comptoir.online.models import Checkout, ProviderEvent

PAYLOADS = Path(__file__).parent / "payloads"
SECRET = "whsec_test_5f0c1d2e3a4b"
SESSIONS = "https://api.stripe.com/v1/checkout/sessions"
WEBHOOK = "/paiement-en-ligne/stripe/webhook/"


def recorded(name: str) -> dict[str, Any]:
    return json.loads((PAYLOADS / name).read_text())


def signed(payload: bytes, *, secret: str = SECRET, at: int | None = None) -> str:
    stamp = int(time.time()) if at is None else at
    mac = hmac.new(secret.encode(), f"{stamp}.".encode() + payload, hashlib.sha256)
    return f"t={stamp},v1={mac.hexdigest()}"


@pytest.fixture
def online(settings):
    settings.ONLINE_PAYMENT_PROVIDER = "stripe"
    settings.STRIPE_SECRET_KEY = "sk_test_4eC39HqLyjWDarjtT1zdp7dc"
    settings.STRIPE_WEBHOOK_SECRET = SECRET
    settings.STRIPE_API_BASE = ""


@pytest.fixture
def order(place, concierge, person):
    make_seller(place)
    return make_order(place, concierge, person, line(2198))


def _checkout(order: Order, client: Client) -> Checkout:
    session = recorded("checkout_session_created.json")
    with responses.RequestsMock() as mock:
        mock.add(responses.POST, SESSIONS, json=session, status=200)
        answer = client.post(reverse("online:pay", args=[order.pk]))
        sent = mock.calls[0].request
    assert answer.status_code == 302 and answer["Location"] == session["url"]
    body = sent.body if isinstance(sent.body, str) else sent.body.decode()
    assert "line_items[0][price_data][unit_amount]=2198" in body
    assert f"client_reference_id={order.pk}" in body
    assert sent.headers["Authorization"] == "Bearer sk_test_4eC39HqLyjWDarjtT1zdp7dc"
    return Checkout.objects.get()


def _event(**session: Any) -> bytes:
    event = recorded("checkout_session_completed.json")
    event["data"]["object"].update(session)
    return json.dumps(event).encode()


def _deliver(client: Client, payload: bytes, signature: str | None = None) -> Any:
    return client.post(
        WEBHOOK,
        payload,
        content_type="application/json",
        headers={"Stripe-Signature": signature or signed(payload)},
    )


@pytest.mark.django_db
def test_off_by_default_no_button_and_no_webhook(client, order, person):
    client.force_login(person)
    page = client.get(reverse("billing:order-detail", args=[order.pk]))
    assert b"online:pay" not in page.content and reverse("online:pay", args=[order.pk]) not in (
        page.content.decode()
    )
    assert client.post(reverse("online:pay", args=[order.pk])).status_code == 404
    assert _deliver(Client(), _event()).status_code == 404


@pytest.mark.django_db
def test_a_member_pays_online_and_a_replayed_event_records_one_payment(
    client, online, order, person
):
    client.force_login(person)
    page = client.get(reverse("billing:order-detail", args=[order.pk]))
    assert reverse("online:pay", args=[order.pk]) in page.content.decode()
    checkout = _checkout(order, client)
    assert (checkout.amount_cents, checkout.status) == (2198, "open")
    stripe = Client()
    payload = _event()
    first = _deliver(stripe, payload)
    assert first.status_code == 200 and first.json()["outcome"] == "paid"
    again = _deliver(stripe, payload, signed(payload))  # Stripe retries the same event
    assert again.status_code == 200 and again.json()["outcome"] == "duplicate"
    order.refresh_from_db()
    assert order.status == Order.Status.PAID
    payment = Payment.objects.get()
    assert (payment.means, payment.amount_cents, payment.reference) == (
        "online",
        2198,
        "pi_3NG8Dt2eZvKYlo2C0YyG7Lho",
    )
    back = client.get(reverse("online:back", args=[order.pk]) + "?etat=paye", follow=True)
    assert back.status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize(
    "signature",
    [
        "",
        "t=1,v1=deadbeef",
        lambda p: signed(p, secret="whsec_someone_else"),
        lambda p: signed(p, at=int(time.time()) - 3600),  # an old delivery replayed
    ],
)
def test_a_notification_not_signed_by_stripe_is_refused(client, online, order, person, signature):
    client.force_login(person)
    _checkout(order, client)
    payload = _event()
    header = signature(payload) if callable(signature) else signature
    answer = Client().post(
        WEBHOOK, payload, content_type="application/json", headers={"Stripe-Signature": header}
    )
    assert answer.status_code == 400 and answer.json()["code"] == "signature_invalid"
    assert not Payment.objects.exists() and not ProviderEvent.objects.exists()


@pytest.mark.django_db
def test_never_more_than_what_is_due(client, online, order, person, concierge):
    """Paid at the desk meanwhile: the provider's payment is not counted on the order but
    kept, to be refunded; an amount that differs from the checkout's is not counted either."""
    client.force_login(person)
    checkout = _checkout(order, client)
    payment_record(order=order, means="cash", amount_cents=1000, by=concierge)
    answer = _deliver(Client(), _event())
    assert answer.json()["outcome"] == "rejected"
    checkout.refresh_from_db()
    assert checkout.status == "rejected" and "11,98" in checkout.note
    order.refresh_from_db()
    assert (order.received_cents, order.status) == (1000, Order.Status.PENDING)
    assert list(Payment.objects.values_list("means", flat=True)) == ["cash"]


@pytest.mark.django_db
def test_a_session_whose_amount_differs_is_not_counted(client, online, order, person):
    client.force_login(person)
    _checkout(order, client)
    payload = _event(amount_total=99999, id=Checkout.objects.get().session_id)
    assert _deliver(Client(), payload).json()["outcome"] == "rejected"
    assert not Payment.objects.exists()


@pytest.mark.django_db
def test_someone_elses_order_cannot_be_paid_online_by_me(client, online, order):
    from comptoir.community.tests.factories import PersonFactory

    client.force_login(PersonFactory())
    assert client.post(reverse("online:pay", args=[order.pk])).status_code == 404
    assert not Checkout.objects.exists()


@pytest.mark.django_db
def test_stripe_unreachable_is_a_clear_message(client, online, order, person):
    client.force_login(person)
    with responses.RequestsMock() as mock:
        mock.add(responses.POST, SESSIONS, json={"error": {"message": "down"}}, status=500)
        answer = client.post(reverse("online:pay", args=[order.pk]), follow=True)
    assert answer.status_code == 200
    assert "does not answer" in answer.content.decode() or "ne répond pas" in (
        answer.content.decode()
    )
    assert not Checkout.objects.exists()


@pytest.mark.concurrency
@pytest.mark.django_db(transaction=True)
def test_the_same_event_delivered_twice_at_once_records_one_payment(online, place, person):
    from comptoir.community.tests.factories import PersonFactory

    make_seller(place)
    order = make_order(place, PersonFactory(), person, line(2198))
    client = Client()
    client.force_login(Person.objects.get(pk=person.pk))
    _checkout(order, client)
    payload = _event()

    def deliver() -> Callable[[], str]:
        def job() -> str:
            return str(_deliver(Client(), payload).json()["outcome"])

        return job

    outcomes = sorted(at_once([deliver(), deliver()]))
    assert outcomes == ["duplicate", "paid"], outcomes
    assert Payment.objects.count() == 1
