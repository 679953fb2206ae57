"""The audit verbs the contributions' services write (stored as these strings).
Their labels are in `core.audit.VERB_LABELS`."""

from enum import StrEnum


class Verb(StrEnum):
    CONTRIBUTION_LOGGED = "contribution.logged"
    CONTRIBUTION_REFUSED = "contribution.refused"
    CONTRIBUTION_VALIDATED = "contribution.validated"
    PRESTATION_CREATED = "prestation.created"
    PRESTATION_UPDATED = "prestation.updated"
    PRESTATION_VALIDATED = "prestation.validated"
