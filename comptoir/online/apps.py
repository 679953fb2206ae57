from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OnlineConfig(AppConfig):
    name = "comptoir.online"
    label = "online"
    verbose_name = _("Online payment")

    def ready(self) -> None:
        # The receipt (billing) offers "Pay online" where this app says so.
        from comptoir.billing import receipts
        from comptoir.online.services import payable_online

        receipts.register_online(payable_online)
