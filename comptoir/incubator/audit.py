"""The audit verbs the incubator's services write (stored as these strings).
Their labels are in `core.audit.VERB_LABELS`."""

from enum import StrEnum


class Verb(StrEnum):
    CANVAS_SAVED = "incubation.canvas_saved"
    ITEM_TICKED = "incubation.item_ticked"
    ITEM_UNTICKED = "incubation.item_unticked"
    MENTOR_ADDED = "incubation.mentor_added"
    MENTOR_REMOVED = "incubation.mentor_removed"
    PROGRAMME_CREATED = "incubation.programme_created"
    STAGE_ADVANCED = "incubation.stage_advanced"
    STARTED = "incubation.started"
