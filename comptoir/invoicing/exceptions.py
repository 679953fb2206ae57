from django.utils.translation import gettext_lazy as _

from comptoir.core.exceptions import Conflict, InvalidInput


class AlreadyInvoiced(Conflict):
    code = "already_invoiced"
    default_message = _("This order already has an invoice.")


class OrderCancelledError(Conflict):
    code = "order_cancelled"
    default_message = _("A cancelled order cannot be invoiced.")


class NothingToInvoice(InvalidInput):
    code = "nothing_to_invoice"
    default_message = _("An order without lines cannot be invoiced.")


class NoLegalEntity(InvalidInput):
    code = "no_legal_entity"
    default_message = _(
        "This place has no legal entity to issue invoices: set the structure that sells first."
    )


class SiretMissing(InvalidInput):
    code = "siret_missing"
    default_message = _(
        "The structure that sells has no valid SIRET number: an invoice cannot be issued "
        "without it."
    )


class InvoicingNotConfigured(InvalidInput):
    code = "invoicing_not_configured"
    default_message = _(
        "Invoicing is not set up for the structure that sells (registered address, VAT "
        "regime): set it up first."
    )


class FullyCredited(Conflict):
    code = "fully_credited"
    default_message = _("This invoice is fully credited already: nothing remains to credit.")


class CreditReasonInvalid(InvalidInput):
    code = "credit_reason_invalid"
    default_message = _("Give the reason for the credit note, in 500 characters at most.")


class NothingToCredit(InvalidInput):
    code = "nothing_to_credit"
    default_message = _("Choose at least one line of the invoice to credit.")


class NotALineOfTheInvoice(InvalidInput):
    code = "not_a_line_of_the_invoice"
    default_message = _("This line is not a line of the invoice credited.")


class CreditQuantityInvalid(InvalidInput):
    code = "credit_quantity_invalid"
    default_message = _("A credited quantity is a whole number of at least 1.")


class CreditExceedsRemaining(InvalidInput):
    code = "credit_exceeds_remaining"
    default_message = _("This is more than what remains to credit on the line.")


class PaymentMeansInvalid(InvalidInput):
    code = "payment_means_invalid"
    default_message = _(
        "Choose how it was paid: cash, card, cheque, bank transfer, SEPA direct debit or online."
    )


class PaymentAmountInvalid(InvalidInput):
    code = "payment_amount_invalid"
    default_message = _("The amount must be a positive number of cents.")


class PaymentDateInvalid(InvalidInput):
    code = "payment_date_invalid"
    default_message = _("The date of a payment cannot be in the future.")


class PaymentReferenceInvalid(InvalidInput):
    code = "payment_reference_invalid"
    default_message = _("A payment reference has 100 characters at most.")


class RefundExceedsCredit(InvalidInput):
    code = "refund_exceeds_credit"
    default_message = _("This is more than what remains to refund on the credit note.")
