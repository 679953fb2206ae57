"""Reads of the projects app: the list with its filters and a project's page, each in a
constant number of queries whatever the number of projects, members, needs or answers."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.db.models import Count, Exists, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse

from comptoir.community import permissions
from comptoir.community.models import Person, PersonSkill, PlaceRole
from comptoir.core.types import Viewer
from comptoir.places.models import Place
from comptoir.projects.models import JournalEntry, Need, NeedAnswer, Project, ProjectMember

JOURNAL_LENGTH = 20


def _count(model: Any, link: str, **conditions: Any) -> Coalesce:
    """A correlated COUNT, so the paginator's COUNT(*) does not group every project."""
    rows = (
        model._default_manager.filter(**{link: OuterRef("pk")}, **conditions)
        .order_by()
        .values(link)
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), 0)


def projects_listed(
    *, status: str = "", place: str = "", query: str = "", has_open_needs: bool = False
) -> QuerySet[Project]:
    """Projects, the most recently updated first, with their places and counts; `place` is a
    place's slug, `query` words of the title or the summary."""
    qs = Project.objects.annotate(
        open_needs_count=_count(Need, "project", status=Need.Status.OPEN),
        members_count=_count(ProjectMember, "project"),
    ).prefetch_related(Prefetch("places", queryset=Place.objects.order_by("name", "pk")))
    if status:
        qs = qs.filter(status=status)
    if place:
        through = Project.places.through.objects.filter(place__slug=place)
        qs = qs.filter(pk__in=through.values("project_id"))
    for word in query.split()[:5]:
        qs = qs.filter(Q(title__icontains=word) | Q(summary__icontains=word))
    if has_open_needs:
        qs = qs.filter(Exists(Need.objects.filter(project=OuterRef("pk"), status=Need.Status.OPEN)))
    return qs.order_by("-updated_at", "pk")


def places_with_projects() -> list[Place]:
    """The places that have projects, for the list's filter."""
    through = Project.places.through.objects.values("place_id")
    return list(Place.objects.filter(pk__in=through).order_by("name", "pk"))


@dataclass
class SkillMatch:
    """How many people of the project's places, visible to the viewer, know a skill."""

    count: int
    directory_url: str


def _skill_matches(*, user: Viewer, needs: list[Need], place_ids: list[int]) -> None:
    """Set `need.match` on each need asking for a skill, in one query for all of them."""
    skill_ids = {need.skill_id for need in needs if need.skill_id is not None}
    counts: dict[int, int] = {}
    if skill_ids and place_ids:
        here = PlaceRole.objects.current().filter(place_id__in=place_ids).values("person_id")
        visible = Person.objects.filter(
            permissions.visible_people_condition(user, include_self=False), is_active=True
        ).values("pk")
        counts = dict(
            PersonSkill.objects.filter(
                skill_id__in=skill_ids, person_id__in=here, person__in=visible
            )
            .order_by()
            .values("skill_id")
            .annotate(n=Count("person_id", distinct=True))
            .values_list("skill_id", "n")
        )
    directory = reverse("community:directory")
    for need in needs:
        need.match = None  # type: ignore[attr-defined]
        if need.skill is not None:
            need.match = SkillMatch(  # type: ignore[attr-defined]
                count=counts.get(need.skill.pk, 0),
                directory_url=f"{directory}?{urlencode({'skill': need.skill.name})}",
            )


def project_get(*, slug: str, user: Viewer) -> Project:
    """A project with its places, members, latest journal entries and needs (each with its
    answers and its skill matched with the directory). Raises Project.DoesNotExist."""
    answers = NeedAnswer.objects.select_related("person").order_by("created_at", "pk")
    project = (
        Project.objects.prefetch_related(
            Prefetch("places", queryset=Place.objects.order_by("name", "pk")),
            Prefetch(
                "members",
                queryset=ProjectMember.objects.select_related("person").order_by("role", "pk"),
            ),
            Prefetch(
                "needs",
                queryset=Need.objects.select_related("skill").prefetch_related(
                    Prefetch("answers", queryset=answers)
                ),
            ),
        )
        .select_related("created_by")
        .get(slug=slug)
    )
    project.journal_latest = list(  # type: ignore[attr-defined]
        JournalEntry.objects.filter(project=project).select_related("author")[:JOURNAL_LENGTH]
    )
    _skill_matches(
        user=user,
        needs=list(project.needs.all()),
        place_ids=[place.pk for place in project.places.all()],
    )
    return project


def project_get_for_edit(*, slug: str) -> Project:
    """A project for its forms (raises Project.DoesNotExist)."""
    return Project.objects.prefetch_related("places").get(slug=slug)


def project_members(*, project: Project) -> list[ProjectMember]:
    return list(
        ProjectMember.objects.filter(project=project)
        .select_related("person")
        .order_by("role", "pk")
    )


def need_get(*, project: Project, pk: int) -> Need:
    """A need of this project (raises Need.DoesNotExist)."""
    return Need.objects.select_related("project", "skill").get(project=project, pk=pk)


def places_of(*, user: Viewer, project: Project | None = None) -> QuerySet[Place]:
    """The places where someone may put a project: where they hold a role (all for admins),
    and those the project already has."""
    if permissions.is_network_admin(user):
        return Place.objects.order_by("name", "pk")
    condition = Q(pk__in=list(permissions.roles_by_place(user)))
    if project is not None:
        through = Project.places.through.objects.filter(project_id=project.pk)
        condition |= Q(pk__in=through.values("place_id"))
    return Place.objects.filter(condition).order_by("name", "pk")
