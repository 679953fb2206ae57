from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContributionsConfig(AppConfig):
    name = "comptoir.contributions"
    label = "contributions"
    verbose_name = _("Contributions")

    def ready(self) -> None:
        from comptoir.community.personal_data import register
        from comptoir.contributions import personal_data

        register(personal_data.PROVIDER)  # this app's part of a person's data

        from comptoir.projects import panels

        # The contributions box on a project's page, without projects knowing this app.
        panels.register("contributions/_project_panel.html")
