from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GiveboxConfig(AppConfig):
    name = "comptoir.givebox"
    label = "givebox"
    verbose_name = _("Give Box")

    def ready(self) -> None:
        from comptoir.givebox import photos

        photos.register()
