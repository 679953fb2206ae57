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
