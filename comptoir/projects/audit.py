"""The audit verbs the projects' services write (stored as these strings).
Their labels are in `core.audit.VERB_LABELS`."""

from enum import StrEnum


class Verb(StrEnum):
    JOURNAL_ENTRY_CREATED = "journal_entry.created"
    NEED_ANSWERED = "need.answered"
    NEED_CLOSED = "need.closed"
    NEED_CREATED = "need.created"
    NEED_UPDATED = "need.updated"
    PROJECT_CREATED = "project.created"
    PROJECT_UPDATED = "project.updated"
    MEMBER_ADDED = "project_member.added"
    MEMBER_REMOVED = "project_member.removed"
    MEMBER_ROLE_SET = "project_member.role_set"
