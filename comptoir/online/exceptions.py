from django.utils.translation import gettext_lazy as _

from comptoir.core.exceptions import Conflict, DomainError, InvalidInput


class OnlinePaymentOff(Conflict):
    code = "online_payment_off"
    status = 404
    default_message = _("Online payment is not offered here.")


class NothingDue(Conflict):
    code = "nothing_due"
    default_message = _("Nothing remains to be paid on this order.")


class ProviderUnavailable(DomainError):
    code = "provider_unavailable"
    status = 503
    default_message = _("The online payment service does not answer: try again later.")


class SignatureInvalid(InvalidInput):
    code = "signature_invalid"
    status = 400
    default_message = _("The notification's signature is not valid.")


class PayloadInvalid(InvalidInput):
    code = "payload_invalid"
    status = 400
    default_message = _("The notification cannot be read.")


class RefundRefused(Conflict):
    code = "refund_refused"
    default_message = _("The online payment service refused the refund: nothing was refunded.")


class NotRefundable(Conflict):
    code = "not_refundable"
    default_message = _("This online payment was not recorded: it cannot be refunded here.")


class RefundExceedsPaidOnline(Conflict):
    code = "refund_exceeds_paid_online"
    default_message = _("The refund is more than what remains of this online payment.")
