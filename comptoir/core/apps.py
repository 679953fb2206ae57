from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class CoreConfig(AppConfig):
    name = "comptoir.core"
    label = "core"
    verbose_name = "Comptoir"

    def ready(self) -> None:
        # Each app's audit verbs (`<app>/audit.py`), without core importing any app by name.
        autodiscover_modules("audit")
