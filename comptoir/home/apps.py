from django.apps import AppConfig


class HomeConfig(AppConfig):
    """The home dashboard, the place journal and the scheduler: thin, above every domain."""

    name = "comptoir.home"
    label = "home"
    verbose_name = "Comptoir home"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from comptoir.home import navigation

        # The header's menus remember the person's places from their login on.
        user_logged_in.connect(navigation.remember_at_login, dispatch_uid="home-navigation")
