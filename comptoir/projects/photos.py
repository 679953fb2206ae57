"""A project's photos (comptoir.core.photos): public as the project's page, added and
removed by whoever may edit the project (its leads, the concierges of its places)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from comptoir.community import permissions
from comptoir.core import photos
from comptoir.core.types import Viewer
from comptoir.projects.models import Project


def register() -> None:
    def public(viewer: Viewer, project: Any) -> bool:
        return True

    photos.register(
        photos.Target(
            kind="project",
            word="projet",
            label=_("project"),
            model=Project,
            can_view=public,
            can_edit=permissions.can_edit_project,
            page_url=lambda project: reverse("projects:detail", kwargs={"slug": project.slug}),
            name_of=lambda project: project.title,
        )
    )
