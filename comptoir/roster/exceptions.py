from django.utils.translation import gettext_lazy as _

from comptoir.core.exceptions import Conflict, InvalidInput, NotAllowed


class ShiftTimesInvalid(InvalidInput):
    code = "shift_times_invalid"
    default_message = _("A shift ends after it starts, on the same day, within 14 hours.")


class CapacityInvalid(InvalidInput):
    code = "capacity_invalid"
    default_message = _("A shift needs between 1 and 10 people.")


class PeriodInvalid(InvalidInput):
    code = "period_invalid"
    default_message = _("The last day comes after the first, within two years.")


class ShiftInThePast(InvalidInput):
    code = "shift_in_the_past"
    default_message = _("This shift is over: choose a shift to come.")


class ShiftFull(Conflict):
    code = "shift_full"
    default_message = _("This shift already has all the people it needs.")


class AlreadyOnShift(Conflict):
    code = "already_on_shift"
    default_message = _("You are already on duty for this shift.")


class ShiftCancelled(Conflict):
    code = "shift_cancelled"
    default_message = _("This shift was cancelled.")


class SwapOpen(Conflict):
    code = "swap_open"
    default_message = _("This shift is already offered for a swap.")


class SwapClosed(Conflict):
    code = "swap_closed"
    default_message = _("This swap was already accepted or withdrawn.")


class HoursAlreadyRecorded(Conflict):
    code = "hours_recorded"
    default_message = _("The hours of this shift were already recorded.")


class ShiftNotOver(InvalidInput):
    code = "shift_not_over"
    default_message = _("Record the hours of a shift once it is over.")


class SwapIsYours(Conflict):
    code = "swap_is_yours"
    default_message = _("This is your own swap: another concierge accepts it.")


class SwapForAnother(NotAllowed):
    code = "swap_for_another"
    default_message = _("This swap is offered to another concierge.")
