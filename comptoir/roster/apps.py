from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RosterConfig(AppConfig):
    name = "comptoir.roster"
    label = "roster"
    verbose_name = _("Concierges' roster")

    def ready(self) -> None:
        from comptoir.community.personal_data import register
        from comptoir.roster import personal_data

        register(personal_data.PROVIDER)  # this app's part of a person's data

        from comptoir.agenda.report_sections import register as register_report_section
        from comptoir.roster import report

        register_report_section("roster", report.report_section, queries=report.QUERIES, order=20)
