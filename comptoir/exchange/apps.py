from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExchangeConfig(AppConfig):
    name = "comptoir.exchange"
    label = "exchange"
    verbose_name = _("Offers and requests between members")

    def ready(self) -> None:
        from comptoir.community.personal_data import register
        from comptoir.exchange import personal_data

        register(personal_data.PROVIDER)  # this app's part of a person's data
