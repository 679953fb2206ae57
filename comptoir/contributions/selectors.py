"""Reads of contributions and prestations: a project's or a place's contributions, the
queue of those waiting for validation, totals by kind, a person's history and shares."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q, QuerySet, Sum

from comptoir.community import permissions
from comptoir.community.models import Person
from comptoir.contributions import permissions as rules
from comptoir.contributions.models import Contribution, Prestation, Share
from comptoir.core.types import Viewer
from comptoir.places.models import Place
from comptoir.projects.models import Project, ProjectMember

OPEN = Contribution.OPEN_STATUSES


def _with_people(qs: QuerySet[Contribution]) -> QuerySet[Contribution]:
    return qs.select_related("contributor", "validated_by")


def project_for_contributions(*, slug: str) -> Project:
    """The project (raises DoesNotExist)."""
    return Project.objects.get(slug=slug)


def contributions_of_project(
    *, project: Project, statuses: Collection[str] | None = None
) -> QuerySet[Contribution]:
    qs = _with_people(Contribution.objects.filter(project=project))
    if statuses is not None:
        qs = qs.filter(status__in=statuses)
    return qs.order_by("-happened_on", "-pk")


def contributions_visible_on_project(
    *, project: Project, user: Viewer, validator: bool
) -> QuerySet[Contribution]:
    """Validated ones for everyone, plus the open ones for validators and one's own."""
    qs = contributions_of_project(project=project)
    if validator:
        return qs.exclude(status=Contribution.Status.REFUSED)
    mine = Q(contributor_id=user.pk) if getattr(user, "is_authenticated", False) else Q(pk=None)
    return qs.filter(Q(status=Contribution.Status.VALIDATED) | mine)


@dataclass
class Total:
    kind: str
    unit: str
    quantity: Decimal

    @property
    def kind_label(self) -> str:
        return str(Contribution.Kind(self.kind).label)

    @property
    def unit_label(self) -> str:
        return str(Contribution.Unit(self.unit).label)


def project_totals(*, project: Project) -> list[Total]:
    """The validated quantities by kind and unit, in one query."""
    rows = (
        Contribution.objects.filter(project=project, status=Contribution.Status.VALIDATED)
        .values("kind", "unit")
        .annotate(total=Sum("quantity"))
        .order_by("kind", "unit")
    )
    return [Total(row["kind"], row["unit"], row["total"]) for row in rows]


def project_validated_for_export(*, project: Project) -> QuerySet[Contribution]:
    return (
        Contribution.objects.filter(project=project, status=Contribution.Status.VALIDATED)
        .select_related("contributor")
        .order_by("happened_on", "pk")
    )


def contributions_open_for_project(*, project: Project, limit: int = 20) -> list[Contribution]:
    return list(contributions_of_project(project=project, statuses=OPEN)[:limit])


def contributions_to_place(*, place: Place) -> QuerySet[Contribution]:
    """Contributions to the place itself (not to its projects)."""
    return _with_people(Contribution.objects.filter(place=place)).order_by("-happened_on", "-pk")


def contributions_queue(*, place: Place) -> QuerySet[Contribution]:
    """What the place's concierges validate: open contributions to the place and its
    projects, oldest first."""
    projects = Project.objects.filter(places=place).values("pk")
    return (
        _with_people(
            Contribution.objects.filter(Q(place=place) | Q(project__in=projects), status__in=OPEN)
        )
        .select_related("project")
        .order_by("happened_on", "pk")
    )


def contributions_of_person(*, person: Person) -> QuerySet[Contribution]:
    return (
        Contribution.objects.filter(contributor=person)
        .select_related("project", "place", "validated_by")
        .order_by("-happened_on", "-pk")
    )


def shares_of_person(*, person: Person) -> QuerySet[Share]:
    """The person's lines of validated statements, newest first."""
    return (
        Share.objects.filter(person=person, prestation__status=Prestation.Status.VALIDATED)
        .select_related("prestation", "prestation__place")
        .order_by("-prestation__delivered_on", "-prestation_id")
    )


def prestations_of_place(*, place: Place) -> QuerySet[Prestation]:
    return (
        Prestation.objects.filter(place=place)
        .select_related("project")
        .order_by("-delivered_on", "-pk")
    )


def prestation_get(*, pk: int) -> Prestation:
    """The prestation with its place and project (raises DoesNotExist)."""
    return Prestation.objects.select_related("place", "place__network", "project").get(pk=pk)


def contributions_to_validate(*, user: Viewer) -> QuerySet[Contribution]:
    """The open contributions `user` may validate: `permissions.can_validate` as a query
    (to the projects they lead or that live in a place they keep, to the places they keep;
    never their own)."""
    waiting = Contribution.objects.filter(status__in=OPEN)
    if not user.is_authenticated:
        return waiting.none()
    if not permissions.is_network_admin(user):
        places = permissions.concierge_place_ids(user)
        led = ProjectMember.objects.filter(person_id=user.pk, role=ProjectMember.Role.LEAD)
        kept = Project.places.through.objects.filter(place_id__in=places)
        waiting = waiting.filter(
            Q(project_id__in=led.values("project_id"))
            | Q(project_id__in=kept.values("project_id"))
            | Q(project__isnull=True, place_id__in=places)
        )
    return waiting.exclude(contributor_id=user.pk)


def prestation_visible(*, pk: int, user: Viewer) -> Prestation:
    """The prestation if `user` may see it (`permissions.can_see_prestation`); raises
    DoesNotExist otherwise, so that whoever may not see it learns nothing of it."""
    prestation = prestation_get(pk=pk)

    def has_share() -> bool:
        return user.is_authenticated and prestation.shares.filter(person_id=user.pk).exists()

    if not rules.can_see_prestation(user, prestation, has_share=has_share):
        raise Prestation.DoesNotExist
    return prestation


def contribution_get(*, pk: int) -> Contribution:
    return Contribution.objects.select_related("project", "place", "contributor").get(pk=pk)
