"""The invoicing API: issue an invoice from an order, list and read invoices, credit them,
record payments and refunds, list an order's payments; the desk acts, the buyer reads."""

from __future__ import annotations

import pytest

from comptoir.api.tests.conftest import assert_error
from comptoir.billing.models import Order
from comptoir.invoicing.models import CreditNote, Invoice, Payment
from comptoir.invoicing.services import invoice_issue
from comptoir.invoicing.tests.factories import line, make_order, make_seller

pytestmark = pytest.mark.django_db


@pytest.fixture
def order(place, concierge, person):
    make_seller(place)
    return make_order(place, concierge, person, line(2000, 3), line(1055, 1, 550))  # 70,55 €


def test_the_desk_issues_an_invoice_and_the_buyer_reads_it(concierge_api, member_api, order):
    response = concierge_api.post(f"/orders/{order.pk}/invoice", {"buyer_address": "3 rue Haute"})
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["order_id"], body["total_cents"], body["buyer_address"]) == (
        order.pk,
        7055,
        "3 rue Haute",
    )
    assert [(x["label"], x["quantity"]) for x in body["lines"]] == [
        ("Journée de coworking", 3),
        ("Journée de coworking", 1),
    ]
    assert {t["rate_bp"] for t in body["vat_totals"]} == {2000, 550}
    read = member_api.get(f"/invoices/{body['id']}")
    assert read.status_code == 200 and read.json()["number"] == body["number"]
    assert_error(concierge_api.post(f"/orders/{order.pk}/invoice", {}), 409, "already_invoiced")


def test_the_buyer_and_strangers_cannot_issue(member_api, other_concierge_api, order):
    assert_error(member_api.post(f"/orders/{order.pk}/invoice", {}), 403, "forbidden")
    assert_error(other_concierge_api.post(f"/orders/{order.pk}/invoice", {}), 404)
    assert not Invoice.objects.exists()


def test_a_place_without_invoicing_is_a_422(concierge_api, place, concierge, person):
    bare = make_order(place, concierge, person)
    assert_error(concierge_api.post(f"/orders/{bare.pk}/invoice", {}), 422, "no_legal_entity")


def test_the_place_lists_its_invoices_paged(concierge_api, member_api, place, concierge, person):
    make_seller(place)
    numbers = [
        invoice_issue(order=make_order(place, concierge, person), by=concierge).number
        for _ in range(3)
    ]
    response = concierge_api.get(f"/places/{place.slug}/invoices", limit=2)
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 3
    assert [i["number"] for i in body["items"]] == numbers[::-1][:2]
    assert_error(member_api.get(f"/places/{place.slug}/invoices"), 403)


def test_someone_elses_invoice_is_a_404(other_concierge_api, order, concierge):
    invoice = invoice_issue(order=order, by=concierge)
    assert_error(other_concierge_api.get(f"/invoices/{invoice.pk}"), 404)
    assert_error(other_concierge_api.get("/invoices/999999"), 404)


def test_a_partial_then_a_whole_credit_note(concierge_api, member_api, order, concierge):
    invoice = invoice_issue(order=order, by=concierge)
    days = invoice.lines.get(position=1)
    url = f"/invoices/{invoice.pk}/credit-notes"
    partial = concierge_api.post(
        url, {"reason": "Un jour annulé", "lines": [{"line_id": days.pk, "quantity": 1}]}
    )
    assert partial.status_code == 201, partial.content
    assert (partial.json()["total_cents"], partial.json()["invoice_id"]) == (2000, invoice.pk)
    whole = concierge_api.post(url, {"reason": "Tout annulé"})
    assert whole.status_code == 201 and whole.json()["total_cents"] == 5055
    assert_error(concierge_api.post(url, {"reason": "Encore"}), 409, "fully_credited")
    assert_error(member_api.post(url, {"reason": "Moi"}), 403)
    assert CreditNote.objects.count() == 2


@pytest.mark.parametrize(
    "body, code",
    [
        (
            {"reason": "X", "lines": [{"line_id": 999999, "quantity": 1}]},
            "not_a_line_of_the_invoice",
        ),
        ({"reason": "X", "lines": []}, "nothing_to_credit"),
        ({"reason": "   "}, "credit_reason_invalid"),
        ({"reason": "X", "lines": [{"line_id": 1, "quantity": 0}]}, None),
        ({"reason": "X", "extra": 1}, None),
    ],
)
def test_bad_credit_notes_are_422(concierge_api, order, concierge, body, code):
    invoice = invoice_issue(order=order, by=concierge)
    assert_error(concierge_api.post(f"/invoices/{invoice.pk}/credit-notes", body), 422, code)
    assert not CreditNote.objects.exists()


def test_payments_in_part_then_in_full_and_the_buyer_lists_them(concierge_api, member_api, order):
    url = f"/orders/{order.pk}/payments"
    first = concierge_api.post(url, {"means": "transfer", "amount_cents": 5000, "reference": "VIR"})
    assert first.status_code == 201, first.content
    assert (first.json()["amount_cents"], first.json()["means"]) == (5000, "transfer")
    body = assert_error(concierge_api.post(url, {"means": "cash", "amount_cents": 2056}), 422)
    assert body["code"] == "overpayment" and "20,55" in body["detail"]
    assert concierge_api.post(url, {"means": "cash", "amount_cents": 2055}).status_code == 201
    order.refresh_from_db()
    assert order.status == Order.Status.PAID
    listed = member_api.get(url)
    assert listed.status_code == 200
    assert [p["amount_cents"] for p in listed.json()] == [5000, 2055]
    assert_error(concierge_api.post(url, {"means": "cash", "amount_cents": 1}), 409, "order_closed")


@pytest.mark.parametrize(
    "body",
    [
        {"means": "troc", "amount_cents": 100},
        {"means": "cash", "amount_cents": 0},
        {"means": "cash", "amount_cents": -100},
        {"means": "cash", "amount_cents": 100, "received_on": "2999-01-01"},
        {"means": "cash", "amount_cents": 100, "reference": "x" * 101},
        {"means": "cash"},
    ],
)
def test_bad_payments_are_422_and_save_nothing(concierge_api, order, body):
    assert_error(concierge_api.post(f"/orders/{order.pk}/payments", body), 422)
    assert not Payment.objects.exists()


def test_a_payment_dated_tomorrow_is_refused(concierge_api, order):
    import datetime as dt

    from django.utils import timezone

    tomorrow = (timezone.localdate() + dt.timedelta(days=2)).isoformat()
    body = {"means": "cash", "amount_cents": 100, "received_on": tomorrow}
    assert_error(
        concierge_api.post(f"/orders/{order.pk}/payments", body), 422, "payment_date_invalid"
    )


def test_the_buyer_cannot_record_and_strangers_see_nothing(member_api, other_concierge_api, order):
    url = f"/orders/{order.pk}/payments"
    assert_error(member_api.post(url, {"means": "cash", "amount_cents": 100}), 403)
    assert_error(other_concierge_api.post(url, {"means": "cash", "amount_cents": 100}), 404)
    assert_error(other_concierge_api.get(url), 404)
    assert not Payment.objects.exists()


def test_a_refund_of_a_credit_note(concierge_api, order, concierge):
    concierge_api.post(f"/orders/{order.pk}/payments", {"means": "card", "amount_cents": 7055})
    invoice = invoice_issue(order=order, by=concierge)
    note = concierge_api.post(f"/invoices/{invoice.pk}/credit-notes", {"reason": "Annulé"}).json()
    url = f"/credit-notes/{note['id']}/refunds"
    refund = concierge_api.post(url, {"means": "transfer", "amount_cents": 7000})
    assert refund.status_code == 201, refund.content
    assert (refund.json()["amount_cents"], refund.json()["credit_note_id"]) == (-7000, note["id"])
    assert_error(
        concierge_api.post(url, {"means": "transfer", "amount_cents": 56}),
        422,
        "refund_exceeds_credit",
    )
