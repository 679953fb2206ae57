"""The invoice page lists the invoice's credit notes, their amounts and what remains."""

from __future__ import annotations

import pytest
from django.urls import reverse

from comptoir.invoicing.services import credit_note_issue, invoice_issue
from comptoir.invoicing.tests.factories import line, make_order, make_seller

pytestmark = pytest.mark.django_db


@pytest.fixture
def invoice(place, concierge, person):
    make_seller(place)
    order = make_order(place, concierge, person, line(3333, 3, 2000), line(1055, 1, 550))
    return invoice_issue(order=order, by=concierge)


def page(client, invoice) -> str:
    response = client.get(
        reverse("invoicing:invoice-detail", args=[invoice.place.slug, invoice.number])
    )
    assert response.status_code == 200
    return response.content.decode()


def test_an_invoice_without_credit_note_shows_none(member_client, invoice):
    assert "Avoirs" not in page(member_client, invoice)


def test_the_credit_notes_are_listed_with_their_amounts(
    member_client, concierge_client, invoice, concierge
):
    thirds, _reduced = invoice.lines.order_by("position")
    first = credit_note_issue(
        invoice=invoice, by=concierge, reason="Une journée annulée", lines={thirds.pk: 1}
    )
    second = credit_note_issue(invoice=invoice, by=concierge, reason="Geste <commercial>")
    for client in (member_client, concierge_client):
        text = page(client, invoice)
        assert "Avoirs" in text and "Reste à créditer" in text
        assert first.number in text and second.number in text
        assert "Une journée annulée" in text
        assert "Geste &lt;commercial&gt;" in text
        assert "33,33" in text  # the first note
        assert "77,21" in text  # the second: 66,66 + 10,55
    assert first.total_cents + second.total_cents == invoice.total_cents == 11054
