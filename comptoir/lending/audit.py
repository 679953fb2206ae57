"""The audit verbs the library of things writes (stored as these strings)."""

from django.utils.translation import gettext_lazy as _

from comptoir.core.audit import AuditVerb


class Verb(AuditVerb):
    ITEM_CREATED = "lending_item.created", _("Lendable item added")
    ITEM_UPDATED = "lending_item.updated", _("Lendable item changed")
    LOAN_RESERVED = "loan.reserved", _("Item reserved")
    LOAN_CHECKED_OUT = "loan.checked_out", _("Item handed over")
    LOAN_RETURNED = "loan.returned", _("Item returned")
    LOAN_CANCELLED = "loan.cancelled", _("Item reservation cancelled")
    LOAN_REMINDED = "loan.reminded", _("Loan reminder sent")
    DAMAGE_NOTED = "lending_damage.noted", _("Damage noted on an item")
