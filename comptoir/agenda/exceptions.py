"""What the agenda refuses, with a stable code and a translated message."""

from django.utils.translation import gettext_lazy as _

from comptoir.core.exceptions import Conflict, InvalidInput


class SpaceTaken(Conflict):
    code = "space_taken"
    default_message = _("The space is already taken at that time by a booking or an event.")


class EventCancelled(Conflict):
    code = "event_cancelled"
    default_message = _("This event has been cancelled.")


class EventPast(Conflict):
    code = "event_past"
    default_message = _("This event has already taken place.")


class AlreadyRegistered(Conflict):
    code = "already_registered"
    default_message = _("This person is already registered to this event.")


class RegistrationClosed(Conflict):
    code = "registration_closed"
    default_message = _("Registration is not open for this event.")


class RegistrationCancelled(Conflict):
    code = "registration_cancelled"
    default_message = _("This registration has already been cancelled.")


class ContactMissing(InvalidInput):
    code = "contact_missing"
    default_message = _("Give an email address or a phone number so that we can reach you.")


class BadPhone(InvalidInput):
    code = "bad_phone"
    default_message = _("This phone number is not valid. Example: 06 12 34 56 78.")


class BadVocabulary(InvalidInput):
    code = "bad_vocabulary"
    default_message = _("Choose values from the list.")
