from django.utils.translation import gettext_lazy as _

from comptoir.core.exceptions import Conflict, InvalidInput


class LoanTooLong(InvalidInput):
    code = "loan_too_long"
    default_message = _("This item is lent for %(days)s days at most: choose an earlier due date.")

    def __init__(self, *, days: int) -> None:
        super().__init__(str(self.default_message) % {"days": days}, field="due_on")


class DueInThePast(InvalidInput):
    code = "due_in_the_past"
    default_message = _("The due date is past: choose today or a later day.")


class StartInThePast(InvalidInput):
    code = "start_in_the_past"
    default_message = _("A loan starts today or later.")


class DueBeforeStart(InvalidInput):
    code = "due_before_start"
    default_message = _("The due date comes after the first day of the loan.")


class ItemUnavailable(Conflict):
    code = "item_unavailable"
    default_message = _("This item is already reserved or lent over these days: choose others.")


class ItemNotLendable(Conflict):
    code = "item_not_lendable"
    default_message = _("This item is not lent at the moment.")


class NotAMember(Conflict):
    code = "not_a_member"
    default_message = _("Only the place's members borrow its items.")


class LoanStateInvalid(Conflict):
    code = "loan_state"
    default_message = _("This loan is no longer in a state that allows this.")


class CheckOutTooEarly(Conflict):
    code = "check_out_too_early"
    default_message = _("This reservation starts later: it is handed over from its first day.")


class ItemInvalid(InvalidInput):
    code = "item_invalid"
    default_message = _("Check the item's name, deposit and longest loan (1 to 365 days).")


class NoteEmpty(InvalidInput):
    code = "note_empty"
    default_message = _("Write what is damaged.")


class DepositKeptInvalid(InvalidInput):
    code = "deposit_kept_invalid"
    default_message = _("The deposit kept is between nothing and what was taken at the hand-over.")


class DepositKeptWithoutNote(InvalidInput):
    code = "deposit_kept_without_note"
    default_message = _("Say in the damage found why part of the deposit is kept.")
