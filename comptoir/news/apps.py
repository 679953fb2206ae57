from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsConfig(AppConfig):
    name = "comptoir.news"
    label = "news"
    verbose_name = _("News")

    def ready(self) -> None:
        from comptoir.community.personal_data import register
        from comptoir.news import personal_data, receivers

        register(personal_data.PROVIDER)  # opt-ins and alerts
        receivers.connect()  # a project's new need tells the members with its skill
