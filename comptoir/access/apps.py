from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccessConfig(AppConfig):
    name = "comptoir.access"
    label = "access"
    verbose_name = _("Access")

    def ready(self) -> None:
        from comptoir.access import personal_data
        from comptoir.community.personal_data import register

        register(personal_data.PROVIDER)  # this app's part of a person's data

        # What a place sold a person ties them to it for its concierges (community.permissions).
        from comptoir.access.models import DayPass, Subscription, TicketBook
        from comptoir.community.ties import register as register_place_tie

        for model in (TicketBook, Subscription, DayPass):
            register_place_tie(model, "place_id")

        # A member's purchase is handed over when its order is paid, however it is paid.
        from comptoir.access.services.purchases import on_order_paid
        from comptoir.billing.signals import order_paid

        order_paid.connect(on_order_paid, dispatch_uid="access.purchase_fulfil")
