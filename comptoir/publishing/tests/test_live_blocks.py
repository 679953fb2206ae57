"""The live blocks: each shows the place's own current data, and every block costs one
query whatever the size of the place."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from comptoir.agenda.models import Event, EventKind
from comptoir.community.models import Organization, Role
from comptoir.community.tests.factories import OrganizationFactory, PlaceRoleFactory
from comptoir.core.money import format_cents
from comptoir.places.tests.factories import NearbyPlaceFactory, PlaceFactory, SpaceFactory
from comptoir.projects.models import Project
from comptoir.publishing import live_blocks
from comptoir.publishing.models import SectionKey, SharedResource

pytestmark = pytest.mark.django_db

BLOCK_QUERIES = 8  # spaces, plans, roles, structures (residents and partners), nearby,
# projects, resources, press


def block(place: Any, key: str) -> live_blocks.LiveBlock:
    found = [b for blocks in live_blocks.blocks_of_place(place).values() for b in blocks]
    return next(b for b in found if b.key == key)


def column(place: Any, key: str, name: str) -> list[Any]:
    return [record[name] for record in block(place, key).records]


def test_every_section_has_its_blocks_in_the_movilab_order(place: Any) -> None:
    blocks = live_blocks.blocks_of_place(place)

    assert list(blocks) == SectionKey.values
    keys = {section: [b.key for b in found] for section, found in blocks.items()}
    assert keys[SectionKey.PLACE] == ["spaces", "opening-hours"]
    assert keys[SectionKey.COMMUNITIES] == ["residents", "partners"]
    assert keys[SectionKey.ECONOMIC_MODEL] == keys[SectionKey.NEXT] == []


def test_the_place_block_lists_active_spaces_with_capacity_and_accessibility(place: Any) -> None:
    SpaceFactory(place=place, name="Coworking", capacity=20, accessibility_notes="Plain-pied")
    SpaceFactory(place=place, name="Fermé", is_active=False)
    SpaceFactory(name="Ailleurs")

    spaces = block(place, "spaces").records

    assert [(s["name"], s["capacity"], s["accessibility"]) for s in spaces] == [
        ("Coworking", 20, "Plain-pied")
    ]


def test_opening_hours_services_and_offers_come_from_the_place(place: Any, fill_place: Any) -> None:
    place.opening_hours = "Mo-Fr 09:00-18:00; Sa 10:00-13:00"
    place.services = ["Wi-Fi", "Café"]
    place.save()
    fill_place(place, 2)

    assert column(place, "opening-hours", "rule") == [
        "Du lundi au vendredi, 9 h – 18 h",
        "le samedi, 10 h – 13 h",
    ]
    assert block(place, "opening-hours").is_list
    assert column(place, "services", "service") == ["Wi-Fi", "Café"]
    plans = block(place, "plans").records
    assert [(p["price_cents"], p["price"]) for p in plans] == [
        (1000, format_cents(1000)),
        (1001, format_cents(1001)),
    ]


def test_roles_count_the_people_holding_each_current_role(
    place: Any, concierge: Any, fill_place: Any
) -> None:
    fill_place(place, 3)
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    PlaceRoleFactory(
        place=place, role=Role.NOMAD, valid_from=yesterday - dt.timedelta(days=9),
        valid_until=yesterday,
    )  # fmt: skip
    PlaceRoleFactory(role=Role.NOMAD)  # another place

    roles = {r["role_code"]: r["people"] for r in block(place, "roles").records}

    assert roles == {Role.CONCIERGE_PERMANENT: 1, Role.RESIDENT: 3, Role.NOMAD: 3}


def test_communities_show_resident_and_partner_structures_by_category(
    place: Any, fill_place: Any
) -> None:
    made = fill_place(place, 2)
    other = PlaceFactory()
    fill_place(other, 1)
    hidden = OrganizationFactory(name="Privé")
    start = timezone.now() + dt.timedelta(days=5)
    Event.objects.create(
        place=place, title="Interne", kind=EventKind.TALK, start=start,
        end=start + dt.timedelta(hours=1), organizer_organization=hidden, is_public=False,
    )  # fmt: skip

    residents = column(place, "residents", "name")
    partners = block(place, "partners").records

    assert residents == sorted(org.name for org in made["residents"])
    expected = sorted(
        [(Organization.Category.CULTURE, org.name) for org in made["partners"]]
        + [(Organization.Category.EMPLOYMENT, org.name) for org in made["organisers"]]
    )
    assert [(p["category_code"], p["name"]) for p in partners] == expected
    assert all(p["url"].startswith("/structures/") for p in partners)


def test_territory_projects_resources_and_press(place: Any, fill_place: Any) -> None:
    fill_place(place, 2)
    linked = PlaceFactory(name="Le Mixeur")
    NearbyPlaceFactory(place=place, other=linked, name="", walking_minutes=12)
    elsewhere = Project.objects.create(title="Ailleurs", slug="ailleurs")
    elsewhere.places.add(PlaceFactory())

    nearby = block(place, "nearby").records
    assert [(n["name"], n["walking_minutes"]) for n in nearby][-1] == ("Le Mixeur", 12)
    assert nearby[-1]["url"] == linked.get_absolute_url()
    projects = block(place, "projects").records
    assert sorted(p["title"] for p in projects) == [f"Projet {place.pk}-0", f"Projet {place.pk}-1"]
    assert {p["status_code"] for p in projects} == {Project.Status.ACTIVE}
    assert column(place, "resources", "title") == ["Guide 0", "Guide 1"]
    assert column(place, "press", "outlet") == ["Le Progrès", "Le Progrès"]


def test_long_lists_are_bounded_and_say_how_many_more(place: Any) -> None:
    SharedResource.objects.bulk_create(
        SharedResource(place=place, title=f"Fiche {i:03d}", url="https://example.org/")
        for i in range(live_blocks.LIST_LIMIT + 7)
    )

    resources = block(place, "resources")

    assert len(resources.records) == live_blocks.LIST_LIMIT
    assert resources.more == 7
    assert resources.more_url == f"/lieux/{place.slug}/ressources-partagees/"


def test_empty_blocks_say_so(place: Any) -> None:
    press = block(place, "press")

    assert (press.records, press.rows, press.more) == ([], [], 0)
    assert press.empty


@pytest.mark.parametrize("size", [1, 6])
def test_all_blocks_cost_one_query_each_whatever_the_data(
    place: Any, fill_place: Any, size: int
) -> None:
    fill_place(place, size)

    with CaptureQueriesContext(connection) as queries:
        blocks = live_blocks.blocks_of_place(place)
        rows = [b.rows for found in blocks.values() for b in found]

    assert len(queries) == BLOCK_QUERIES
    assert sum(len(r) for r in rows) >= 9 * size
