"""Issuing a credit note from the invoice page, in whole or per line, and paying one back:
the place's concierges."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from comptoir.invoicing.models import CreditNote
from comptoir.invoicing.services import credit_note_issue, invoice_issue
from comptoir.invoicing.services.payments import payment_record
from comptoir.invoicing.tests.factories import line, make_order, make_seller

pytestmark = pytest.mark.django_db


@pytest.fixture
def invoice(place, concierge, person):
    make_seller(place)
    order = make_order(place, concierge, person, line(2000, 3), line(500, 1, 550))
    return invoice_issue(order=order, by=concierge)


def url(invoice) -> str:
    return reverse("invoicing:credit-note-create", args=[invoice.place.slug, invoice.number])


def page(invoice) -> str:
    return reverse("invoicing:invoice-detail", args=[invoice.place.slug, invoice.number])


def test_the_concierge_sees_the_form_and_the_buyer_does_not(
    concierge_client, member_client, invoice
):
    assert "Émettre un avoir" in concierge_client.get(page(invoice)).content.decode()
    assert "Émettre un avoir" not in member_client.get(page(invoice)).content.decode()


def test_a_partial_credit_note_per_line(concierge_client, invoice):
    days = invoice.lines.get(position=1)
    response = concierge_client.post(
        url(invoice), {"reason": "Une journée annulée", f"line_{days.pk}": "1"}
    )
    assert response.status_code == 302 and response.url == page(invoice)
    note = CreditNote.objects.get()
    assert (note.total_cents, note.lines.get().quantity) == (2000, 1)


def test_a_whole_credit_note_over_htmx(concierge_client, invoice):
    response = concierge_client.post(
        url(invoice), {"reason": "Annulée", "whole": "on"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert text.lstrip().startswith('<div id="credit-notes">')
    assert CreditNote.objects.get().total_cents == invoice.total_cents
    assert "Émettre un avoir" not in text  # nothing remains to credit


def test_nothing_chosen_or_too_much_is_refused(concierge_client, invoice):
    days = invoice.lines.get(position=1)
    assert concierge_client.post(url(invoice), {"reason": "Rien"}).status_code == 422
    too_many = concierge_client.post(url(invoice), {"reason": "Trop", f"line_{days.pk}": "4"})
    assert too_many.status_code == 422
    assert concierge_client.post(url(invoice), {"whole": "on"}).status_code == 422
    assert not CreditNote.objects.exists()


def test_the_buyer_gets_a_403(member_client, invoice):
    assert member_client.post(url(invoice), {"reason": "X", "whole": "on"}).status_code == 403
    assert not CreditNote.objects.exists()


def refund_url(note) -> str:
    return reverse("invoicing:refund-create", args=[note.pk])


@pytest.fixture
def note(invoice, concierge):
    payment_record(order=invoice.order, means="card", amount_cents=6500, by=concierge)
    days = invoice.lines.get(position=1)
    return credit_note_issue(invoice=invoice, by=concierge, reason="Annulé", lines={days.pk: 1})


def refund(note, **fields):
    data = {"means": "transfer", "amount": "15.00", "reference": "VIR 9"} | fields
    return {f"refund-{note.pk}-{name}": value for name, value in data.items()}


def test_the_concierge_refunds_a_credit_note(concierge_client, note, invoice):
    text = concierge_client.get(page(invoice)).content.decode()
    assert f"Rembourser l’avoir {note.number}" in text
    response = concierge_client.post(refund_url(note), refund(note))
    assert response.status_code == 302 and response.url == page(invoice)
    paid_back = note.refunds.get()
    assert (paid_back.amount_cents, paid_back.means) == (-1500, "transfer")
    again = concierge_client.post(
        refund_url(note), refund(note, amount="5.01"), HTTP_HX_REQUEST="true"
    )
    assert again.status_code == 422
    assert (
        f"Il ne reste que 5,00\xa0€ à rembourser sur l’avoir {note.number}."
        in again.content.decode()
    )
    done = concierge_client.post(refund_url(note), refund(note, amount="5"), HTTP_HX_REQUEST="true")
    assert done.status_code == 200 and "Remboursement P" in done.content.decode()
    assert f"Rembourser l’avoir {note.number}" not in done.content.decode()


def test_the_buyer_cannot_refund_and_strangers_get_a_404(member_client, note, other_concierge):
    assert member_client.post(refund_url(note), refund(note)).status_code == 403
    stranger = Client()
    stranger.force_login(other_concierge)
    assert stranger.post(refund_url(note), refund(note)).status_code == 404
    assert not note.refunds.exists()
