from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DebitsConfig(AppConfig):
    name = "comptoir.debits"
    label = "debits"
    verbose_name = _("SEPA direct debits")
