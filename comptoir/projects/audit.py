"""The audit verbs the projects' services write (stored as these strings)."""

from django.utils.translation import gettext_lazy as _

from comptoir.core.audit import AuditVerb


class Verb(AuditVerb):
    JOURNAL_ENTRY_CREATED = "journal_entry.created", _("Project journal entry added")
    NEED_ANSWERED = "need.answered", _("Offer of help on a need")
    NEED_CLOSED = "need.closed", _("Need closed")
    NEED_CREATED = "need.created", _("Need published")
    NEED_UPDATED = "need.updated", _("Need updated")
    PROJECT_CREATED = "project.created", _("Project created")
    PROJECT_UPDATED = "project.updated", _("Project updated")
    MEMBER_ADDED = "project_member.added", _("Project member added")
    MEMBER_REMOVED = "project_member.removed", _("Project member removed")
    MEMBER_ROLE_SET = "project_member.role_set", _("Project member's role changed")
