"""The audit verbs the news services write (stored as these strings)."""

from django.utils.translation import gettext_lazy as _

from comptoir.core.audit import AuditVerb


class Verb(AuditVerb):
    ANNOUNCEMENT_PUBLISHED = "announcement.published", _("Announcement published")
    ANNOUNCEMENT_DELETED = "announcement.deleted", _("Announcement deleted")
