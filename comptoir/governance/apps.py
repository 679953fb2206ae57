from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GovernanceConfig(AppConfig):
    name = "comptoir.governance"
    label = "governance"
    verbose_name = _("Governance")

    def ready(self) -> None:
        from comptoir.community.personal_data import register
        from comptoir.governance import personal_data

        register(personal_data.PROVIDER)  # this app's part of a person's data
