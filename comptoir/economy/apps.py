from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EconomyConfig(AppConfig):
    name = "comptoir.economy"
    label = "economy"
    verbose_name = _("Economic model")

    def ready(self) -> None:
        # The FEC (invoicing) carries the other income of the entity's places too.
        from comptoir.economy.fec_entries import other_income_entries
        from comptoir.invoicing import fec

        fec.register_entries(other_income_entries)
