from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConciergerieConfig(AppConfig):
    name = "comptoir.conciergerie"
    label = "conciergerie"
    verbose_name = _("Conciergerie")

    def ready(self) -> None:
        from comptoir.community.personal_data import register
        from comptoir.conciergerie import desk, personal_data, photos
        from comptoir.presence.desk import register as register_desk_note

        register(personal_data.PROVIDER)  # this app's part of a person's data
        photos.register()  # a parcel's photo
        register_desk_note("conciergerie-parcels", desk.waiting_parcels)
