from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublishingConfig(AppConfig):
    name = "comptoir.publishing"
    label = "publishing"
    verbose_name = _("Documentation")

    def ready(self) -> None:
        from comptoir.publishing import signals

        signals.connect()
