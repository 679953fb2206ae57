"""The audit verbs the billing services write (stored as these strings)."""

from django.utils.translation import gettext_lazy as _

from comptoir.core.audit import AuditVerb


class Verb(AuditVerb):
    ORDER_CREATED = "order.created", _("Sale recorded")
    PAYMENT_RECORDED = "payment.recorded", _("Payment recorded")
    RECEIPT_REFUNDED = "receipt.refunded", _("Money given back")
