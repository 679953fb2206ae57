"""The audit verbs the incubator's services write (stored as these strings)."""

from django.utils.translation import gettext_lazy as _

from comptoir.core.audit import AuditVerb


class Verb(AuditVerb):
    CANVAS_SAVED = "incubation.canvas_saved", _("Saved a business model canvas")
    ITEM_TICKED = "incubation.item_ticked", _("Ticked a checklist item")
    ITEM_UNTICKED = "incubation.item_unticked", _("Unticked a checklist item")
    MENTOR_ADDED = "incubation.mentor_added", _("Added a mentor")
    MENTOR_REMOVED = "incubation.mentor_removed", _("Removed a mentor")
    PROGRAMME_CREATED = "incubation.programme_created", _("Created an incubation programme")
    STAGE_ADVANCED = "incubation.stage_advanced", _("Advanced an incubation stage")
    STARTED = "incubation.started", _("Started an incubation")
