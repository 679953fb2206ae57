"""Reminders of unpaid invoices, 7 and 30 days after their due date, each sent once; the
buyer of an invoice paid or credited in full, or without an email, is not reminded."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core import mail

from comptoir.community.tests.factories import OrganizationFactory, PersonFactory
from comptoir.core.tests.races import at_once
from comptoir.invoicing.models import InvoiceReminder
from comptoir.invoicing.services import credit_note_issue, invoice_issue
from comptoir.invoicing.services.payments import payment_record
from comptoir.invoicing.services.reminders import reminders_send_due
from comptoir.invoicing.tests.factories import line, make_order, make_seller

pytestmark = pytest.mark.django_db


@pytest.fixture
def send(django_capture_on_commit_callbacks: Any) -> Any:
    def run(day: dt.date) -> int:
        with django_capture_on_commit_callbacks(execute=True):
            return reminders_send_due(today=day)

    return run


@pytest.fixture
def invoice(place, concierge, person):
    make_seller(place)
    order = make_order(place, concierge, person, line(4000))
    return invoice_issue(order=order, by=concierge)


def after(invoice, days: int) -> dt.date:
    return invoice.due_date + dt.timedelta(days=days)


def test_reminded_at_7_then_at_30_days_once_each(send, invoice, person):
    assert send(after(invoice, 6)) == 0
    assert send(after(invoice, 7)) == 1
    assert send(after(invoice, 8)) == 0  # the next day: already sent
    assert send(after(invoice, 29)) == 0
    assert send(after(invoice, 30)) == 1
    assert send(after(invoice, 45)) == 0
    assert [m.to for m in mail.outbox] == [[person.email], [person.email]]
    assert sorted(InvoiceReminder.objects.values_list("kind", flat=True)) == ["30", "7"]
    message = mail.outbox[0]
    assert invoice.number in message.subject
    assert "40,00" in message.body and invoice.number in message.body
    assert "/profil/compte/" in message.body


def test_first_seen_30_days_late_only_the_30_day_reminder(send, invoice):
    assert send(after(invoice, 31)) == 1
    assert list(InvoiceReminder.objects.values_list("kind", flat=True)) == ["30"]
    assert send(after(invoice, 32)) == 0


def test_written_in_the_buyers_language(send, invoice, person):
    person.preferred_language = "en"
    person.save(update_fields=["preferred_language"])
    send(after(invoice, 7))
    assert mail.outbox[0].subject == f"Reminder: invoice {invoice.number} is unpaid"
    assert "remain to be paid" in mail.outbox[0].body


def test_in_french_by_default(send, invoice):
    send(after(invoice, 7))
    assert mail.outbox[0].subject == f"Relance : la facture {invoice.number} n’est pas réglée"
    assert "Il reste 40,00" in mail.outbox[0].body


def test_paid_or_credited_invoices_are_not_reminded(send, invoice, concierge, place, person):
    payment_record(order=invoice.order, means="cash", amount_cents=4000, by=concierge)
    other = invoice_issue(order=make_order(place, concierge, person, line(1000)), by=concierge)
    credit_note_issue(invoice=other, by=concierge, reason="Annulée")
    assert send(after(invoice, 7)) == 0 and mail.outbox == []


def test_a_partly_paid_invoice_is_reminded_of_what_remains(send, invoice, concierge):
    payment_record(order=invoice.order, means="cash", amount_cents=1500, by=concierge)
    assert send(after(invoice, 7)) == 1
    assert "25,00" in mail.outbox[0].body


def test_a_buyer_without_an_email_is_skipped(send, place, concierge):
    make_seller(place)
    nobody = PersonFactory(email="")
    order = make_order(place, concierge, nobody, line(1000))
    invoice = invoice_issue(order=order, by=concierge)
    assert send(after(invoice, 7)) == 0
    assert not InvoiceReminder.objects.exists()


def test_a_structures_invoice_links_its_statement(send, place, concierge, person):
    make_seller(place)
    structure = OrganizationFactory()
    order = make_order(place, concierge, person, line(1000), buyer_organization=structure)
    invoice = invoice_issue(order=order, by=concierge)
    send(after(invoice, 7))
    assert f"/structures/{structure.slug}/compte/" in mail.outbox[0].body


@pytest.mark.concurrency
@pytest.mark.django_db(transaction=True)
def test_two_runs_at_once_send_one_email(place, concierge, person):
    make_seller(place)
    invoice = invoice_issue(order=make_order(place, concierge, person, line(4000)), by=concierge)
    day = after(invoice, 7)
    outcomes = at_once([lambda: str(reminders_send_due(today=day)) for _ in range(2)])
    assert sorted(outcomes) == ["0", "1"], outcomes
    assert len(mail.outbox) == 1
    assert InvoiceReminder.objects.count() == 1
