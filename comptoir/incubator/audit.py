"""The audit verbs the incubator's services write (stored as these strings).
Their labels are in `core.audit.VERB_LABELS`."""

from enum import StrEnum


class Verb(StrEnum):
    CANVAS_SAVED = "incubation.canvas_saved"
    ITEM_ADDED = "incubation.item_added"
    ITEM_MOVED = "incubation.item_moved"
    ITEM_REMOVED = "incubation.item_removed"
    ITEM_RENAMED = "incubation.item_renamed"
    ITEM_TICKED = "incubation.item_ticked"
    ITEM_UNTICKED = "incubation.item_unticked"
    MENTOR_ADDED = "incubation.mentor_added"
    MENTOR_REMOVED = "incubation.mentor_removed"
    PROGRAMME_CREATED = "incubation.programme_created"
    PROGRAMME_UPDATED = "incubation.programme_updated"
    STAGE_ADDED = "incubation.stage_added"
    STAGE_ADVANCED = "incubation.stage_advanced"
    STAGE_MOVED = "incubation.stage_moved"
    STAGE_REMOVED = "incubation.stage_removed"
    STAGE_RENAMED = "incubation.stage_renamed"
    STARTED = "incubation.started"
