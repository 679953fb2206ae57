from django.utils.translation import gettext_lazy as _

from comptoir.core.exceptions import Conflict, InvalidInput


class NotForSale(InvalidInput):
    code = "not_for_sale"
    default_message = _("This offer cannot be sold.")


class PlanNotOffered(InvalidInput):
    code = "plan_not_offered"
    default_message = _("This offer is not sold in this place.")


class WrongHolder(InvalidInput):
    code = "wrong_holder"
    default_message = _("This subscription is for a structure, not a person (or the reverse).")


class SubscriptionEnded(Conflict):
    code = "subscription_ended"
    default_message = _("This subscription has ended.")


class SubscriptionNotPaused(Conflict):
    code = "subscription_not_paused"
    default_message = _("This subscription is not paused.")


class InsufficientBalance(Conflict):
    code = "insufficient_balance"
    default_message = _("The ticket book does not have enough tickets left.")


class MissingReason(InvalidInput):
    code = "missing_reason"
    default_message = _("Say why you correct the balance.")


class InvalidQuantity(InvalidInput):
    code = "invalid_quantity"
    default_message = _("The number of tickets cannot be zero.")


class PurchasePending(Conflict):
    code = "purchase_pending"
    default_message = _("You already bought this offer: its order awaits payment.")
