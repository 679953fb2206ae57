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
