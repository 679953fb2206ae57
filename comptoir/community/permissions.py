"""What each role may do. Every view and API endpoint asks this module, nothing else.

Roles are held per place over a period (PlaceRole). The active roles of a person are loaded
once per request and cached on the Person instance, so asking several questions costs one
query.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import TYPE_CHECKING, Any, TypeGuard

from django.db import models
from django.db.models import Exists, OuterRef, Q

from comptoir.community.models import (
    CONCIERGE_ROLES,
    Person,
    PlaceRole,
    PlaceTie,
    Role,
    Visibility,
)
from comptoir.core.types import Actor, Viewer

if TYPE_CHECKING:
    from comptoir.community.models import Organization
    from comptoir.places.models import Place

_CACHE_ATTR = "_comptoir_roles"
_PLACES_ATTR = "_comptoir_role_places"

# Which roles a concierge of each kind may hand out in their place.
ASSIGNABLE_BY = {
    Role.CONCIERGE_PERMANENT: frozenset(Role),
    Role.CONCIERGE_OCCASIONAL: frozenset({Role.RESIDENT, Role.NOMAD, Role.TRAVELLER}),
}


def _authenticated(user: Viewer | None) -> TypeGuard[Actor]:
    return bool(user is not None and getattr(user, "is_authenticated", False))


def roles_by_place(user: Viewer) -> dict[int, set[str]]:
    """{place_id: {role, …}} for the roles valid today (cached on the user)."""
    if not _authenticated(user):
        return {}
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        cached = {}
        # The places' slugs and names come along (one join, no other query), for the menus
        # of every page (`role_places`).
        places: dict[int, tuple[str, str]] = {}
        for place_id, role, slug, name in (
            PlaceRole.objects.current()
            .filter(person_id=user.pk)
            .order_by()
            .values_list("place_id", "role", "place__slug", "place__name")
        ):
            cached.setdefault(place_id, set()).add(role)
            places[place_id] = (slug, name)
        setattr(user, _CACHE_ATTR, cached)
        setattr(user, _PLACES_ATTR, places)
    return cached


def roles_with_places(user: Viewer, *, load: bool) -> list[tuple[str, str, list[str]]] | None:
    """[(slug, name, roles)] of the places where the user holds a role today, sorted by
    name, for the header's menus. With `load` false, None unless this request already read
    the roles with their places (then it costs nothing)."""
    if not _authenticated(user):
        return []
    places = getattr(user, _PLACES_ATTR, None)
    if places is None:
        if not load:
            return None
        if hasattr(user, _CACHE_ATTR):
            # The roles came without the places (the API's token lookup): read them again.
            delattr(user, _CACHE_ATTR)
        roles_by_place(user)
        places = getattr(user, _PLACES_ATTR, {})
    roles = roles_by_place(user)
    return sorted(
        (slug, name, sorted(roles.get(place_id, ()))) for place_id, (slug, name) in places.items()
    )


def remember_roles(user: Actor, roles: list[tuple[int, str]]) -> None:
    """Cache the user's (place_id, role) pairs valid today, read by the caller along with
    the user (the API token lookup), so `roles_by_place` needs no query."""
    cached: dict[int, set[str]] = {}
    for place_id, role in roles:
        cached.setdefault(place_id, set()).add(role)
    setattr(user, _CACHE_ATTR, cached)


def forget_roles(user: Viewer) -> None:
    """Drop what this request cached about the user's roles and managed structures."""
    for attr in (_CACHE_ATTR, _PLACES_ATTR, "_comptoir_manages", "_comptoir_private"):
        user.__dict__.pop(attr, None)


def is_network_admin(user: Viewer) -> bool:
    return _authenticated(user) and bool(user.is_superuser)


def is_concierge(user: Viewer, place_id: int) -> bool:
    return is_network_admin(user) or bool(
        roles_by_place(user).get(place_id, set()) & CONCIERGE_ROLES
    )


def concierge_place_ids(user: Viewer) -> set[int]:
    return {pid for pid, roles in roles_by_place(user).items() if roles & CONCIERGE_ROLES}


def is_member(user: Viewer, place_id: int) -> bool:
    """Holds any role in the place today."""
    return bool(roles_by_place(user).get(place_id))


def can_assign_role(user: Viewer, place_id: int, role: str) -> bool:
    if is_network_admin(user):
        return True
    allowed: set[str] = set()
    for held in roles_by_place(user).get(place_id, set()):
        allowed |= ASSIGNABLE_BY.get(Role(held), frozenset())
    return role in allowed


def can_manage_roles(user: Viewer, place_id: int) -> bool:
    return is_concierge(user, place_id)


def can_edit_place(user: Viewer, place_id: int) -> bool:
    return is_network_admin(user) or Role.CONCIERGE_PERMANENT in roles_by_place(user).get(
        place_id, set()
    )


def can_keep_accounts(user: Viewer, place_id: int) -> bool:
    """Close the accounting periods of the place's legal entity and export its FEC: its
    treasurers and the network admins only (not its concierges, who sell and invoice)."""
    return is_network_admin(user) or Role.TREASURER in roles_by_place(user).get(place_id, set())


def can_read_accounts(user: Viewer, place_id: int) -> bool:
    """The place's money as read (its economy, its direct debits): its concierges and
    treasurers, and the network admins; writing the accounts stays `can_keep_accounts`."""
    return is_concierge(user, place_id) or can_keep_accounts(user, place_id)


def can_collect_debits(user: Viewer, place_id: int) -> bool:
    """The place's SEPA direct debits (mandates, monthly batches, returns)."""
    return can_read_accounts(user, place_id)


def menu_rights(user: Viewer, held: Collection[str]) -> tuple[bool, bool, bool]:
    """(serves as a concierge, edits the place, keeps its accounts) for a person holding
    `held` roles in a place: the header's menus, from roles the session remembered (never
    to authorize anything: every page asks the questions above)."""
    admin = is_network_admin(user)
    return (
        admin or bool(set(held) & CONCIERGE_ROLES),
        admin or Role.CONCIERGE_PERMANENT in held,
        admin or Role.TREASURER in held,
    )


def can_view_audit(user: Viewer, place_id: int) -> bool:
    return is_concierge(user, place_id)


# --- Whose private data a concierge sees ---------------------------------------------------
# A concierge sees a person's private data (a hidden profile, contacts, books, subscriptions,
# visits) only when that person is tied to a place the concierge serves: a role, a visit, a
# booking, a registration or a purchase there (kept as `PlaceTie` rows, see community.ties).
# Network administrators (superusers: Comptoir has no other network-wide role) see the whole
# network.

_PRIVATE_ATTR = "sees_private"  # the annotation `private_data_annotation` adds


def _tied_to(place_ids: set[int]) -> Q:
    """People tied to one of these places: one probe of the ties' (place, person) index."""
    ties = PlaceTie.objects.filter(place_id__in=sorted(place_ids)).values("person_id")
    return Q(pk__in=ties)


def _tied_probe(place_ids: set[int]) -> Q:
    """The same, asked row by row: a probe of the ties' (person, place) index per person.
    For a few rows (a page, a search's first matches), where hashing every tie of the places
    costs more, and makes PostgreSQL's planner prefer reading every person."""
    ties = PlaceTie.objects.filter(person_id=OuterRef("pk"), place_id__in=sorted(place_ids))
    return Q(Exists(ties))


def private_data_condition(user: Viewer, *, per_row: bool = False) -> Q | None:
    """A filter on Person for the people whose private data the user sees; None: everyone.
    `per_row`: for a few rows (see `_tied_probe`)."""
    if is_network_admin(user):
        return None
    if not _authenticated(user):
        return Q(pk__in=[])
    condition = Q(pk=user.pk)
    places = concierge_place_ids(user)
    if not places:
        return condition
    return condition | (_tied_probe(places) if per_row else _tied_to(places))


def private_data_among(user: Viewer, person_ids: Collection[int]) -> set[int]:
    """Those of these people whose private data the user sees, in one query.

    For a short list of candidates (a search's first matches): one probe of the ties'
    (person, place) index per candidate."""
    if is_network_admin(user):
        return set(person_ids)
    if not _authenticated(user) or not person_ids:
        return set()
    ids = sorted(person_ids)
    seen = {user.pk} & set(ids)
    places = sorted(concierge_place_ids(user))
    if not places:
        return seen
    ties = PlaceTie.objects.filter(person_id__in=ids, place_id__in=places)
    return seen | set(ties.values_list("person_id", flat=True))


def private_data_annotation(user: Viewer) -> dict[str, Any]:
    """`.annotate(**…)` for person querysets: each row says whether the user sees its private
    data, so a list asks nothing more per person (read by `can_see_private_data`)."""
    condition = private_data_condition(user, per_row=True)  # read for the listed rows only
    value: Any = models.Value(True) if condition is None else condition
    return {_PRIVATE_ATTR: models.ExpressionWrapper(value, output_field=models.BooleanField())}


def can_see_private_data(user: Viewer, person: Person) -> bool:
    """The rule above for one person (from the annotation when present, else one query,
    remembered for the rest of the request)."""
    if not _authenticated(user):
        return False
    if user.pk == person.pk or is_network_admin(user):
        return True
    if not concierge_place_ids(user):
        return False
    if _PRIVATE_ATTR in person.__dict__:
        return bool(person.__dict__[_PRIVATE_ATTR])
    known: dict[int, bool] = user.__dict__.setdefault("_comptoir_private", {})
    if person.pk not in known:
        condition = private_data_condition(user) or Q()
        known[person.pk] = Person.objects.filter(condition, pk=person.pk).exists()
    return known[person.pk]


def can_search_private_data(user: Viewer) -> bool:
    """May ask for someone else's private data at all (concierges and network admins); asked
    before any lookup so that others cannot probe person ids."""
    return is_network_admin(user) or bool(concierge_place_ids(user))


def open_levels(user: Viewer) -> list[str]:
    """The directory visibilities anyone in the user's position sees, whoever the person."""
    if _authenticated(user):
        return [Visibility.PUBLIC, Visibility.MEMBERS]
    return [Visibility.PUBLIC]


def visible_people_condition(user: Viewer, *, include_self: bool = True) -> Q:
    """A filter on Person for the profiles the user sees: the open levels, plus the people
    whose private data they see (hidden ones included), plus themselves."""
    if is_network_admin(user):
        return Q()
    condition = Q(directory_visibility__in=open_levels(user))
    places = concierge_place_ids(user)
    if places:
        condition |= _tied_to(places)
    if include_self and _authenticated(user):
        condition |= Q(pk=user.pk)
    return condition


def can_view_person(user: Viewer, person: Person) -> bool:
    if _authenticated(user) and user.pk == person.pk:
        return True
    if person.directory_visibility in open_levels(user):
        return True
    return can_see_private_data(user, person)


def can_see_contact(user: Viewer, person: Person) -> bool:
    if not _authenticated(user):
        return False
    if can_see_private_data(user, person):
        return True
    return person.show_email and person.directory_visibility in open_levels(user)


def can_edit_person(user: Viewer, person: Person) -> bool:
    return _authenticated(user) and (user.pk == person.pk or is_network_admin(user))


def can_erase_person(user: Viewer, person: Person) -> bool:
    """The person themself, or a network administrator acting on a request received by
    other means (letter, at the desk); never a concierge: erasure is irreversible and ends
    records a place still relies on, so it is no day-to-day management act."""
    return _authenticated(user) and (user.pk == person.pk or is_network_admin(user))


def can_create_organization(user: Viewer) -> bool:
    return _authenticated(user)


def can_edit_organization(user: Viewer, organization: Organization) -> bool:
    if is_network_admin(user):
        return True
    if not _authenticated(user):
        return False
    # Cached per request like the roles: a page asks several questions about one structure.
    managed: dict[int, bool] = user.__dict__.setdefault("_comptoir_manages", {})
    if organization.pk not in managed:
        managed[organization.pk] = organization.affiliations.filter(
            person_id=user.pk, is_manager=True
        ).exists()
    return managed[organization.pk]


# --- Coworking access, sales and presence ----------------------------------------------------


def can_sell(user: Viewer, place_id: int) -> bool:
    """Sales at the desk (books, passes, subscriptions) and recording payments."""
    return is_concierge(user, place_id)


def can_manage_plans(user: Viewer, place_id: int) -> bool:
    return can_edit_place(user, place_id)


def can_manage_plan(user: Viewer, plan: Any) -> bool:
    if plan.place_id is not None:
        return can_manage_plans(user, plan.place_id)
    return is_network_admin(user)


def can_manage_subscriptions(user: Viewer, place_id: int) -> bool:
    return is_concierge(user, place_id)


def can_use_kiosk(user: Viewer, place_id: int) -> bool:
    """Check others in and out, with an audited override when needed."""
    return is_concierge(user, place_id)


def can_view_presence(user: Viewer, place_id: int) -> bool:
    """Who is here now: members of the place (they see the opted-in) and its concierges."""
    return is_concierge(user, place_id) or is_member(user, place_id)


def sees_everyone_present(user: Viewer, place_id: int) -> bool:
    return is_concierge(user, place_id)


def can_view_access_of(user: Viewer, person: Person) -> bool:
    """Books, subscriptions and visits of a person: the person, the concierges of a place
    the person is tied to, the network admins."""
    return can_see_private_data(user, person)


def visit_place_ids(user: Viewer, person: Person) -> set[int] | None:
    """The places whose visits of `person` the user sees; None means all (the person and
    the network admins). A concierge sees the visits made in the places they serve."""
    if is_network_admin(user) or (_authenticated(user) and user.pk == person.pk):
        return None
    return concierge_place_ids(user) if can_see_private_data(user, person) else set()


def organization_usage_place_ids(user: Viewer, organization: Organization) -> set[int] | None:
    """The places whose usage by the structure the user sees: everywhere for its managers
    and the network admins (None), the places they serve for concierges, else nothing."""
    if can_edit_organization(user, organization):
        return None
    return concierge_place_ids(user)


def can_view_organization_usage(user: Viewer, organization: Organization) -> bool:
    places = organization_usage_place_ids(user, organization)
    return places is None or bool(places)


def settlement_place_ids(user: Viewer) -> set[int] | None:
    """Places whose settlement rows the user sees; None means all (network admins)."""
    if is_network_admin(user):
        return None
    return concierge_place_ids(user)


def can_view_order(user: Viewer, order: Any) -> bool:
    """The receipt: the buyer and the concierges of the place that sold it."""
    if _authenticated(user) and order.buyer_id == user.pk:
        return True
    return is_concierge(user, order.place_id)


def can_self_check_in(user: Viewer, place: Place) -> bool:
    """Members check themselves in: anyone holding a role in a place of the same network
    (a nomade's network-wide book works in every place). Newcomers go through the desk."""
    held = roles_by_place(user)
    if place.pk in held:
        return True
    if not held:
        return False
    from comptoir.places.models import Place

    return Place.objects.filter(pk__in=list(held), network_id=place.network_id).exists()


# --- Bookings -------------------------------------------------------------------------------


def sees_who_booked(user: Viewer, place_id: int) -> bool:
    """Names on the booking grids: concierges only; others see "booked"."""
    return is_concierge(user, place_id)


def can_manage_resources(user: Viewer, place_id: int) -> bool:
    """The bookable resources of a place and their rules: its permanent concierges."""
    return can_edit_place(user, place_id)


# --- agenda ------------------------------------------------------------------------------


def can_schedule_events(user: Viewer, place_id: int) -> bool:
    """Putting events in a place's agenda (and so holding its spaces): its concierges."""
    return is_concierge(user, place_id)


def can_edit_event(user: Viewer, event: Any) -> bool:
    """An event is edited, cancelled and its attendance taken by the place's concierges
    and by the person who organizes it."""
    if not _authenticated(user):
        return False
    return event.organizer_person_id == user.pk or is_concierge(user, event.place_id)


def can_register_others(user: Viewer, place_id: int) -> bool:
    """Registering someone at the desk, by name, email or phone."""
    return is_concierge(user, place_id)


def can_view_activity_report(user: Viewer, place_id: int) -> bool:
    """Activity reports for funders: the place's concierges."""
    return is_concierge(user, place_id)


# --- projects, contributions and documentation ---------------------------------------------


def can_create_project(user: Viewer) -> bool:
    """Any member of a place of the network (someone holding a role) starts a project."""
    return is_network_admin(user) or bool(roles_by_place(user))


def _prefetched(obj: Any, name: str) -> list[Any] | None:
    """The related rows a page already loaded (prefetch_related), to ask no query again."""
    found = getattr(obj, "_prefetched_objects_cache", {}).get(name)
    return None if found is None else list(found)


def _project_place_ids(project: Any) -> set[int]:
    places = _prefetched(project, "places")
    if places is not None:
        return {place.pk for place in places}
    return set(project.places.values_list("pk", flat=True))


def _project_roles(user: Viewer, project: Any) -> set[str] | None:
    members = _prefetched(project, "members")
    if members is None:
        return None
    return {m.role for m in members if m.person_id == user.pk}


def is_project_lead(user: Viewer, project: Any) -> bool:
    if not _authenticated(user):
        return False
    roles = _project_roles(user, project)
    if roles is not None:
        return "porteur" in roles
    return project.members.filter(person_id=user.pk, role="porteur").exists()


def is_project_member(user: Viewer, project: Any) -> bool:
    if not _authenticated(user):
        return False
    roles = _project_roles(user, project)
    if roles is not None:
        return bool(roles)
    return project.members.filter(person_id=user.pk).exists()


def can_edit_project(user: Viewer, project: Any) -> bool:
    """A project is edited by its leads (porteurs) and the concierges of its places."""
    if not _authenticated(user):
        return False
    if is_network_admin(user) or is_project_lead(user, project):
        return True
    return bool(_project_place_ids(project) & concierge_place_ids(user))


def can_manage_prestations(user: Viewer, place_id: int) -> bool:
    """Prestations and their distribution statements: the place's concierges."""
    return is_concierge(user, place_id)


def can_edit_documentation(user: Viewer, place_id: int) -> bool:
    """The place's open documentation, resources library and press list: its concierges."""
    return is_concierge(user, place_id)
