"""The live blocks of a place's documentation: tables and lists filled from the data (spaces,
opening hours, services, offers, roles, structures, nearby places, projects, resources,
press), shown beside each section's text and rendered the same way in every export.

Every block costs one query (an aggregate or a bounded list with its total as a window
count), whatever the size of the network, so the page's query count stays constant."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import BooleanField, Count, ExpressionWrapper, Q, QuerySet, Window
from django.urls import NoReverseMatch, reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from comptoir.access.selectors import plans_offered_at
from comptoir.agenda.models import Event
from comptoir.bookings.models import Resource
from comptoir.community.models import ROLE_LABELS, Organization, PlaceRole, Role
from comptoir.core.licences import Licence
from comptoir.core.money import format_cents
from comptoir.places.hours_sentences import describe_hours
from comptoir.places.models import NearbyPlace, Place, Space
from comptoir.places.opening_hours import rules
from comptoir.projects.models import Project
from comptoir.publishing.models import PressItem, SectionKey, SharedResource

# Bounded lists: the page stays light however many projects or resources a place has.
LIST_LIMIT = 50


@dataclass(frozen=True)
class Cell:
    text: str
    url: str = ""


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    # The record's key holding this cell's link, if any.
    link: str = ""
    numeric: bool = False


@dataclass
class LiveBlock:
    """A table (or a list, for one column) with its records: display strings under the
    columns' keys, plus raw values (codes, cents, dates) for the JSON export."""

    key: str
    title: str
    columns: list[Column]
    records: list[dict[str, Any]]
    empty: str
    # How many records exist beyond those listed.
    more: int = 0
    more_url: str = ""
    notes: list[str] = field(default_factory=list)

    @property
    def is_list(self) -> bool:
        return len(self.columns) == 1

    @property
    def rows(self) -> list[list[Cell]]:
        return [
            [Cell(str(record.get(c.key, "")), str(record.get(c.link, "")) if c.link else "")
             for c in self.columns]
            for record in self.records
        ]  # fmt: skip

    @property
    def more_text(self) -> str:
        return ngettext("and %(count)s more", "and %(count)s more", self.more) % {
            "count": self.more
        }


def _url(name: str, **kwargs: Any) -> str:
    """The path of a named route, or "" when the route does not exist (yet)."""
    try:
        return reverse(name, kwargs=kwargs)
    except NoReverseMatch:
        return ""


def _bounded(queryset: QuerySet[Any]) -> tuple[list[Any], int]:
    """The first LIST_LIMIT rows and how many are left, in one query (a window count)."""
    rows = list(queryset.annotate(total_rows=Window(Count("pk")))[:LIST_LIMIT])
    total = rows[0].total_rows if rows else 0
    return rows, max(total - len(rows), 0)


# --- Le lieu ---------------------------------------------------------------------------------


def spaces_block(place: Place) -> LiveBlock:
    spaces = Space.objects.filter(place=place, is_active=True).order_by("name")
    records = [
        {
            "name": space.name,
            "kind": space.get_kind_display(),
            "kind_code": space.kind,
            "capacity": space.capacity,
            "accessibility": space.accessibility_notes,
        }
        for space in spaces
    ]
    columns = [
        Column("name", _("Space")),
        Column("kind", _("Kind")),
        Column("capacity", _("Capacity (people)"), numeric=True),
        Column("accessibility", _("Accessibility")),
    ]
    return LiveBlock("spaces", _("Spaces"), columns, records, _("No space described yet."))


def opening_hours_block(place: Place) -> LiveBlock:
    said = describe_hours(place.opening_hours)
    records = [{"rule": rule} for rule in said or rules(place.opening_hours)]
    block = LiveBlock(
        "opening-hours",
        _("Opening hours"),
        [Column("rule", _("Opening hours"))],
        records,
        _("Opening hours not given."),
    )
    if said:
        block.notes.append(_("Local time (%(tz)s).") % {"tz": place.timezone})
    elif records:
        block.notes.append(
            _("OpenStreetMap opening_hours syntax, local time (%(tz)s).") % {"tz": place.timezone}
        )
    return block


# --- Les services, les offres, la gouvernance ------------------------------------------------


def services_block(place: Place) -> LiveBlock:
    records = [{"service": str(service)} for service in place.services or []]
    return LiveBlock(
        "services",
        _("Services"),
        [Column("service", _("Service"))],
        records,
        _("No service listed yet."),
    )


def plans_block(place: Place) -> LiveBlock:
    records = [
        {
            "name": plan.name,
            "kind": plan.get_kind_display(),
            "kind_code": plan.kind,
            "price": format_cents(plan.price_cents),
            "price_cents": plan.price_cents,
            "network_wide": bool(plan.network_wide or plan.place_id is None),
        }
        for plan in plans_offered_at(place=place)
    ]
    columns = [
        Column("name", _("Offer")),
        Column("kind", _("Kind")),
        Column("price", _("Price incl. VAT"), numeric=True),
    ]
    block = LiveBlock("plans", _("Offers and prices"), columns, records, _("No offer on sale."))
    block.more_url = _url("access:plan-list", slug=place.slug)
    return block


def roles_block(place: Place) -> LiveBlock:
    counts = dict(
        PlaceRole.objects.current()
        .filter(place=place)
        .values("role")
        .annotate(people=Count("person", distinct=True))
        .values_list("role", "people")
    )
    records = [
        {"role": str(ROLE_LABELS[code]), "role_code": code, "people": counts[code]}
        for code in Role.values
        if counts.get(code)
    ]
    columns = [Column("role", _("Role")), Column("people", _("People"), numeric=True)]
    return LiveBlock(
        "roles", _("Roles and how many people hold them"), columns, records, _("No role yet.")
    )


# --- Les communautés -------------------------------------------------------------------------

CATEGORY_LABELS = dict(Organization.Category.choices)


def _structure_record(organization: Organization) -> dict[str, Any]:
    return {
        "name": organization.name,
        "url": _url("community:organization-detail", slug=organization.slug),
        "category": str(CATEGORY_LABELS.get(organization.category, organization.category)),
        "category_code": organization.category,
    }


def _structure_columns() -> list[Column]:
    return [Column("category", _("Category")), Column("name", _("Structure"), link="url")]


def communities_blocks(place: Place) -> list[LiveBlock]:
    """Resident structures, and partner structures (that may book the place's resources or
    organise its public events) by category: one query for both blocks."""
    residents = (
        PlaceRole.objects.current()
        .filter(place=place, role=Role.RESIDENT, organization__isnull=False)
        .values("organization_id")
    )
    booking = Resource.partners.through.objects.filter(resource__place=place).values(
        "organization_id"
    )
    organising = (
        Event.objects.public()
        .filter(place=place, organizer_organization__isnull=False)
        .values("organizer_organization_id")
    )
    partner = Q(pk__in=booking) | Q(pk__in=organising)
    structures = list(
        Organization.objects.filter(Q(pk__in=residents) | partner)
        .annotate(
            is_resident=ExpressionWrapper(Q(pk__in=residents), output_field=BooleanField()),
            is_partner=ExpressionWrapper(partner, output_field=BooleanField()),
        )
        .order_by("category", "name")
        .only("name", "slug", "category")
    )
    return [
        LiveBlock(
            "residents",
            _("Resident structures"),
            _structure_columns(),
            [_structure_record(org) for org in structures if org.is_resident],  # type: ignore[attr-defined]
            _("No resident structure yet."),
        ),
        LiveBlock(
            "partners",
            _("Partner structures by category"),
            _structure_columns(),
            [_structure_record(org) for org in structures if org.is_partner],  # type: ignore[attr-defined]
            _("No partner structure yet."),
        ),
    ]


# --- Le territoire, les projets, les ressources, la presse -----------------------------------


def nearby_block(place: Place) -> LiveBlock:
    nearby = NearbyPlace.objects.filter(place=place).select_related("other")
    records = []
    for near in nearby:
        linked = near.other is not None and near.other.is_active
        records.append(
            {
                "name": near.display_name,
                "url": near.other.get_absolute_url() if linked and near.other else near.url,
                "walking_minutes": near.walking_minutes,
            }
        )
    columns = [
        Column("name", _("Tiers-lieu"), link="url"),
        Column("walking_minutes", _("Walking minutes"), numeric=True),
    ]
    return LiveBlock(
        "nearby", _("Tiers-lieux nearby"), columns, records, _("No nearby place listed yet.")
    )


STATUS_LABELS = dict(Project.Status.choices)


def projects_block(place: Place) -> LiveBlock:
    projects, more = _bounded(
        Project.objects.filter(places=place)
        .order_by("-updated_at", "pk")
        .only("title", "slug", "status", "licence", "updated_at")
    )
    records = [
        {
            "title": project.title,
            "url": _url("projects:detail", slug=project.slug),
            "status": str(STATUS_LABELS.get(project.status, project.status)),
            "status_code": project.status,
            "licence": project.licence,
        }
        for project in projects
    ]
    columns = [Column("title", _("Project"), link="url"), Column("status", _("Status"))]
    block = LiveBlock("projects", _("Projects"), columns, records, _("No project yet."), more=more)
    block.more_url = _url("projects:list")
    return block


LICENCE_LABELS = dict(Licence.choices)


def resources_block(place: Place) -> LiveBlock:
    resources, more = _bounded(SharedResource.objects.filter(place=place))
    records = [
        {
            "title": resource.title,
            "url": resource.url or resource.file_url,
            "author": resource.author,
            "licence": str(LICENCE_LABELS.get(resource.licence, resource.licence)),
            "licence_code": resource.licence,
            "theme": resource.theme,
        }
        for resource in resources
    ]
    columns = [
        Column("title", _("Resource"), link="url"),
        Column("author", _("Author")),
        Column("licence", _("Licence")),
        Column("theme", _("Theme")),
    ]
    block = LiveBlock(
        "resources", _("Shared resources"), columns, records, _("No resource shared yet."), more
    )
    block.more_url = _url("publishing:resources", slug=place.slug)
    return block


def press_block(place: Place) -> LiveBlock:
    items, more = _bounded(PressItem.objects.filter(place=place))
    records = [
        {
            "date": date_format(item.published_on, "DATE_FORMAT"),
            "published_on": item.published_on.isoformat(),
            "title": item.title,
            "url": item.url,
            "outlet": item.outlet,
        }
        for item in items
    ]
    columns = [
        Column("date", _("Date")),
        Column("title", _("Title"), link="url"),
        Column("outlet", _("Media")),
    ]
    block = LiveBlock("press", _("Press and media"), columns, records, _("No article yet."), more)
    block.more_url = _url("publishing:press", slug=place.slug)
    return block


Builder = Callable[[Place], LiveBlock | list[LiveBlock]]

BUILDERS: dict[str, list[Builder]] = {
    SectionKey.PLACE: [spaces_block, opening_hours_block],
    SectionKey.SERVICES: [services_block],
    SectionKey.OFFERS: [plans_block],
    SectionKey.GOVERNANCE: [roles_block],
    SectionKey.COMMUNITIES: [communities_blocks],
    SectionKey.TERRITORY: [nearby_block],
    SectionKey.PROJECTS: [projects_block],
    SectionKey.SHARED_RESOURCES: [resources_block],
    SectionKey.PRESS: [press_block],
}


def blocks_for(place: Place, key: str) -> list[LiveBlock]:
    blocks: list[LiveBlock] = []
    for build in BUILDERS.get(key, []):
        built = build(place)
        blocks.extend(built if isinstance(built, list) else [built])
    return blocks


def blocks_of_place(place: Place) -> dict[str, list[LiveBlock]]:
    """Every section's live blocks (one query per block)."""
    return {key: blocks_for(place, key) for key in SectionKey.values}
