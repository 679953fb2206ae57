"""The audit verbs the exchange board's services write (stored as these strings)."""

from django.utils.translation import gettext_lazy as _

from comptoir.core.audit import AuditVerb


class Verb(AuditVerb):
    POST_CREATED = "exchange_post.created", _("Offer or request posted")
    POST_CLOSED = "exchange_post.closed", _("Offer or request closed")
    POST_EXPIRED = "exchange_post.expired", _("Offers and requests expired")
    REPLY_CREATED = "exchange_reply.created", _("Reply to an offer or request")
    ALERTS_SET = "exchange_alerts.set", _("Skill alerts switched on or off")
