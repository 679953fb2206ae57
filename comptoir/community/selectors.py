"""Reads of the community app. Visibility rules come from `permissions`."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet

from comptoir.community import permissions
from comptoir.community.models import (
    Affiliation,
    ApiToken,
    Organization,
    Person,
    PersonSkill,
    PlaceRole,
)


def people_visible_to(*, user: Any) -> QuerySet[Person]:
    """People this user may see in the directory (themselves included)."""
    qs = Person.objects.filter(is_active=True)
    levels = permissions.visible_levels(user)
    condition = Q(directory_visibility__in=levels)
    if getattr(user, "is_authenticated", False):
        condition |= Q(pk=user.pk)
    return qs.filter(condition)


def people_search(*, user: Any, query: str = "", skill: str = "") -> QuerySet[Person]:
    """Directory search by name and by skill ("qui sait faire…"), skills prefetched."""
    qs = people_visible_to(user=user)
    if query:
        for word in query.split()[:5]:
            qs = qs.filter(Q(first_name__icontains=word) | Q(last_name__icontains=word))
    if skill:
        qs = qs.filter(person_skills__skill__name__icontains=skill.strip()).distinct()
    return qs.prefetch_related(
        Prefetch("person_skills", queryset=PersonSkill.objects.select_related("skill"))
    ).order_by("first_name", "last_name", "pk")


def person_get_visible(*, user: Any, pk: int) -> Person:
    """A person the user may see, with skills, affiliations and roles (raises DoesNotExist)."""
    return (
        people_visible_to(user=user)
        .prefetch_related(
            Prefetch("person_skills", queryset=PersonSkill.objects.select_related("skill")),
            Prefetch("affiliations", queryset=Affiliation.objects.select_related("organization")),
            Prefetch("place_roles", queryset=PlaceRole.objects.current().select_related("place")),
        )
        .get(pk=pk)
    )


def organizations_listed(*, category: str = "", query: str = "") -> QuerySet[Organization]:
    qs = Organization.objects.annotate(member_count=Count("affiliations"))
    if category:
        qs = qs.filter(category=category)
    if query:
        qs = qs.filter(name__icontains=query)
    return qs.order_by("name", "pk")


def organization_get(*, slug: str) -> Organization:
    return Organization.objects.get(slug=slug)


def organization_members_visible(*, user: Any, organization: Organization) -> QuerySet[Person]:
    return people_visible_to(user=user).filter(affiliations__organization=organization)


def place_roles_of_place(
    *, place_id: int, role: str = "", current_only: bool = True, query: str = ""
) -> QuerySet[PlaceRole]:
    qs = PlaceRole.objects.filter(place_id=place_id).select_related("person", "organization")
    if current_only:
        qs = qs.current()
    if role:
        qs = qs.filter(role=role)
    if query:
        qs = qs.filter(
            Q(person__first_name__icontains=query)
            | Q(person__last_name__icontains=query)
            | Q(person__email__icontains=query)
        )
    return qs.order_by("role", "person__first_name", "person__last_name", "pk")


def api_tokens_of(*, person: Person) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(person=person)
