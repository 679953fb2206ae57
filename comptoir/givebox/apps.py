from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GiveboxConfig(AppConfig):
    name = "comptoir.givebox"
    label = "givebox"
    verbose_name = _("The Give Box")

    def ready(self) -> None:
        from comptoir.community.personal_data import register
        from comptoir.givebox import personal_data, photos

        register(personal_data.PROVIDER)  # this app's part of a person's data
        photos.register()
