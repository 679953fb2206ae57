"""Who may do what in the incubator, on top of `community.permissions`.

- The concierges of a place manage its programmes, start incubations, add mentors and
  advance stages.
- The leads (porteurs) and mentors of an incubated project, and whoever may edit the project
  (`can_edit_project`: its places' concierges), tick the checklist and edit the canvas.
- The incubation of a project is seen by its members and by the members of the
  programme's place (anyone holding a role there)."""

from __future__ import annotations

from comptoir.community import permissions
from comptoir.core.types import Viewer
from comptoir.incubator.models import Incubation
from comptoir.projects.models import Project, ProjectMember


def can_manage_incubator(user: Viewer, place_id: int) -> bool:
    return permissions.is_concierge(user, place_id)


def is_mentor(user: Viewer, project: Project) -> bool:
    if not user.is_authenticated:
        return False
    return project.members.filter(person_id=user.pk, role=ProjectMember.Role.MENTOR).exists()


def can_work_on_incubation(user: Viewer, incubation: Incubation) -> bool:
    """Tick the checklist and edit the canvas."""
    if not user.is_authenticated:
        return False
    project = incubation.project
    return (
        permissions.can_edit_project(user, project)
        or permissions.is_concierge(user, incubation.programme.place_id)
        or is_mentor(user, project)
    )


def can_advance_stage(user: Viewer, incubation: Incubation) -> bool:
    return permissions.is_concierge(user, incubation.programme.place_id)


def can_view_incubation(user: Viewer, incubation: Incubation) -> bool:
    if not user.is_authenticated:
        return False
    place_id = incubation.programme.place_id
    return (
        permissions.is_network_admin(user)
        or permissions.is_member(user, place_id)
        or permissions.is_project_member(user, incubation.project)
    )


def can_view_incubator(user: Viewer, place_id: int) -> bool:
    """The place's programmes and cohorts: its members."""
    return permissions.is_network_admin(user) or permissions.is_member(user, place_id)
