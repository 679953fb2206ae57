from django.utils.translation import gettext_lazy as _

from comptoir.core.exceptions import Conflict, InvalidInput


class NoAssociation(Conflict):
    code = "membership_not_set_up"
    default_message = _(
        "The structure of this place has no membership settings yet: its treasurer sets the "
        "fee and the period first."
    )


class AmountInvalid(InvalidInput):
    code = "amount_invalid"
    default_message = _("Give an amount in euros, zero or more (e.g. 20 or 12.50).")


class SharePriceMissing(InvalidInput):
    code = "share_price_missing"
    default_message = _("A cooperative needs the nominal value of its share, more than zero.")


class StartInvalid(InvalidInput):
    code = "membership_start_invalid"
    default_message = _("A membership starts between last year and next year.")


class HolderMissing(InvalidInput):
    code = "holder_missing"
    default_message = _("Choose a person or a structure (one of the two).")


class AlreadyMember(Conflict):
    code = "already_member"
    default_message = _("This member already has a membership covering this period.")


class NotCooperative(Conflict):
    code = "not_cooperative"
    default_message = _("This structure keeps no share register: it is not set as a cooperative.")


class SharesInvalid(InvalidInput):
    code = "shares_invalid"
    default_message = _("Give a whole number of shares, one or more.")


class CategoryInvalid(InvalidInput):
    code = "category_invalid"
    default_message = _("Choose the category of the associate.")


class NotEnoughShares(Conflict):
    code = "not_enough_shares"
    default_message = _("This associate holds fewer paid-up shares than that.")


class PaymentTooHigh(Conflict):
    code = "share_payment_too_high"
    default_message = _("This is more than the associate still owes on their shares.")


class DateInvalid(InvalidInput):
    code = "date_invalid"
    default_message = _("Give a date, today or before.")


class SameAssociate(InvalidInput):
    code = "same_associate"
    default_message = _("Shares are transferred to someone else.")
