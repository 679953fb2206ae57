"""Fixtures of the documentation's tests: `fill_place(place, n)` gives a place `n` of every
kind of thing its live blocks show (spaces, offers, roles, resident and partner structures,
nearby places, projects, shared resources, press items)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.utils import timezone


def fill(place: Any, n: int) -> dict[str, list[Any]]:
    from comptoir.access.tests.factories import PlanFactory
    from comptoir.agenda.models import Event, EventKind
    from comptoir.bookings.tests.factories import ResourceFactory
    from comptoir.community.models import Organization, Role
    from comptoir.community.tests.factories import OrganizationFactory, PlaceRoleFactory
    from comptoir.places.tests.factories import NearbyPlaceFactory, SpaceFactory
    from comptoir.projects.models import Project
    from comptoir.publishing.models import PressItem, SharedResource

    made: dict[str, list[Any]] = {key: [] for key in ("residents", "partners", "organisers")}
    start = timezone.now() + dt.timedelta(days=3)
    for i in range(n):
        SpaceFactory(place=place, accessibility_notes="Rez-de-chaussée")
        PlanFactory(place=place, price_cents=1000 + i)
        resident = OrganizationFactory(category=Organization.Category.SSE)
        PlaceRoleFactory(place=place, role=Role.RESIDENT, organization=resident)
        PlaceRoleFactory(place=place, role=Role.NOMAD)
        made["residents"].append(resident)
        partner = OrganizationFactory(category=Organization.Category.CULTURE)
        resource = ResourceFactory(place=place)
        resource.partners.add(partner)
        made["partners"].append(partner)
        organiser = OrganizationFactory(category=Organization.Category.EMPLOYMENT)
        Event.objects.create(
            place=place,
            title=f"Atelier {i}",
            kind=EventKind.WORKSHOP,
            start=start,
            end=start + dt.timedelta(hours=2),
            organizer_organization=organiser,
        )
        made["organisers"].append(organiser)
        NearbyPlaceFactory(place=place, walking_minutes=5 + i)
        project = Project.objects.create(
            title=f"Projet {place.pk}-{i}", slug=f"projet-{place.pk}-{i}", status="actif"
        )
        project.places.add(place)
        SharedResource.objects.create(place=place, title=f"Guide {i}", url="https://example.org/")
        PressItem.objects.create(
            place=place, title=f"Article {i}", outlet="Le Progrès", published_on=dt.date(2024, 1, 1)
        )
    return made


@pytest.fixture
def fill_place() -> Callable[[Any, int], dict[str, list[Any]]]:
    return fill
