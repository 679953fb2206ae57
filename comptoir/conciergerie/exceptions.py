from django.utils.translation import gettext_lazy as _

from comptoir.core.exceptions import Conflict, InvalidInput, NotAllowed


class ServiceNotOffered(InvalidInput):
    code = "service_not_offered"
    default_message = _("This service is not offered to you at this place.")


class ContactMissing(InvalidInput):
    code = "contact_missing"
    default_message = _("Leave an email address or a phone number so the desk can answer you.")


class ServiceInvalid(InvalidInput):
    code = "service_invalid"
    default_message = _("A service open to neighbours is free: set its price to 0.")


class ServiceNameTaken(Conflict):
    code = "service_name_taken"
    default_message = _("This place already offers a service with this name.")


class RoleUnknown(InvalidInput):
    code = "role_unknown"
    default_message = _("Choose roles of the place.")


class TransitionRefused(Conflict):
    code = "request_transition_refused"
    default_message = _("This request cannot move to this status any more.")


class AlreadyTaken(Conflict):
    code = "request_already_taken"
    default_message = _("Another concierge took this request first.")


class NotTheOwner(NotAllowed):
    code = "request_not_yours"
    default_message = _("Only the concierge who took this request closes it.")


class MessageEmpty(InvalidInput):
    code = "message_empty"
    default_message = _("Write a message.")


class AddresseeMissing(InvalidInput):
    code = "parcel_addressee_missing"
    default_message = _("A parcel is for someone: choose the person it is addressed to.")


class CarrierMissing(InvalidInput):
    code = "parcel_carrier_missing"
    default_message = _("Say which carrier brought the parcel.")


class ParcelNotWaiting(Conflict):
    code = "parcel_not_waiting"
    default_message = _("This parcel is no longer waiting at the desk.")
