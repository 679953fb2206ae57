from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "comptoir.projects"
    label = "projects"
    verbose_name = _("Projects")

    def ready(self) -> None:
        from comptoir.community.personal_data import register
        from comptoir.projects import personal_data

        register(personal_data.PROVIDER)  # this app's part of a person's data

        from comptoir.projects import photos

        photos.register()  # projects have photos (comptoir.core.photos)
