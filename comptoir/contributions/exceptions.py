"""What the contribution and redistribution services refuse, with a stable code and a
translated message."""

from django.utils.translation import gettext_lazy as _

from comptoir.core.exceptions import Conflict, InvalidInput


class BadQuantity(InvalidInput):
    code = "bad_quantity"
    default_message = _("Enter a quantity greater than zero.")


class BadUnit(InvalidInput):
    code = "bad_unit"
    default_message = _("This unit does not fit this kind of contribution.")


class BadDate(InvalidInput):
    code = "bad_date"
    default_message = _("The date cannot be in the future.")


class NoRecipient(InvalidInput):
    code = "no_recipient"
    default_message = _("A contribution goes either to a project or to a place.")


class AlreadyDecided(Conflict):
    code = "already_decided"
    default_message = _("This contribution has already been validated or refused.")


class StatementLocked(Conflict):
    code = "statement_locked"
    default_message = _(
        "This distribution statement has been validated: it can no longer be changed."
    )


class BadPrestation(InvalidInput):
    code = "bad_prestation"
    default_message = _("This prestation is not valid.")
