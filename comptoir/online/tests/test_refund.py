"""Refunding an online payment: the place's concierges and treasurers pay back all or some
lines of it through Stripe (Stripe's API answered by the refund object Stripe publishes,
never the network); the refund is a credit note and a negative online payment in the
ledger, never more than was paid online, even when two refunds are asked at once."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qs

import pytest
import responses
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from comptoir.community.models import Person, Role
from comptoir.community.tests.factories import PersonFactory, PlaceRoleFactory
from comptoir.core.models import AuditEvent
from comptoir.core.tests.races import at_once
from comptoir.invoicing.models import CreditNote, Invoice, Payment
from comptoir.invoicing.services.payments import payment_record
from comptoir.invoicing.tests.factories import line, make_order, make_seller
from comptoir.online import services
from comptoir.online.models import Checkout, OnlineRefund
from comptoir.online.tests.test_stripe import _event, recorded, signed

REFUNDS = "https://api.stripe.com/v1/refunds"
INTENT = "pi_3NG8Dt2eZvKYlo2C0YyG7Lho"
pytestmark = pytest.mark.usefixtures("online")


@pytest.fixture
def online(settings):
    settings.ONLINE_PAYMENT_PROVIDER = "stripe"
    settings.STRIPE_SECRET_KEY = "sk_test_4eC39HqLyjWDarjtT1zdp7dc"
    settings.STRIPE_WEBHOOK_SECRET = "whsec_test_5f0c1d2e3a4b"
    settings.STRIPE_API_BASE = ""


def paid_online(order: Any, amount: int) -> Checkout:
    """A checkout for `amount`, paid: Stripe's recorded event delivered to the webhook."""
    session = recorded("checkout_session_completed.json")["data"]["object"]
    checkout = Checkout.objects.create(
        order=order, provider="stripe", session_id=session["id"], amount_cents=amount
    )
    payload = _event(amount_total=amount)
    assert services.webhook_receive(payload=payload, signature=signed(payload)) == "paid"
    checkout.refresh_from_db()
    return checkout


def stripe_refunds(mock: responses.RequestsMock, *, status: int = 200) -> list[dict]:
    """Stripe's refund endpoint answering the recorded refund for the amount asked."""
    asked: list[dict] = []

    def answer(request: Any) -> tuple[int, dict, str]:
        form = {k: v[0] for k, v in parse_qs(request.body).items()}
        asked.append(form)
        if status != 200:
            error = {"error": {"type": "invalid_request_error", "code": "charge_disputed"}}
            return status, {}, json.dumps(error)
        # Stripe's own refund object; what this refund asked for is put into it.
        body = recorded("refund_created.json")
        body.update(
            amount=int(form["amount"]),
            currency="eur",
            payment_intent=form["payment_intent"],
            id=f"re_test_{len(asked)}_{form['amount']}",
        )
        return 200, {}, json.dumps(body)

    mock.add_callback(responses.POST, REFUNDS, callback=answer, content_type="application/json")
    return asked


@pytest.fixture
def treasurer(place):
    who = PersonFactory(first_name="Théo", last_name="Trésorier")
    PlaceRoleFactory(person=who, place=place, role=Role.TREASURER)
    return who


@pytest.fixture
def books(place, concierge, person):
    """Two day passes of 15 € bought online by the member."""
    make_seller(place)
    order = make_order(place, concierge, person, line(1500, 2))
    return paid_online(order, 3000)


def page(place, checkout) -> str:
    return reverse("online:refund", args=[place.slug, checkout.pk])


@pytest.mark.django_db
def test_a_treasurer_refunds_one_line_then_the_rest(client, place, treasurer, books):
    client.force_login(treasurer)
    listing = client.get(reverse("online:payments", args=[place.slug]))
    assert listing.status_code == 200 and page(place, books) in listing.content.decode()
    with responses.RequestsMock() as mock:
        asked = stripe_refunds(mock)
        first = client.post(page(place, books), {"reason": "Une journée annulée", "line_1": "1"})
        assert first.status_code == 302
        rest = client.post(page(place, books), {"reason": "Tout annulé", "whole": "on"})
        assert rest.status_code == 302
    assert [(a["payment_intent"], a["amount"]) for a in asked] == [
        (INTENT, "1500"),
        (INTENT, "1500"),
    ]
    books.refresh_from_db()
    assert books.refunded_cents == 3000 and books.refundable_cents == 0
    invoice = Invoice.objects.get(order=books.order)  # issued by the first refund
    notes = list(CreditNote.objects.filter(invoice=invoice).order_by("pk"))
    assert [n.total_cents for n in notes] == [1500, 1500]
    refunds = list(Payment.objects.filter(amount_cents__lt=0).order_by("pk"))
    assert [(p.means, p.amount_cents, p.credit_note_id) for p in refunds] == [
        ("online", -1500, notes[0].pk),
        ("online", -1500, notes[1].pk),
    ]
    assert all(p.number.startswith("P") for p in refunds)
    assert list(OnlineRefund.objects.values_list("provider_refund_id", flat=True)) == [
        "re_test_2_1500",
        "re_test_1_1500",
    ]
    assert AuditEvent.objects.filter(verb="online_checkout.refunded").count() == 2
    shown = client.get(page(place, books)).content.decode()
    assert notes[0].number in shown and "re_test_1_1500" in shown
    # Nothing remains: asked again, a clear refusal and nothing asked of Stripe.
    again = client.post(page(place, books), {"reason": "Encore", "whole": "on"})
    assert again.status_code == 422
    assert CreditNote.objects.count() == 2


@pytest.mark.django_db
@pytest.mark.parametrize(
    "data",
    [
        {"reason": "", "whole": "on"},
        {"reason": "Trop", "line_1": "3"},
        {"reason": "Rien", "line_1": "0"},
        {"reason": "Moins", "line_1": "-1"},
        {"reason": "Texte", "line_1": "un"},
        {"reason": "x" * 501, "whole": "on"},
    ],
)
def test_bad_input_is_a_clear_422_and_nothing_is_kept(client, place, concierge, books, data):
    client.force_login(concierge)
    answer = client.post(page(place, books), data)  # Stripe is never asked (no mock)
    assert answer.status_code == 422
    assert 'class="errorlist' in answer.content.decode() or "error" in answer.content.decode()
    assert not CreditNote.objects.exists() and not Invoice.objects.exists()
    assert Payment.objects.count() == 1


@pytest.mark.django_db
def test_stripe_refusing_keeps_nothing(client, place, treasurer, books):
    client.force_login(treasurer)
    with responses.RequestsMock() as mock:
        stripe_refunds(mock, status=400)
        answer = client.post(page(place, books), {"reason": "Annulé", "whole": "on"})
    assert answer.status_code == 422
    text = answer.content.decode()
    assert "ne répond pas" in text or "does not answer" in text
    books.refresh_from_db()
    assert books.refunded_cents == 0
    assert not CreditNote.objects.exists() and not Invoice.objects.exists()
    assert not OnlineRefund.objects.exists() and Payment.objects.count() == 1


@pytest.mark.django_db
def test_who_may_refund(client, place, sister_place, person, books):
    refund = page(place, books)
    client.force_login(person)  # the buyer, a member
    assert client.get(refund).status_code == 403
    assert client.get(reverse("online:payments", args=[place.slug])).status_code == 403
    other = PersonFactory()
    PlaceRoleFactory(person=other, place=sister_place, role=Role.TREASURER)
    client.force_login(other)
    assert client.get(refund).status_code == 403
    assert client.get(page(sister_place, books)).status_code in (403, 404)
    client.logout()
    assert client.get(refund).status_code == 302


@pytest.mark.django_db
def test_the_pages_read_a_fixed_number_of_queries(client, place, treasurer, books):
    client.force_login(treasurer)
    with CaptureQueriesContext(connection) as listing:
        client.get(reverse("online:payments", args=[place.slug]))
    with CaptureQueriesContext(connection) as refund:
        client.get(page(place, books))
    assert len(listing) <= 12 and len(refund) <= 12, (len(listing), len(refund))


@pytest.mark.concurrency
@pytest.mark.django_db(transaction=True)
def test_two_refunds_at_once_never_exceed_what_was_paid_online(place, concierge, person):
    """Half paid at the desk, half online: the invoice could credit both passes, but only
    15 € came online, so of two refunds of one pass asked at once, one is made."""
    make_seller(place)
    order = make_order(place, concierge, person, line(1500, 2))
    payment_record(order=order, means="cash", amount_cents=1500, by=concierge)
    checkout = paid_online(order, 1500)
    by_id = concierge.pk

    def refund() -> Callable[[], str]:
        def job() -> str:
            by = Person.objects.get(pk=by_id)
            done = services.checkout_refund(
                checkout=checkout, reason="Annulé", by=by, quantities={1: 1}
            )
            return f"ok {done.amount_cents}"

        return job

    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        asked = stripe_refunds(mock)
        outcomes = sorted(at_once([refund(), refund()]))
    assert outcomes[1] == "ok 1500", outcomes
    assert "RefundExceedsPaidOnline" in outcomes[0], outcomes
    checkout.refresh_from_db()
    assert checkout.refunded_cents == 1500
    assert OnlineRefund.objects.count() == 1 and CreditNote.objects.count() == 1
    assert len(asked) == 1


@pytest.mark.django_db
def test_with_online_payment_off_nothing_is_asked_of_stripe(client, settings, place, treasurer):
    make_seller(place)
    order = make_order(place, treasurer, treasurer, line(1500))
    checkout = paid_online(order, 1500)
    settings.ONLINE_PAYMENT_PROVIDER = ""
    client.force_login(treasurer)
    shown = client.get(page(place, checkout))
    text = shown.content.decode()
    assert shown.status_code == 200 and 'name="reason"' not in text  # no refund form
    answer = client.post(page(place, checkout), {"reason": "Annulé", "whole": "on"})
    assert answer.status_code == 422 and not CreditNote.objects.exists()
