"""The audit verbs the bookings' services write (stored as these strings)."""

from django.utils.translation import gettext_lazy as _

from comptoir.core.audit import AuditVerb


class Verb(AuditVerb):
    BOOKING_CREATED = "booking.created", _("Booking made")
    BOOKING_CANCELLED = "booking.cancelled", _("Booking cancelled")
    BOOKING_MOVED = "booking.moved", _("Booking moved")
    BOOKING_SERIES_CREATED = "booking.series_created", _("Recurring booking made")
    QUALIFICATION_GRANTED = "qualification.granted", _("Training granted")
    TRAINING_REQUESTED = "training.requested", _("Training asked for")
    TRAINING_REQUEST_DECLINED = "training.request_declined", _("Training request declined")
    RESOURCE_CREATED = "resource.created", _("Bookable resource added")
    RESOURCE_UPDATED = "resource.updated", _("Booking rules changed")
    CALENDAR_FEED_CREATED = "calendar_feed.created", _("Calendar feed created")
    CALENDAR_FEED_REVOKED = "calendar_feed.revoked", _("Calendar feed revoked")
    WAITLIST_JOINED = "waitlist.joined", _("Joined a waitlist")
    WAITLIST_LEFT = "waitlist.left", _("Left a waitlist")
    WAITLIST_OFFERED = "waitlist.offered", _("Waitlist slot offered")
