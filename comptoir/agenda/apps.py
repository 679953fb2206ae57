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

        # A registration ties the person to the place for its concierges
        # (community.permissions).
        from comptoir.agenda.models import Registration
        from comptoir.community.ties import register as register_place_tie

        register_place_tie(Registration, "event__place_id")

        from comptoir.agenda import signals

        signals.connect()

        # The report's sections: the conciergerie's (below agenda, read directly); the apps
        # above register theirs in their own ready() (the roster's hours).
        from comptoir.agenda import report_conciergerie, report_sections

        report_sections.register(
            "conciergerie",
            report_conciergerie.report_section,
            queries=report_conciergerie.QUERIES,
            order=10,
        )
