"""The audit verbs the Give Box writes (stored as these strings)."""

from django.utils.translation import gettext_lazy as _

from comptoir.core.audit import AuditVerb


class Verb(AuditVerb):
    POSTED = "gift.posted", _("Object posted to the Give Box")
    RESERVED = "gift.reserved", _("Give Box object reserved")
    TAKEN = "gift.taken", _("Give Box object taken")
    HIDDEN = "gift.hidden", _("Give Box object hidden")
    SHOWN = "gift.shown", _("Give Box object shown again")
    REMOVED = "gift.removed", _("Give Box object removed")
    EXPIRED = "gift.expired", _("Give Box objects expired")
