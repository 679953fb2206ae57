"""The audit verbs of online payment (stored as these strings)."""

from django.utils.translation import gettext_lazy as _

from comptoir.core.audit import AuditVerb


class Verb(AuditVerb):
    CHECKOUT_STARTED = "online_checkout.started", _("Online payment started")
    CHECKOUT_PAID = "online_checkout.paid", _("Online payment received")
    CHECKOUT_REJECTED = "online_checkout.rejected", _("Online payment not recorded")
    CHECKOUT_REFUNDED = "online_checkout.refunded", _("Online payment refunded")
