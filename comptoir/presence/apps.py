from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PresenceConfig(AppConfig):
    name = "comptoir.presence"
    label = "presence"
    verbose_name = _("Presence")

    def ready(self) -> None:
        from comptoir.community.personal_data import register
        from comptoir.presence import personal_data

        register(personal_data.PROVIDER)  # this app's part of a person's data

        # A visit ties the person to the place for its concierges (community.permissions).
        from comptoir.community.ties import register as register_place_tie
        from comptoir.presence.models import Visit

        register_place_tie(Visit, "place_id")
