from typing import Any

from django.utils.translation import gettext_lazy as _

from comptoir.core.exceptions import Conflict, InvalidInput, NotAllowed


class SlotTaken(Conflict):
    code = "slot_taken"
    default_message = _("This slot is already booked. Choose another time or join the waitlist.")


class ResourceFull(Conflict):
    code = "resource_full"
    default_message = _("Every place of this resource is booked at that time.")


class OutsideOpeningHours(InvalidInput):
    code = "outside_opening_hours"
    default_message = _("The place is not open for the whole of this booking.")


class BadDuration(InvalidInput):
    code = "bad_duration"
    default_message = _("This duration is not allowed for this resource.")


class BadSlot(InvalidInput):
    code = "bad_slot"
    default_message = _("Bookings start and end on the resource's time slots.")


class EndBeforeStart(InvalidInput):
    code = "end_before_start"
    default_message = _("The end must be after the start.")


class InThePast(InvalidInput):
    code = "in_the_past"
    default_message = _("This time is already past.")


class TooFarAhead(InvalidInput):
    code = "too_far_ahead"
    default_message = _("This is further ahead than you may book.")


class TooLate(Conflict):
    code = "too_late"
    default_message = _("It is too late to book or change this slot.")


class TrainingRequired(NotAllowed):
    code = "training_required"
    default_message = _("This equipment needs a training first.")

    def __init__(self, *args: Any, training: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The training to ask for, so the page that refused can offer the request.
        self.training = training


class AlreadyTrained(Conflict):
    code = "already_trained"
    default_message = _("You already hold this training.")


class TrainingAlreadyRequested(Conflict):
    code = "training_already_requested"
    default_message = _("You already asked for this training: the concierges will answer.")


class RequestAnswered(Conflict):
    code = "request_answered"
    default_message = _("This request was already answered.")


class NotBookable(NotAllowed):
    code = "not_bookable"
    default_message = _("You may not book this resource.")


class AlreadyCancelled(Conflict):
    code = "already_cancelled"
    default_message = _("This booking is already cancelled.")


class NotEnoughTickets(Conflict):
    code = "not_enough_tickets"
    default_message = _("Not enough tickets left in a valid book for this booking.")


class AlreadyPaid(Conflict):
    code = "already_paid"
    default_message = _("This booking is already paid: ask the desk to move it.")


class SlotFree(Conflict):
    code = "slot_free"
    default_message = _("This slot is free: book it instead of waiting.")


class AlreadyWaiting(Conflict):
    code = "already_waiting"
    default_message = _("You are already on the waitlist for this slot.")


class OfferOver(Conflict):
    code = "offer_over"
    default_message = _("This offer is no longer valid.")
