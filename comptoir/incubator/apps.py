from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IncubatorConfig(AppConfig):
    name = "comptoir.incubator"
    label = "incubator"
    verbose_name = _("Incubator")

    def ready(self) -> None:
        from comptoir.community.personal_data import register
        from comptoir.incubator import personal_data

        register(personal_data.PROVIDER)  # this app's part of a person's data
