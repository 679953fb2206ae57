"""The audit verbs the roster's services write (stored as these strings)."""

from django.utils.translation import gettext_lazy as _

from comptoir.core.audit import AuditVerb


class Verb(AuditVerb):
    PATTERN_CREATED = "roster_pattern.created", _("Weekly shift created")
    PATTERN_ENDED = "roster_pattern.ended", _("Weekly shift ended")
    SHIFT_CREATED = "roster_shift.created", _("Shift created")
    SHIFT_CANCELLED = "roster_shift.cancelled", _("Shift cancelled")
    SHIFT_TAKEN = "roster_shift.taken", _("Shift taken")
    SHIFT_LEFT = "roster_shift.left", _("Shift left")
    SWAP_OFFERED = "roster_swap.offered", _("Shift swap offered")
    SWAP_ACCEPTED = "roster_swap.accepted", _("Shift swap accepted")
    SWAP_WITHDRAWN = "roster_swap.withdrawn", _("Shift swap withdrawn")
    HOURS_RECORDED = "roster_hours.recorded", _("Shift hours recorded as a contribution")
    GAP_ALERTED = "roster_gap.alerted", _("Roster gap alerted")
