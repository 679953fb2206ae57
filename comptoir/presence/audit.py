"""The audit verbs the presence services write (stored as these strings)."""

from django.utils.translation import gettext_lazy as _

from comptoir.core.audit import AuditVerb


class Verb(AuditVerb):
    VISIT_CHECKED_IN = "visit.checked_in", _("Checked in")
    VISIT_CHECKED_OUT = "visit.checked_out", _("Checked out")
    VISIT_OVERRIDE = "visit.override", _("Let in by a concierge (override)")
    CARD_REPLACED = "card.replaced", _("Replaced their member card (the old one is revoked)")
