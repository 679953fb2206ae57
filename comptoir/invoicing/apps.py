from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InvoicingConfig(AppConfig):
    name = "comptoir.invoicing"
    label = "invoicing"
    verbose_name = _("Invoicing")

    def ready(self) -> None:
        # The desk's receipt (billing) lists the payments recorded here too.
        from comptoir.billing import receipts
        from comptoir.invoicing.selectors import receipt_payments

        receipts.register(receipt_payments)
