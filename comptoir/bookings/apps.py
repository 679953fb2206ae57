from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BookingsConfig(AppConfig):
    name = "comptoir.bookings"
    label = "bookings"
    verbose_name = _("Bookings")

    def ready(self) -> None:
        from comptoir.bookings import personal_data
        from comptoir.community.personal_data import register

        register(personal_data.PROVIDER)  # this app's part of a person's data

        # A booking ties the person to the place for its concierges (community.permissions).
        from comptoir.bookings.models import Booking
        from comptoir.community.ties import register as register_place_tie

        register_place_tie(Booking, "resource__place_id")
