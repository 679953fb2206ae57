from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DebitsConfig(AppConfig):
    name = "comptoir.debits"
    label = "debits"
    verbose_name = _("SEPA direct debits")

    def ready(self) -> None:
        from comptoir.community.personal_data import register
        from comptoir.debits import personal_data

        register(personal_data.PROVIDER)  # this app's part of a person's data
