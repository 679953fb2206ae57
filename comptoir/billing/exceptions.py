from django.utils.translation import gettext_lazy as _

from comptoir.core.exceptions import Conflict, InvalidInput


class EmptyOrder(InvalidInput):
    code = "empty_order"
    default_message = _("An order needs at least one line.")


class InvalidAmount(InvalidInput):
    code = "invalid_amount"
    default_message = _("The amount must be a positive number of cents.")


class OrderClosed(Conflict):
    code = "order_closed"
    default_message = _("This order is already paid or cancelled.")


class Overpayment(InvalidInput):
    code = "overpayment"
    default_message = _("This is more than what remains to be paid on this order.")


class RefundExceedsReceived(InvalidInput):
    code = "refund_exceeds_received"
    default_message = _("This is more than what was received for this order.")
