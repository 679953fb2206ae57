from django.apps import AppConfig


class HomeConfig(AppConfig):
    """The home dashboard, the place journal and the scheduler: thin, above every domain."""

    name = "comptoir.home"
    label = "home"
    verbose_name = "Comptoir home"
