"""What the header's menus need on every page: the places where the person holds a role,
the place the page is about, and whether they serve it as a concierge (issue 14, point 2).

A context processor, evaluated lazily, that adds no query to a page: when the view asked
`permissions` about roles, their single query brought the places' slugs and names along
(cached on the user for the request) and the menus use them; otherwise the menus use the
roles the session remembered at login (`remember_at_login`), read again once a day. The
menus only lead to pages: each page still asks `permissions` itself. Anonymous visitors cost
nothing."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import pgettext_lazy

from comptoir.cigale.selectors import clubs_of_person
from comptoir.community import permissions

# Routes about one place: the place's slug is their `slug` argument.
_PLACE_ROUTE = "lieux/<slug:slug>/"
_SESSION_KEY = "comptoir_nav"
_CLUBS_KEY = "comptoir_nav_clubs"


@dataclass(frozen=True)
class PlaceLink:
    slug: str
    name: str
    concierge: bool


@dataclass
class Navigation:
    places: list[PlaceLink] = field(default_factory=list)
    # The place the page is about (its slug from the URL), else the person's first place.
    current_slug: str = ""
    current_name: str = ""
    # The person holds a role at the current place (or serves it): its member pages.
    is_member: bool = False
    # The person serves the current place as a concierge (or is a network admin).
    is_concierge: bool = False
    # Permanent concierges and admins edit the place; treasurers keep its accounts.
    can_edit_place: bool = False
    can_keep_accounts: bool = False
    # The menu group the current page belongs to (aria-current on its summary).
    section: str = ""
    # The design system's style page is open to them (comptoir.core.views.style).
    style_page: bool = False
    # The Cigale clubs of the current place the person is a member of: (id, name).
    clubs: list[tuple[int, str]] = field(default_factory=list)


# The first part of a path, and the menu group it belongs to.
_SECTIONS = {
    "lieux": "come",
    "profil": "come",
    "reservations": "book",
    "attente": "book",
    "agenda": "agenda",
    "communaute": "community",
    "structures": "community",
    "projets": "projects",
    "nouvelles": "community",
    "coups-de-main": "community",
    "permanences": "desk",
    "mes-emprunts": "book",
}
_PLACE_SECTIONS = {
    "reservations": "book",
    "offres": "book",
    "habilitations": "book",
    "agenda": "agenda",
    "incubateur": "projects",
    "gouvernance": "community",
    "cigales": "community",
    "adhesions": "sales",
    "parts-sociales": "sales",
    "coups-de-main": "community",
    "objets": "book",
    "boite-a-dons": "come",
    "conciergerie": "come",
    "prets": "desk",
    "colis": "desk",
    "permanences": "desk",
    "accueil": "desk",
    "ventes": "sales",
    "abonnements": "sales",
    "compensation": "sales",
    "prestations": "sales",
    "rapport-activite": "reports",
    "presence": "reports",
    "journal": "reports",
    "clotures": "reports",
    "fec": "reports",
    "roles": "settings",
    "ressources": "settings",
    "modifier": "settings",
    "documentation": "settings",
    "ressources-partagees": "settings",
    "presse": "settings",
}


def _section(path: str, in_place: bool) -> str:
    parts = [part for part in path.split("/") if part]
    if not parts:
        return ""
    if in_place and len(parts) > 2:
        return _PLACE_SECTIONS.get(parts[2], "come")
    if parts[0] == "profil" and len(parts) > 1:
        return {
            "reservations": "book",
            "contributions": "projects",
            "adhesions": "community",
            "nouvelles": "community",
        }.get(parts[1], "come")
    return _SECTIONS.get(parts[0], "")


def _remembered(request: HttpRequest) -> list[tuple[str, str, list[str]]]:
    """The roles and places of the person: fresh when the view read them, else as the
    session remembered them today (at login, see `remember_at_login`), else read once and
    remembered for the day. A role given since the login shows in the menus of the pages
    that read the roles at once, in the others the next day or at the next login."""
    user = request.user
    session = getattr(request, "session", None)
    if session is None:
        return permissions.roles_with_places(user, load=True) or []
    today = timezone.localdate().isoformat()
    fresh = permissions.roles_with_places(user, load=False)
    kept = session.get(_SESSION_KEY)
    if fresh is None and kept and kept.get("day") == today:
        return [(slug, name, list(roles)) for slug, name, roles in kept["places"]]
    if fresh is None:
        fresh = permissions.roles_with_places(user, load=True) or []
        session[_SESSION_KEY] = {"day": today, "places": [list(place) for place in fresh]}
    return fresh


def _clubs(request: HttpRequest, user: Any) -> list[tuple[str, int, str]]:
    """The person's Cigale clubs as the session remembered them today (at login), else read
    once and remembered for the day; none without a session (no query)."""
    session = getattr(request, "session", None)
    if session is None:
        return []
    today = timezone.localdate().isoformat()
    kept = session.get(_CLUBS_KEY)
    if kept and kept.get("day") == today:
        return [(slug, pk, name) for slug, pk, name in kept["clubs"]]
    clubs = clubs_of_person(person_id=user.pk)
    session[_CLUBS_KEY] = {"day": today, "clubs": [list(club) for club in clubs]}
    return clubs


def remember_at_login(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    """At login the person's roles and places (and Cigale clubs) are read once and kept in
    the session, so that pages which ask no question about roles show their menus without a
    query."""
    if request is None or not hasattr(request, "session"):
        return
    places = permissions.roles_with_places(user, load=True) or []
    today = timezone.localdate().isoformat()
    request.session[_SESSION_KEY] = {"day": today, "places": [list(place) for place in places]}
    clubs = clubs_of_person(person_id=user.pk)
    request.session[_CLUBS_KEY] = {"day": today, "clubs": [list(club) for club in clubs]}


def build(request: HttpRequest) -> Navigation:
    # A request refused before the middleware ran (a bad Host header: the styled 400) has
    # neither user nor session.
    user = getattr(request, "user", None) or AnonymousUser()
    match = request.resolver_match
    url_slug = ""
    if match is not None and match.route.startswith(_PLACE_ROUTE):
        url_slug = str(match.kwargs.get("slug", ""))
    nav = Navigation(section=_section(request.path, bool(url_slug)), current_slug=url_slug)
    nav.style_page = settings.DEBUG or bool(user.is_authenticated and user.is_staff)
    if not user.is_authenticated:
        return nav
    rights: dict[str, tuple[bool, bool, bool]] = {}
    for slug, name, held in _remembered(request):
        rights[slug] = permissions.menu_rights(user, held)
        nav.places.append(PlaceLink(slug=slug, name=name, concierge=rights[slug][0]))
    if not nav.current_slug and nav.places:
        # Off a place's pages, the menus lead to the first place the person serves, else
        # the first where they hold a role.
        serving = [link for link in nav.places if link.concierge]
        nav.current_slug = (serving or nav.places)[0].slug
    if nav.current_slug in rights:
        nav.current_name = next(p.name for p in nav.places if p.slug == nav.current_slug)
        nav.is_concierge, nav.can_edit_place, nav.can_keep_accounts = rights[nav.current_slug]
        nav.is_member = True
    elif nav.current_slug and permissions.is_network_admin(user):
        # A network admin serves every place, tied to it by a role or not.
        nav.is_concierge = nav.can_edit_place = nav.can_keep_accounts = True
        nav.is_member = True
    if nav.current_slug:
        nav.clubs = [
            (pk, name) for slug, pk, name in _clubs(request, user) if slug == nav.current_slug
        ]
    return nav


# The menu groups: what members do, then what concierges do (labels translated when shown).
NAV_GROUPS = [
    ("come", pgettext_lazy("menu", "Come"), "door-open"),
    ("book", pgettext_lazy("menu", "Book"), "calendar-check"),
    ("agenda", pgettext_lazy("menu", "Agenda"), "calendar-days"),
    ("community", pgettext_lazy("menu", "Community"), "users"),
    ("projects", pgettext_lazy("menu", "Projects"), "folder-kanban"),
]
CONCIERGE_GROUPS = [
    ("desk", pgettext_lazy("menu", "Desk"), "door-open"),
    ("sales", pgettext_lazy("menu", "Sales"), "shopping-cart"),
    ("reports", pgettext_lazy("menu", "Reports"), "chart-column"),
    ("settings", pgettext_lazy("menu", "Settings"), "settings"),
]


def navigation(request: HttpRequest) -> dict[str, Any]:
    return {
        "nav": SimpleLazyObject(lambda: build(request)),
        "nav_groups": NAV_GROUPS,
        "concierge_groups": CONCIERGE_GROUPS,
    }
