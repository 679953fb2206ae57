"""The audit verbs the direct-debit services write (stored as these strings)."""

from django.utils.translation import gettext_lazy as _

from comptoir.core.audit import AuditVerb


class Verb(AuditVerb):
    CREDITOR_SET = "sepa_creditor.set", _("SEPA creditor details changed")
    MANDATE_SIGNED = "sepa_mandate.created", _("SEPA mandate recorded")
    MANDATE_REVOKED = "sepa_mandate.revoked", _("SEPA mandate revoked")
    BATCH_CREATED = "sepa_batch.created", _("Direct-debit batch prepared")
    DEBIT_RETURNED = "sepa_debit.returned", _("Direct debit returned unpaid")
