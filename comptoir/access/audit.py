"""The audit verbs the access services write (stored as these strings)."""

from django.utils.translation import gettext_lazy as _

from comptoir.core.audit import AuditVerb


class Verb(AuditVerb):
    PLAN_CREATED = "plan.created", _("Offer created")
    PLAN_UPDATED = "plan.updated", _("Offer updated")
    PLAN_SOLD = "plan.sold", _("Offer sold")
    PLAN_BOUGHT = "plan.bought", _("Offer bought by the member, awaiting payment")
    PURCHASE_FULFILLED = "purchase.fulfilled", _("Member's purchase paid and handed over")
    SUBSCRIPTION_RENEWED = "subscription.renewed", _("Subscription renewed")
    SUBSCRIPTION_PAUSED = "subscription.paused", _("Subscription paused")
    SUBSCRIPTION_RESUMED = "subscription.resumed", _("Subscription resumed")
    SUBSCRIPTION_CANCELLED = (
        "subscription.cancelled",
        _("Subscription set to end at the end of the period"),
    )
    SUBSCRIPTION_UNCANCELLED = "subscription.uncancelled", _("Subscription continues")
    SUBSCRIPTION_ENDED = "subscription.ended", _("Subscription ended")
    TICKET_BOOK_CORRECTED = "ticket_book.corrected", _("Ticket balance corrected")
    TICKET_BOOK_REFUNDED = "ticket_book.refunded", _("Ticket refunded")
