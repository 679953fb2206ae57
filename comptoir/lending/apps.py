from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LendingConfig(AppConfig):
    name = "comptoir.lending"
    label = "lending"
    verbose_name = _("Library of things")

    def ready(self) -> None:
        from comptoir.community.personal_data import register
        from comptoir.lending import personal_data, photos

        register(personal_data.PROVIDER)  # this app's part of a person's data
        photos.register()
