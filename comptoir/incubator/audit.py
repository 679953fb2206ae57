"""The audit verbs the incubator's services write (stored as these strings)."""

from django.utils.translation import gettext_lazy as _

from comptoir.core.audit import AuditVerb


class Verb(AuditVerb):
    CANVAS_SAVED = "incubation.canvas_saved", _("Saved a business model canvas")
    ITEM_ADDED = "incubation.item_added", _("Added a checklist item")
    ITEM_MOVED = "incubation.item_moved", _("Moved a checklist item")
    ITEM_REMOVED = "incubation.item_removed", _("Removed a checklist item")
    ITEM_RENAMED = "incubation.item_renamed", _("Changed a checklist item")
    ITEM_TICKED = "incubation.item_ticked", _("Ticked a checklist item")
    ITEM_UNTICKED = "incubation.item_unticked", _("Unticked a checklist item")
    MENTOR_ADDED = "incubation.mentor_added", _("Added a mentor")
    MENTOR_REMOVED = "incubation.mentor_removed", _("Removed a mentor")
    PROGRAMME_CREATED = "incubation.programme_created", _("Created an incubation programme")
    PROGRAMME_UPDATED = "incubation.programme_updated", _("Changed an incubation programme")
    STAGE_ADDED = "incubation.stage_added", _("Added a stage to a programme")
    STAGE_ADVANCED = "incubation.stage_advanced", _("Advanced an incubation stage")
    STAGE_MOVED = "incubation.stage_moved", _("Moved a stage of a programme")
    STAGE_REMOVED = "incubation.stage_removed", _("Removed a stage of a programme")
    STAGE_RENAMED = "incubation.stage_renamed", _("Changed a stage of a programme")
    STARTED = "incubation.started", _("Started an incubation")
