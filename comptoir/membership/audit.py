"""The audit verbs the membership services write (stored as these strings)."""

from django.utils.translation import gettext_lazy as _

from comptoir.core.audit import AuditVerb


class Verb(AuditVerb):
    SETTINGS_SET = "membership_settings.set", _("Membership settings changed")
    MEMBERSHIP_RECORDED = "membership.created", _("Membership recorded")
    SHARES_SUBSCRIBED = "shares.subscribed", _("Shares subscribed")
    SHARES_PAID = "shares.paid", _("Shares paid up")
    SHARES_TRANSFERRED = "shares.transferred", _("Shares transferred")
    SHARES_REDEEMED = "shares.redeemed", _("Shares redeemed")
