"""Issuing a credit note from the invoice page: the place's concierges, in whole or per line."""

from __future__ import annotations

import pytest
from django.urls import reverse

from comptoir.invoicing.models import CreditNote
from comptoir.invoicing.services import invoice_issue
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
