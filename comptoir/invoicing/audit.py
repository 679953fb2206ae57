"""The audit verbs the invoicing services write (stored as these strings)."""

from django.utils.translation import gettext_lazy as _

from comptoir.core.audit import AuditVerb


class Verb(AuditVerb):
    INVOICE_ISSUED = "invoice.issued", _("Invoice issued")
    CREDIT_NOTE_ISSUED = "credit_note.issued", _("Credit note issued")
    PAYMENT_RECEIVED = "payment.received", _("Payment received")
    PAYMENT_REFUNDED = "payment.refunded", _("Refund paid")
    PAYMENT_RETURNED = "payment.returned", _("Direct debit returned unpaid")
    PERIOD_CLOSED = "period.closed", _("Accounting period closed")
    CHART_UPDATED = "chart_of_accounts.updated", _("Chart of accounts changed")
