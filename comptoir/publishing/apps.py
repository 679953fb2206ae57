from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublishingConfig(AppConfig):
    name = "comptoir.publishing"
    label = "publishing"
    verbose_name = _("Documentation")

    def ready(self) -> None:
        from comptoir.community.personal_data import register
        from comptoir.core.media import register_reader
        from comptoir.publishing import personal_data, receivers, selectors, signals

        register(personal_data.PROVIDER)  # this app's part of a person's data

        signals.connect()
        receivers.connect()  # governance's minutes, kept as pages of the documentation
        register_reader("resources", selectors.resource_file_readable)
