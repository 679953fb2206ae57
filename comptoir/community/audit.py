"""The audit verbs the community's services write (stored as these strings)."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from comptoir.core.audit import AuditVerb


class Verb(AuditVerb):
    API_TOKEN_CREATED = "api_token.created", _("API token created")
    API_TOKEN_REVOKED = "api_token.revoked", _("API token revoked")
    ORGANIZATION_CREATED = "organization.created", _("Structure created")
    ORGANIZATION_UPDATED = "organization.updated", _("Structure updated")
    AFFILIATION_CREATED = "affiliation.created", _("Affiliation added")
    PERSON_CREATED = "person.created", _("Account created")
    PERSON_UPDATED = "person.updated", _("Profile updated")
    PERSON_SKILLS_SET = "person.skills_set", _("Skills updated")
    PERSON_ERASED = "person.erased", _("Personal data erased")
    ROLE_ASSIGNED = "role.assigned", pgettext_lazy("audit", "Role given")
    ROLE_ENDED = "role.ended", pgettext_lazy("audit", "Role ended")
    ROLE_WITHDRAWN = "role.withdrawn", pgettext_lazy("audit", "Role withdrawn")
