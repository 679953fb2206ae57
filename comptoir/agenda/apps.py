from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgendaConfig(AppConfig):
    name = "comptoir.agenda"
    label = "agenda"
    verbose_name = _("Agenda")

    def ready(self) -> None:
        from comptoir.agenda import personal_data
        from comptoir.community.personal_data import register

        register(personal_data.PROVIDER)  # this app's part of a person's data

        from comptoir.agenda import signals

        signals.connect()
