"""The authorization matrix: every API operation (from the OpenAPI document) and every page
(from the URL patterns) × seven identities, on the objects of "the place" and, where the demo
has them, of "another place".

The expectations are data: `API` and `PAGES` map each operation or route name to a rule (who
may use it) and the objects its path names. An operation or a page without an entry fails
the test, so a new endpoint cannot ship without saying who may use it.

What each cell asserts:
- never a server error;
- a read by someone the rule refuses answers 401, 403 or 404 (or sends to the login page),
  never a 2xx with data; a read by someone the rule allows answers 2xx or 3xx;
- a write (POST, PUT, PATCH, DELETE, with an empty body) by someone the rule refuses answers
  a 4xx (or the login page) and records nothing in the audit log (every write is audited);
  a write by someone allowed is only required not to fail (its body is not a real one).

The world is the demo network (`comptoir_demo`): "the place" is Comptoir Numérique, where the
voyageur (Victor), the nomade (Nina), the résident (Rosa) and the concierge (Claire) hold
their roles; "another place" is Le Mixeur, whose concierge is Léa; the admin is a superuser
(Comptoir's network administrator).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from io import StringIO
from typing import Any
from urllib.parse import urlencode

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from comptoir.core.models import AuditEvent

pytestmark = pytest.mark.django_db

HERE, THERE = "comptoir-numerique", "le-mixeur"
IDENTITIES = {
    "anonymous": None,
    "voyageur": "victor@comptoir.test",
    "nomade": "nina@comptoir.test",
    "resident": "rosa@comptoir.test",
    "other_concierge": "lea@comptoir.test",
    "concierge": "claire@comptoir.test",
    "admin": "admin@comptoir.test",
}
MEMBERS_HERE = {"voyageur", "nomade", "resident", "concierge"}
# Nina (the nomade) is also a traveller of the other place, with a day pass there: she is
# tied to both, so Léa sees her private data too, and she is a member there.
MEMBERS_THERE = {"nomade", "other_concierge"}

# --- Rules: who may use an operation, on objects of a side ("here" or "there") ---------------

Rule = Callable[[str, str], bool]


def anyone(who: str, side: str) -> bool:
    return True


def signed_in(who: str, side: str) -> bool:
    """Any account, on its own data (its profile, its bookings, a sign-up)."""
    return who != "anonymous"


def admin(who: str, side: str) -> bool:
    return who == "admin"


def concierge(who: str, side: str) -> bool:
    """The concierges of the place the objects belong to, and the network admins."""
    if who == "admin":
        return True
    return (who, side) in {("concierge", HERE), ("other_concierge", THERE)}


def member(who: str, side: str) -> bool:
    """Anyone holding a role in the place, its concierges, the network admins."""
    return concierge(who, side) or who in (MEMBERS_HERE if side == HERE else MEMBERS_THERE)


def network_member(who: str, side: str) -> bool:
    """Anyone holding a role in a place of the network (all our identities but the admin)."""
    return who not in {"anonymous"}


def owner(identity: str) -> Rule:
    """The object's owner (an identity of "the place"), its place's concierges, the admins."""

    def rule(who: str, side: str) -> bool:
        return concierge(who, side) or (side == HERE and who == identity)

    rule.__name__ = f"owner:{identity}"
    return rule


def ninas(who: str, side: str) -> bool:
    """Nina's private data (her book, her visits): Nina, the concierges of both her places,
    the admins."""
    return owner("nomade")(who, side) or who == "other_concierge"


def only(*identities: str) -> Rule:
    """Exactly these identities (on either side)."""

    def rule(who: str, side: str) -> bool:
        return who in identities

    rule.__name__ = "only:" + ",".join(identities)
    return rule


def nobody(who: str, side: str) -> bool:
    """Reached only with a secret (a registration's token, a calendar's address): the cell
    uses a wrong one, which nobody may use."""
    return False


# --- Expectations --------------------------------------------------------------------------
# key: "METHOD /path" of the OpenAPI document (without /api/v1), or a URL pattern's name.
# value: the rule, then optionally the object each path parameter names (default: by name).

API: dict[str, tuple[Any, ...]] = {
    "GET /places": (anyone,),
    "GET /places/{slug}": (anyone,),
    "PATCH /places/{slug}": (concierge,),
    "GET /spaces": (anyone,),
    "POST /spaces": (signed_in,),  # the place is in the body: checked after validation
    "GET /spaces/{space_id}": (anyone,),
    "PATCH /spaces/{space_id}": (concierge,),
    "GET /people": (anyone,),
    "GET /people/me": (signed_in,),
    "PATCH /people/me": (signed_in,),
    # Victor is hidden: himself, the concierges of his place, the admins.
    "GET /people/{person_id}": (owner("voyageur"), {"person_id": "victor"}),
    "GET /organizations": (anyone,),
    "POST /organizations": (signed_in,),
    "GET /organizations/{slug}": (anyone,),
    # Claire manages Zoomacom: its managers and the network admins.
    "PATCH /organizations/{slug}": (only("admin", "concierge"),),
    "GET /places/{slug}/roles": (concierge,),
    "POST /places/{slug}/roles": (concierge,),
    "POST /roles/{role_id}/end": (concierge,),
    "GET /places/{slug}/plans": (anyone,),
    "POST /places/{slug}/plans": (concierge,),
    "GET /plans/{plan_id}": (anyone,),
    "PATCH /plans/{plan_id}": (concierge,),
    "POST /places/{slug}/sales": (concierge,),
    "GET /orders/{order_id}": (owner("nomade"),),
    "GET /places/{slug}/subscriptions": (concierge,),
    "GET /subscriptions/{subscription_id}": (owner("resident"),),
    "POST /subscriptions/{subscription_id}/pause": (concierge,),
    "POST /subscriptions/{subscription_id}/resume": (concierge,),
    "POST /subscriptions/{subscription_id}/cancel": (concierge,),
    "POST /subscriptions/{subscription_id}/uncancel": (concierge,),
    "POST /subscriptions/{subscription_id}/end": (concierge,),
    "GET /ticket-books": (signed_in,),
    "GET /ticket-books/{book_id}": (ninas,),
    "GET /ticket-books/{book_id}/movements": (ninas,),
    "POST /ticket-books/{book_id}/corrections": (owner("nomade"),),
    "POST /visits": (signed_in,),
    "GET /visits": (signed_in,),
    "POST /visits/{visit_id}/checkout": (owner("nomade"),),
    "GET /networks/{slug}/settlements": (only("admin", "concierge", "other_concierge"),),
    "GET /places/{slug}/resources": (anyone,),
    "GET /resources/{resource_id}/availability": (anyone,),
    "GET /places/{slug}/availability": (anyone,),
    "GET /bookings": (signed_in,),
    "POST /bookings": (signed_in,),
    "GET /bookings/{booking_id}": (owner("resident"),),
    "POST /bookings/quote": (signed_in,),
    "POST /bookings/{booking_id}/move": (owner("resident"),),
    "POST /bookings/{booking_id}/cancel": (owner("resident"),),
    "POST /waitlist": (signed_in,),
    "DELETE /waitlist/{entry_id}": (owner("nomade"),),
    "POST /waitlist/{entry_id}/confirm": (owner("nomade"),),
    "GET /events": (anyone,),
    "POST /events": (signed_in,),
    "GET /events/{event_id}": (anyone,),
    "PATCH /events/{event_id}": (concierge,),
    "POST /events/{event_id}/cancel": (concierge,),
    "POST /event-series": (signed_in,),
    "POST /events/{event_id}/registrations": (anyone,),
    "GET /events/{event_id}/registrations": (concierge,),
    "POST /registrations/cancel": (anyone,),  # by the token in the body
    "POST /registrations/{registration_id}/cancel": (owner("voyageur"),),
    "PUT /registrations/{registration_id}/attendance": (concierge,),
    "POST /events/{event_id}/walk-ins": (concierge,),
    "PUT /registrations/{registration_id}/public": (concierge,),
    "GET /places/{slug}/activity-report": (concierge,),
    "GET /projects": (anyone,),
    "POST /projects": (signed_in,),
    "GET /projects/{slug}": (anyone,),
    "PATCH /projects/{slug}": (owner("resident"),),
    "GET /projects/{slug}/needs": (anyone,),
    "POST /projects/{slug}/needs": (owner("resident"),),
    "POST /needs/{need_id}/answers": (signed_in,),
    "POST /needs/{need_id}/close": (owner("resident"),),
    "GET /projects/{slug}/contributions": (anyone,),
    "POST /projects/{slug}/contributions": (signed_in,),
    "GET /contributions": (signed_in,),
    "POST /contributions": (signed_in,),
    "POST /contributions/{contribution_id}/validate": (concierge,),
    "POST /contributions/{contribution_id}/refuse": (concierge,),
    "GET /projects/{slug}/contributions.jsonld": (anyone,),
    "GET /shares": (signed_in,),
    "GET /places/{slug}/prestations": (concierge,),
    "POST /places/{slug}/prestations": (concierge,),
    # Validated, it is seen by those with a share of it (Nina and Rosa in the demo).
    "GET /prestations/{prestation_id}": (only("admin", "concierge", "nomade", "resident"),),
    "PATCH /prestations/{prestation_id}": (concierge,),
    "POST /prestations/{prestation_id}/validate": (concierge,),
    "GET /places/{slug}/programmes": (member,),
    "POST /places/{slug}/programmes": (concierge,),
    "GET /programmes/{programme_id}": (member,),
    "PATCH /programmes/{programme_id}": (concierge,),
    "GET /programmes/{programme_id}/cohorts": (member,),
    "POST /programmes/{programme_id}/stages": (concierge,),
    "PATCH /stages/{stage_id}": (concierge,),
    "DELETE /stages/{stage_id}": (concierge,),
    "POST /stages/{stage_id}/move": (concierge,),
    "POST /stages/{stage_id}/items": (concierge,),
    "PATCH /checklist-items/{item_id}": (concierge,),
    "DELETE /checklist-items/{item_id}": (concierge,),
    "POST /checklist-items/{item_id}/move": (concierge,),
    "GET /places/{slug}/incubations": (member,),
    "POST /incubations": (signed_in,),
    "GET /incubations/{incubation_id}": (member,),
    "POST /incubations/{incubation_id}/advance": (concierge,),
    "PUT /incubations/{incubation_id}/ticks/{item_id}": (concierge,),
    "DELETE /incubations/{incubation_id}/ticks/{item_id}": (concierge,),
    "GET /incubations/{incubation_id}/canvas": (member,),
    "GET /incubations/{incubation_id}/canvas/revisions": (member,),
    "POST /incubations/{incubation_id}/canvas/revisions": (concierge,),
    "GET /places/{slug}/documentation": (anyone,),
    "PUT /places/{slug}/documentation/{key}": (concierge,),
    "GET /places/{slug}/documentation/{key}/revisions": (anyone,),
    "GET /places/{slug}/documentation.wiki": (anyone,),
    "GET /places/{slug}/documentation.json": (anyone,),
    "GET /places/{slug}/documentation.zip": (anyone,),
}

# Requests with a query that the issue found leaking, checked as cells of their own.
API_PROBES: dict[str, tuple[Any, ...]] = {
    # Rosa holds a role at the place only; Nina at both places.
    "GET /visits?person_id={rosa}": (owner("resident"),),
    "GET /ticket-books?person_id={rosa}": (owner("resident"),),
    "GET /bookings?person_id={rosa}": (owner("resident"),),
    "GET /visits?person_id={nina}": (ninas,),
    "GET /ticket-books?person_id={nina}": (ninas,),
    "GET /visits?place={place}": (signed_in,),  # others see only their own visits there
}

PAGES: dict[str, tuple[Any, ...]] = {
    "api:openapi-json": (anyone,),
    "api:openapi-view": (anyone,),
    "api:api-root": (nobody,),  # ninja's root: a 404 for everyone
    "core:health": (anyone,),
    "core:language": (anyone, {}, "POST"),
    "core:floor": (anyone,),
    "core:media": (nobody,),  # a file no row refers to: a 404 for everyone
    "/api/{path}": (nobody,),  # an unknown address under /api/: a JSON 404 for everyone
    "home:home": (anyone,),
    "home:audit-list": (concierge,),
    "agenda:place-manage": (concierge,),
    "agenda:event-create": (concierge,),
    "agenda:series-create": (concierge,),
    "agenda:event-edit": (concierge,),
    "agenda:event-cancel": (concierge,),
    "agenda:series-edit": (concierge,),
    "agenda:series-cancel": (concierge,),
    "agenda:attendance": (concierge,),
    "agenda:register-desk": (concierge,),
    "agenda:walk-in": (concierge,),
    "agenda:attendance-mark": (concierge,),
    "agenda:public-record": (concierge,),
    "agenda:report": (concierge,),
    "agenda:report-csv": (concierge,),
    "agenda:report-xlsx": (concierge,),
    "agenda:network": (anyone,),
    "agenda:network-ics": (anyone,),
    "agenda:network-atom": (anyone,),
    "agenda:kind-ics": (anyone,),
    "agenda:place": (anyone,),
    "agenda:place-ics": (anyone,),
    "agenda:place-atom": (anyone,),
    "agenda:event": (anyone,),
    "agenda:register": (anyone,),
    "agenda:event-slug": (anyone,),
    "agenda:registration": (nobody,),  # by its secret token
    "agenda:registration-cancel": (nobody,),
    "places:place-list": (anyone,),
    "places:place-detail": (anyone,),
    "places:place-edit": (concierge,),
    "community:directory": (anyone,),
    "community:person-detail": (owner("voyageur"), {"pk": "victor"}),
    "community:profile": (signed_in,),
    "community:my-data": (signed_in,),  # each person's own data
    "community:my-data-json": (signed_in,),
    "community:erase-me": (signed_in,),
    "community:person-erase": (admin,),
    "community:api-token-create": (signed_in,),
    "community:api-token-revoke": (signed_in,),
    "community:organization-list": (anyone,),
    "community:organization-create": (signed_in,),
    "community:organization-detail": (anyone,),
    "community:organization-edit": (only("admin", "concierge"),),  # Zoomacom's manager
    "community:role-list": (concierge,),
    "community:role-end": (concierge,),
    "access:plan-list": (anyone,),  # the offers; managing them is for the concierges
    "access:plan-create": (concierge,),
    "access:plan-edit": (concierge,),
    "access:sell": (concierge,),
    "access:subscription-list": (concierge,),
    "access:subscription-action": (concierge,),
    "access:person-access": (owner(""), {"pk": "nina"}),
    "access:settlement": (only("admin", "concierge", "other_concierge"),),
    "access:place-settlement": (signed_in,),  # a link to the network's page
    "access:settlement-csv": (only("admin", "concierge", "other_concierge"),),
    "billing:order-detail": (owner("nomade"),),
    "billing:order-list": (concierge,),
    "presence:kiosk": (concierge,),
    "presence:kiosk-check-in": (concierge,),
    "presence:kiosk-scan": (concierge,),
    "presence:place-presence": (member,),
    "presence:self-check-in": (network_member,),
    "presence:check-out": (owner("nomade"),),
    "presence:my-visits": (signed_in,),
    "presence:my-card": (signed_in,),
    "presence:my-card-svg": (signed_in,),
    "presence:my-card-replace": (signed_in, {}, "POST"),  # each person replaces their own
    # Rosa manages nothing; the concierges see the visits in the places they serve.
    "presence:organization-usage": (only("admin", "concierge", "other_concierge"),),
    "bookings:resources": (concierge,),
    "bookings:resource-edit": (concierge,),
    "bookings:place-day": (anyone,),
    "bookings:resource-week": (anyone,),
    "bookings:book": (signed_in,),
    "bookings:waitlist-join": (signed_in,),
    "bookings:trainings": (concierge,),
    "bookings:my-bookings": (signed_in,),
    "bookings:calendar-feed-create": (signed_in,),
    "bookings:calendar-feed-revoke": (owner("resident"),),
    "bookings:cancel": (owner("resident"),),
    "bookings:move": (owner("resident"),),
    "bookings:waitlist-leave": (owner("nomade"),),
    "bookings:waitlist-confirm": (owner("nomade"),),
    "booking_feeds:resource-feed": (anyone,),
    "booking_feeds:person-feed": (nobody,),  # by its secret
    "projects:list": (anyone,),
    "projects:create": (signed_in,),
    "projects:detail": (anyone,),
    "projects:edit": (owner("resident"),),
    "projects:members": (owner("resident"),),
    "projects:journal-add": (owner("resident"),),
    "projects:need-create": (owner("resident"),),
    "projects:need-answer": (signed_in,),
    "projects:need-close": (owner("resident"),),
    "incubation:place": (member,),
    "incubation:programme-create": (concierge,),
    "incubation:start": (concierge,),
    "incubation:detail": (member,),
    "incubation:checklist-toggle": (concierge,),
    "incubation:stage-advance": (concierge,),
    "incubation:mentor-add": (concierge,),
    "incubation:mentor-remove": (concierge,),
    "incubation:canvas-edit": (concierge,),
    "incubation:canvas-history": (member,),
    "incubation:programme-stages": (concierge,),
    "incubation:stage-add": (concierge,),
    "incubation:stage-update": (concierge,),
    "incubation:stage-move": (concierge,),
    "incubation:stage-remove": (concierge,),
    "incubation:item-add": (concierge,),
    "incubation:item-update": (concierge,),
    "incubation:item-move": (concierge,),
    "incubation:item-remove": (concierge,),
    "contributions:project-contributions": (anyone,),
    "contributions:project-contributions-jsonld": (anyone,),
    "contributions:contribution-decide": (concierge,),
    "contributions:place-contributions": (signed_in,),  # the queue: concierges
    "contributions:my-contributions": (signed_in,),
    "contributions:prestation-list": (concierge,),
    "contributions:prestation-detail": (concierge,),
    "contributions:prestation-edit": (concierge,),
    "publishing:place": (anyone,),
    "publishing:section-edit": (concierge,),
    "publishing:section-history": (anyone,),
    "publishing:section-revision": (anyone,),
    "publishing:export-wiki": (anyone,),
    "publishing:export-markdown": (anyone,),
    "publishing:export-json": (anyone,),
    "publishing:resources": (anyone,),
    "publishing:resource-delete": (concierge,),
    "publishing:press": (anyone,),
    "publishing:press-delete": (concierge,),
    "publishing:opendata-mediation": (anyone,),
}
# Whole families, decided by the framework that serves them: django-allauth's account pages
# (open to anyone, they redirect signed-in people) and Django's admin (staff only: only the
# network admins are staff).
PAGE_FAMILIES: dict[str, Rule] = {"account_": anyone, "admin:": admin}
# Logging out is never sent as a POST: the rest of the identity's cells need the session.
PAGES.update({"admin:login": (anyone,), "admin:logout": (anyone, {}, "GET")})
PAGES["account_logout"] = (anyone, {}, "GET")
# Read-only in the admin (money, ledgers, visits: written by the services, never by hand),
# and routes that need parameters the matrix does not forge.
_READ_ONLY_IN_ADMIN = [
    "django_tasks_database_dbtaskresult",
    "community_apitoken",
    "billing_order",
    "billing_payment",
    "access_subscription",
    "access_ticketbook",
    "access_ticketmovement",
    "access_daypass",
    "presence_visit",
    "bookings_qualification",
    "bookings_booking",
    "bookings_waitlistentry",
]
PAGES.update({f"admin:{model}_add": (nobody,) for model in _READ_ONLY_IN_ADMIN})
PAGES.update(
    {
        f"admin:{model}_delete": (nobody,)
        for model in _READ_ONLY_IN_ADMIN
        if model != "community_apitoken"  # a token is revoked by deleting it
    }
)
PAGES.update(
    {
        "admin:autocomplete": (nobody,),
        "admin:view_on_site": (nobody,),
        "admin:/admin/{url}": (nobody,),  # the admin's catch-all: a 404 for anything unknown
    }
)


# --- The objects each side offers, by parameter -------------------------------------------


def _objects(side: str) -> dict[str, Any]:
    """Path parameter values naming objects of this side (None where the demo has none)."""
    from comptoir.access.models import Plan, Subscription, TicketBook
    from comptoir.agenda.models import Event, EventSeries, Registration
    from comptoir.billing.models import Order
    from comptoir.bookings.models import Booking, CalendarFeed, Resource, WaitlistEntry
    from comptoir.community.models import CONCIERGE_ROLES, ApiToken, Person, PlaceRole
    from comptoir.contributions.models import Contribution, Prestation
    from comptoir.incubator.models import ChecklistItem, Incubation, Programme, Stage
    from comptoir.places.models import Place, Space
    from comptoir.presence.models import Visit
    from comptoir.projects.models import Need, Project
    from comptoir.publishing.models import PressItem, Section, SharedResource

    place = Place.objects.get(slug=side)

    def first(qs: Any, attr: str = "pk") -> Any:
        found = qs.order_by("pk").first()
        return None if found is None else getattr(found, attr)

    def person(email: str) -> int:
        return Person.objects.get(email=f"{email}@comptoir.test").pk

    here = side == HERE
    nina, rosa, victor = person("nina"), person("rosa"), person("victor")
    event = first(Event.objects.filter(place=place))
    resource = Resource.objects.filter(place=place).order_by("pk").first()
    project = first(Project.objects.filter(places=place, slug="event42"), "slug")
    programme = first(Programme.objects.filter(place=place))
    incubation = first(Incubation.objects.filter(programme__place=place))
    stage = first(Stage.objects.filter(programme__place=place))
    item = first(ChecklistItem.objects.filter(stage__programme__place=place))
    section = first(Section.objects.filter(place=place), "key")
    registration = Registration.objects.filter(event__place=place).order_by("pk")
    if here:
        registration = registration.filter(person_id=victor)
    return {
        "place": place.slug,
        "network": place.network.slug,
        "organization": "zoomacom",
        "space": first(Space.objects.filter(place=place)),
        "plan": first(Plan.objects.filter(place=place)),
        "order": first(Order.objects.filter(place=place, buyer_id=nina if here else None)),
        "role": first(PlaceRole.objects.filter(place=place).exclude(role__in=CONCIERGE_ROLES)),
        "subscription": first(
            Subscription.objects.filter(place=place, organization__slug="zoomacom")
        ),
        "book": first(TicketBook.objects.filter(place=place, person_id=nina)),
        "visit": first(Visit.objects.filter(place=place, person_id=nina)),
        "resource": None if resource is None else resource.pk,
        "resource_slug": None if resource is None else resource.slug,
        "booking": first(Booking.objects.filter(resource__place=place, person_id=rosa)),
        "waitlist": first(WaitlistEntry.objects.filter(resource__place=place, person_id=nina)),
        "event": event,
        "series": getattr(
            EventSeries.objects.filter(place=place).order_by("-pk").first(), "pk", None
        ),
        "registration": first(registration),
        "registration_token": "inconnu",
        "project": project,
        "need": first(Need.objects.filter(project__slug=project)) if project else None,
        "contribution": first(Contribution.objects.filter(place=place)),
        "prestation": first(Prestation.objects.filter(place=place)),
        "programme": programme,
        "stage": stage,
        "item": item,
        "incubation": incubation,
        "incubation_project": first(Project.objects.filter(incubation__pk=incubation), "slug")
        if incubation
        else None,
        "section": section,
        "shared_resource": first(SharedResource.objects.filter(place=place)),
        "press": first(PressItem.objects.filter(place=place)),
        "token": first(ApiToken.objects.filter(person_id=rosa)) if here else None,
        "feed": first(CalendarFeed.objects.filter(person_id=rosa)) if here else None,
        "feed_secret": "inconnu",
        "nina": nina if here else None,
        "rosa": rosa if here else None,
        "victor": victor if here else None,
        "kind": "atelier",
        "number": 1,
        "action": "pause",
        "mentor": person("claire"),
        "person": nina if here else None,
        "admin_id": "1" if here else None,
        "app_label": "community" if here else None,
        "admin_url": "inconnu/" if here else None,
        "reset_key": "0-inconnu" if here else None,
        "unknown_api_path": "inconnu" if here else None,
        "media_name": "resources/inconnu.pdf" if here else None,
    }


# Which object a path parameter names, from its name and what comes before it in the path.
_BY_CONTEXT = [
    (r"incubation/", "slug", "incubation_project"),
    # A person who exists whatever the database's sequences (the demo is loaded after other
    # tests, so its first person's id is not always 1).
    (r"^admin/community/person/", "object_id", "victor"),
    (r"^admin/community/person/", "id", "victor"),
    (r"^admin/", "object_id", "admin_id"),
    (r"^admin/", "id", "admin_id"),
    (r"^admin/", "content_type_id", "admin_id"),
    (r"^comptes/", "key", "reset_key"),
    (r"^comptes/", "uidb36", "reset_key"),
    (r"^agenda/\{pk\}/\{slug\}", "slug", "kind"),
    (r"(^|/)(places|lieux)/\{?<?(slug:)?slug", "slug", "place"),
    (r"(^|/)(organizations|structures)/", "slug", "organization"),
    (r"(^|/)(projects|projets)/", "slug", "project"),
    (r"(^|/)(networks|reseaux)/", "slug", "network"),
    (r"^agenda/series/", "pk", "series"),
    (r"^agenda/inscriptions/", "token", "registration_token"),
    (r"^agenda/", "pk", "event"),
    (r"^agenda/", "registration_pk", "registration"),
    (r"^offres/", "pk", "plan"),
    (r"^abonnements/", "pk", "subscription"),
    (r"/personnes/", "pk", "person"),
    (r"^communaute/personnes/", "pk", "victor"),
    (r"^ventes/", "pk", "order"),
    (r"^passages/", "pk", "visit"),
    (r"^reservations/", "pk", "booking"),
    (r"^attente/", "pk", "waitlist"),
    (r"^profil/jetons/", "pk", "token"),
    (r"^profil/reservations/calendrier/", "pk", "feed"),
    (r"/roles/", "pk", "role"),
    (r"^contributions/", "pk", "contribution"),
    (r"^prestations/", "pk", "prestation"),
    (r"/programmes/", "pk", "programme"),
    (r"/ressources-partagees/", "pk", "shared_resource"),
    (r"/presse/", "pk", "press"),
]
_BY_NAME = {
    "space_id": "space",
    "person_id": "victor",
    "role_id": "role",
    "plan_id": "plan",
    "order_id": "order",
    "subscription_id": "subscription",
    "book_id": "book",
    "visit_id": "visit",
    "resource_id": "resource",
    "booking_id": "booking",
    "entry_id": "waitlist",
    "event_id": "event",
    "registration_id": "registration",
    "need_id": "need",
    "contribution_id": "contribution",
    "prestation_id": "prestation",
    "programme_id": "programme",
    "stage_id": "stage",
    "item_id": "item",
    "incubation_id": "incubation",
    "key": "section",
    "resource_slug": "resource_slug",
    "secret": "feed_secret",
    "kind": "kind",
    "number": "number",
    "action": "action",
    "person_pk": "mentor",
    "item_pk": "item",
    "stage_pk": "stage",
    "app_label": "app_label",
    "path": "unknown_api_path",
    "name": "media_name",
    "url": "admin_url",
}


def _object_for(path: str, param: str, overrides: dict[str, str]) -> str:
    if param in overrides:
        return overrides[param]
    for pattern, name, obj in _BY_CONTEXT:
        if name == param and re.search(pattern, path):
            return obj
    if param == "slug" and path.startswith("projets/") and "incubation" in path:
        return "incubation_project"
    if param == "pk" and "incubateur/programmes" in path:
        return "programme"
    return _BY_NAME[param]


# --- The routes: every page and every operation -----------------------------------------


@dataclass
class Route:
    key: str  # the expectations' key
    method: str  # "GET", or the API write's method; pages: "GET" (POST if GET is refused)
    path: str  # with {param} placeholders, from the site root
    params: list[str]
    api: bool
    query: str = ""
    get_only: bool = False


def _walk(patterns: list[Any], prefix: str = "", ns: str = "") -> Iterator[tuple[str, str]]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            namespace = ns + (f"{pattern.namespace}:" if pattern.namespace else "")
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern), namespace)
        elif isinstance(pattern, URLPattern):
            # Unnamed patterns (the admin's redirects, its catch-all) are named by their path.
            name = pattern.name or _page_path(prefix + str(pattern.pattern))[0]
            yield prefix + str(pattern.pattern), ns + name


def _page_path(route: str) -> tuple[str, list[str]]:
    """A URL pattern as a path with {param} placeholders (regex patterns made literal)."""
    route = route.replace("^", "").replace("$", "")
    route = re.sub(r"\(\?!\(\?:[^)]*\)/\)", "", route)  # the event-slug pattern's lookahead
    params: list[str] = []

    def converter(match: re.Match[str]) -> str:
        params.append(match.group("name"))
        return "{" + match.group("name") + "}"

    route = re.sub(r"\(\?P<(?P<name>\w+)>[^)]*\)", converter, route)
    route = re.sub(r"<(?:\w+:)?(?P<name>\w+)>", converter, route)
    return "/" + route, params


def pages() -> list[Route]:
    routes = []
    for pattern, name in _walk(get_resolver().url_patterns):
        if name.startswith("api:") and name not in {
            "api:openapi-json",
            "api:openapi-view",
            "api:api-root",
        }:
            continue  # the operations, checked from the OpenAPI document
        path, params = _page_path(pattern)
        routes.append(Route(name, "GET", path, params, api=False))
    return routes


def operations() -> list[Route]:
    from comptoir.api.main import api

    routes = []
    for path, ops in api.get_openapi_schema()["paths"].items():
        for method, op in ops.items():
            short = path.removeprefix("/api/v1")
            params = [p["name"] for p in op.get("parameters", []) if p["in"] == "path"]
            query = _required_query(op.get("parameters", []))
            key = f"{method.upper()} {short}"
            routes.append(Route(key, method.upper(), path, params, True, query))
    return routes


def _required_query(parameters: list[dict[str, Any]]) -> str:
    """Values for the required query parameters, from their documented format."""
    from datetime import timedelta

    from django.utils import timezone

    today = timezone.localdate()
    values = {
        ("date", "start"): (today - timedelta(days=30)).isoformat(),
        ("date", "end"): today.isoformat(),
        ("date-time", "start"): f"{today + timedelta(days=1)}T09:00:00+01:00",
        ("date-time", "end"): f"{today + timedelta(days=1)}T18:00:00+01:00",
    }
    pairs = []
    for parameter in parameters:
        if parameter["in"] == "query" and parameter.get("required"):
            schema = parameter.get("schema", {})
            fmt = schema.get("format", "")
            pairs.append((parameter["name"], values.get((fmt, parameter["name"]), "1")))
    return urlencode(pairs)


def expectation(route: Route) -> tuple[Rule, dict[str, str], str]:
    """The rule, the objects named by the path parameters, the method (pages: "" for GET,
    then POST when the page refuses GET)."""
    table = API if route.api else PAGES
    entry = table.get(route.key)
    if entry is None:
        for prefix, rule in PAGE_FAMILIES.items():
            if not route.api and route.key.startswith(prefix):
                return rule, {}, ""
        raise KeyError(route.key)
    rule, overrides, method = (*entry, {}, "")[:3]
    return rule, overrides, method


# --- The test -------------------------------------------------------------------------------


def test_every_operation_and_page_has_an_expectation() -> None:
    missing = [r.key for r in operations() + pages() if not _has_entry(r)]
    assert not missing, f"Say who may use these (tests/test_authorization_matrix.py): {missing}"
    stale = set(API) - {r.key for r in operations()} | set(PAGES) - {r.key for r in pages()}
    assert not stale, f"Expectations for routes that no longer exist: {sorted(stale)}"


def _has_entry(route: Route) -> bool:
    try:
        expectation(route)
    except KeyError:
        return False
    return True


def _client(who: str) -> Client:
    from comptoir.community.models import Person

    client = Client(raise_request_exception=False)
    email = IDENTITIES[who]
    if email is not None:
        client.force_login(Person.objects.get(email=email))
    return client


def _denied(response: Any) -> bool:
    if response.status_code in {401, 403, 404, 405}:
        return True
    location = response.get("Location", "")
    return response.status_code == 302 and ("login" in location or "connexion" in location)


@dataclass
class Cell:
    route: Route
    side: str
    url: str
    allowed: bool
    write: bool


def _cells(who: str) -> list[Cell]:
    sides = {HERE: _objects(HERE), THERE: _objects(THERE)}
    cells = []
    for route in operations() + pages():
        rule, overrides, method = expectation(route)
        route.method = method or route.method
        route.get_only = method == "GET"
        urls = set()
        for side, objects in sides.items():
            path = route.path.lstrip("/")
            values = {p: objects.get(_object_for(path, p, overrides)) for p in route.params}
            url = route.path.format(**values) + (f"?{route.query}" if route.query else "")
            if any(v is None for v in values.values()) or url in urls:
                continue  # nothing of this side to ask for, or the same request as here
            urls.add(url)
            cells.append(Cell(route, side, url, rule(who, side), route.method != "GET"))
    for key, (rule, *_rest) in API_PROBES.items():
        method, path = key.split(" ", 1)
        route = Route(key, method, "/api/v1" + path, [], True)
        for side, objects in sides.items():
            names = re.findall(r"\{(\w+)\}", path)
            if any(objects.get(n) is None for n in names):
                continue
            url = route.path.format(**{n: objects[n] for n in names})
            cells.append(Cell(route, side, url, rule(who, side), False))
    # Reads first: the writes that are allowed may change what later cells find.
    return sorted(cells, key=lambda cell: cell.write)


def _send(client: Client, cell: Cell) -> Any:
    method = cell.route.method.lower()
    if not cell.route.api and method == "post":
        return client.post(cell.url, {})
    if not cell.route.api:
        response = client.get(cell.url)
        if response.status_code == 405 and not cell.route.get_only:
            cell.write = True
            response = client.post(cell.url, {})
        return response
    headers = {"HTTP_ACCEPT": "application/json"}
    if method == "get":
        return client.get(cell.url, **headers)
    return getattr(client, method)(cell.url, data="{}", content_type="application/json", **headers)


def _check(cell: Cell, response: Any, audited: bool) -> str | None:
    status = response.status_code
    if status >= 500:
        return "server error"
    if cell.allowed:
        # 409: allowed, but the object's state says no (a validated prestation, a past series);
        # 405: a page that only takes a POST, never sent one here (logging out).
        ok = 200 <= status < 400 or status == 409 or (status == 405 and cell.route.get_only)
        if not cell.write and not ok:
            return "refused to someone allowed"
        return None
    if cell.route.key in API_PROBES and status == 422:
        # A filter naming someone the caller may not see is refused as an unknown person,
        # the same answer as an id that does not exist.
        return None
    if cell.write:
        if not (400 <= status < 500 or _denied(response)):
            return "a refused write answered " + str(status)
        return "a refused write was recorded" if audited else None
    return None if _denied(response) else "data for someone refused"


def _run(who: str) -> tuple[int, list[str]]:
    """Every cell of one identity: (number of cells, failures)."""
    client = _client(who)
    failures = []
    cells = _cells(who)
    for cell in cells:
        audited_before = AuditEvent.objects.count() if cell.write or not cell.route.api else 0
        response = _send(client, cell)
        audited = (
            cell.write or not cell.route.api
        ) and AuditEvent.objects.count() != audited_before
        problem = _check(cell, response, audited and not cell.allowed)
        if problem:
            failures.append(
                f"{who:16} {cell.side:18} {cell.route.key:50} {cell.url:60} "
                f"{response.status_code} {problem}"
            )
    return len(cells), failures


def test_the_matrix(capsys: Any) -> None:
    """All identities on one load of the demo; each runs in a savepoint rolled back after
    it, so the writes one identity may make do not change what the next one sees."""
    call_command("comptoir_demo", stdout=StringIO())
    counts: dict[str, int] = {}
    failures: list[str] = []
    for who in IDENTITIES:
        with transaction.atomic():
            counts[who], failed = _run(who)
            failures += failed
            transaction.set_rollback(True)
    with capsys.disabled():
        print(f"\nauthorization matrix: {sum(counts.values())} cells {counts}")
    assert not failures, f"{len(failures)} of {sum(counts.values())} cells:\n" + "\n".join(failures)
