"""The audit verbs the economy services write (stored as these strings)."""

from django.utils.translation import gettext_lazy as _

from comptoir.core.audit import AuditVerb


class Verb(AuditVerb):
    INCOME_RECORDED = "other_income.recorded", _("Other income recorded")
    INCOME_CHANGED = "other_income.changed", _("Other income changed")
    INCOME_DELETED = "other_income.deleted", _("Other income deleted")
    BUDGET_SET = "budget.set", _("Budget set")
    SETTLEMENT_INVOICED = "settlement.invoiced", _("Network settlement invoiced")
