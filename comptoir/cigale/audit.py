"""The audit verbs the Cigale services write (stored as these strings)."""

from django.utils.translation import gettext_lazy as _

from comptoir.core.audit import AuditVerb


class Verb(AuditVerb):
    CLUB_CREATED = "cigale.created", _("Cigale club founded")
    MEMBER_JOINED = "cigale.member_joined", _("Member joined a Cigale")
    PLEDGE_SET = "cigale.pledge", _("Monthly savings pledge set")
    ENTRY_RECORDED = "cigale.entry", _("Cigale fund movement recorded")
    INVESTMENT_PROPOSED = "cigale.investment_proposed", _("Investment proposed to a Cigale")
    INVESTMENT_MADE = "cigale.investment_made", _("Cigale investment made")
    CLUB_DISSOLVED = "cigale.dissolved", _("Cigale dissolved, fund shared")
