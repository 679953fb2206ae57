"""Reminders of unpaid invoices, 7 and 30 days after their due date, each sent once: the
InvoiceReminder row (unique per invoice and kind) is inserted in the transaction whose
commit sends the email, so a second run, even at the same moment, fails to insert it and
sends nothing."""

from __future__ import annotations

import datetime as dt
import logging

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from comptoir.core.email import Recipient, absolute_url, send_email
from comptoir.invoicing import reminder_selectors
from comptoir.invoicing.models import Invoice, InvoiceReminder, ReminderKind

logger = logging.getLogger(__name__)
TEMPLATE = "invoicing/email/invoice_reminder"


def reminders_send_due(*, today: dt.date | None = None) -> int:
    """Send the reminders due today; returns how many were sent. An invoice first found
    30 days late gets the 30-day reminder only."""
    today = today or timezone.localdate()
    sent = 0
    for due in reminder_selectors.reminders_due(today=today):
        recipient = _recipient(due.invoice)
        if recipient is None:  # a buyer without an email: nobody to remind
            continue
        try:
            sent += _send_once(due.invoice, due.kind, due.due_cents, recipient)
        except Exception:  # one failure must not stop the others; retried next run
            logger.exception("Reminder %s of invoice %s not sent", due.kind, due.invoice.pk)
    return sent


def _recipient(invoice: Invoice) -> Recipient | None:
    order = invoice.order
    if order.buyer is not None and order.buyer.email:
        return Recipient.of(order.buyer)
    return Recipient(order.buyer_email) if order.buyer_email else None


def _send_once(invoice: Invoice, kind: ReminderKind, due_cents: int, to: Recipient) -> int:
    try:
        with transaction.atomic():
            InvoiceReminder.objects.create(
                invoice=invoice, kind=kind, sent_to=to.email, sent_at=timezone.now()
            )
            send_email(TEMPLATE, to, _context(invoice, kind, due_cents))
    except IntegrityError:  # another run sent it
        return 0
    return 1


def _context(invoice: Invoice, kind: ReminderKind, due_cents: int) -> dict[str, object]:
    order = invoice.order
    return {
        "invoice": invoice,
        "buyer_name": order.buyer_name,
        "place_name": invoice.place.name,
        "days": int(kind),
        "due_cents": due_cents,
        "invoice_url": absolute_url(
            reverse("invoicing:invoice-detail", args=[invoice.place.slug, invoice.number])
        ),
        "statement_url": absolute_url(_statement_path(invoice)),
    }


def _statement_path(invoice: Invoice) -> str:
    organization = invoice.order.buyer_organization
    if organization is not None:
        return reverse("invoicing:organization-statement", args=[organization.slug])
    return reverse("invoicing:my-statement")
