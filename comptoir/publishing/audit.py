"""The audit verbs the publishing services write (stored as these strings)."""

from django.utils.translation import gettext_lazy as _

from comptoir.core.audit import AuditVerb


class Verb(AuditVerb):
    PRESS_ADDED = "documentation.press_added", _("Press item added")
    PRESS_REMOVED = "documentation.press_removed", _("Press item removed")
    RESOURCE_ADDED = "documentation.resource_added", _("Shared resource added")
    RESOURCE_REMOVED = "documentation.resource_removed", _("Shared resource removed")
    SECTION_SAVED = "documentation.section_saved", _("Documentation section saved")
    PAGE_SAVED = "documentation.page_saved", _("Documentation page of minutes saved")
