from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BillingConfig(AppConfig):
    name = "comptoir.billing"
    label = "billing"
    verbose_name = _("Billing")

    def ready(self) -> None:
        from comptoir.billing import personal_data
        from comptoir.community.personal_data import register

        register(personal_data.PROVIDER)  # this app's part of a person's data
