"""The audit verbs the contributions' services write (stored as these strings)."""

from django.utils.translation import gettext_lazy as _

from comptoir.core.audit import AuditVerb


class Verb(AuditVerb):
    CONTRIBUTION_LOGGED = "contribution.logged", _("Contribution logged")
    CONTRIBUTION_REFUSED = "contribution.refused", _("Contribution refused")
    CONTRIBUTION_VALIDATED = "contribution.validated", _("Contribution validated")
    PRESTATION_CREATED = "prestation.created", _("Prestation recorded")
    PRESTATION_UPDATED = "prestation.updated", _("Prestation changed")
    PRESTATION_VALIDATED = "prestation.validated", _("Distribution statement validated")
