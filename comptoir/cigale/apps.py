from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CigaleConfig(AppConfig):
    name = "comptoir.cigale"
    label = "cigale"
    verbose_name = _("Cigale clubs")

    def ready(self) -> None:
        from comptoir.cigale import personal_data
        from comptoir.community.personal_data import register

        register(personal_data.PROVIDER)  # this app's part of a person's data
