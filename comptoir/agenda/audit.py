"""The audit verbs the agenda's services write (stored as these strings)."""

from django.utils.translation import gettext_lazy as _

from comptoir.core.audit import AuditVerb


class Verb(AuditVerb):
    EVENT_CANCELLED = "event.cancelled", _("Event cancelled")
    EVENT_CREATED = "event.created", _("Event scheduled")
    EVENT_UPDATED = "event.updated", _("Event changed")
    REGISTRATION_CANCELLED = "registration.cancelled", _("Registration cancelled")
    REGISTRATION_CLAIMED = (
        "registration.claimed",
        _("Registration made with a member's email taken over by the member"),
    )
    REGISTRATION_CREATED = "registration.created", _("Registration to an event")
    REGISTRATION_MARKED = "registration.marked", _("Attendance marked")
    REGISTRATION_PROMOTED = "registration.promoted", _("Promoted from an event's waitlist")
    REGISTRATION_PUBLIC_RECORDED = (
        "registration.public_recorded",
        _("Public recorded (with consent)"),
    )
    REGISTRATION_CONTACTS_PURGED = (
        "registration.contacts_purged",
        _("Guests' contacts purged after the retention period"),
    )
    REGISTRATION_WALK_IN = "registration.walk_in", _("Walk-in added to an event")
