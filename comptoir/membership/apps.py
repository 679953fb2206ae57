from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembershipConfig(AppConfig):
    name = "comptoir.membership"
    label = "membership"
    verbose_name = _("Membership and shares")

    def ready(self) -> None:
        from comptoir.community.personal_data import register
        from comptoir.membership import personal_data

        register(personal_data.PROVIDER)  # memberships and shares held
