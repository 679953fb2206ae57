from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunityConfig(AppConfig):
    name = "comptoir.community"
    label = "community"
    verbose_name = _("Community")

    def ready(self) -> None:
        # The places app asks who may edit a place; the roles that decide it live here.
        from comptoir.community import permissions
        from comptoir.places import permissions as place_permissions

        place_permissions.register(permissions)

        # What a person's data export and erasure hold from this app (each app registers
        # its own provider in its ready()).
        from comptoir.community import own_data, personal_data

        personal_data.register(own_data.PROVIDER)

        # People have photos on their profile (comptoir.core.photos).
        from comptoir.community import photos

        photos.register()
        personal_data.register(photos.PROVIDER)

        # Roles tie people to places (community.ties); the other apps register their ties.
        from comptoir.community import ties  # noqa: F401
