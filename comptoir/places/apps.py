from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlacesConfig(AppConfig):
    name = "comptoir.places"
    label = "places"
    verbose_name = _("Places")

    def ready(self) -> None:
        # Places, spaces and equipment have photos (comptoir.core.photos).
        from comptoir.places import photos

        photos.register()
