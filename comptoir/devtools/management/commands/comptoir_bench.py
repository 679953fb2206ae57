"""Measure the main pages and API lists on generated data; write docs/benchmarks.md."""

from __future__ import annotations

import os
import tempfile
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from typing import Any

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.staticfiles.storage import ManifestFilesMixin, staticfiles_storage
from django.core.cache import cache
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection
from django.db.models import Count
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from comptoir.access.models import (
    DayPass,
    Plan,
    Subscription,
    TicketBook,
    TicketMovement,
    TicketUnit,
)
from comptoir.agenda import public_cache
from comptoir.agenda.models import Event, Registration
from comptoir.billing.models import Order
from comptoir.bookings.models import Booking, Qualification, Resource, Training
from comptoir.cigale.models import Club
from comptoir.community import services as community_services
from comptoir.community.models import (
    CONCIERGE_ROLES,
    Affiliation,
    ApiToken,
    Organization,
    Person,
    PersonSkill,
    PlaceRole,
    PlaceTie,
    Role,
    Skill,
    Visibility,
)
from comptoir.contributions.models import Contribution
from comptoir.core.bulk import sql_delete
from comptoir.core.models import AuditEvent
from comptoir.devtools.bench import cluster, cluster_data, first_impression, machine, scales
from comptoir.devtools.bench import measure as bench
from comptoir.devtools.bench import pages as bench_pages
from comptoir.devtools.bench import search as bench_search
from comptoir.devtools.generate.base import DOMAIN, NETWORK_SLUG
from comptoir.devtools.generate.network import generated_network_exists
from comptoir.governance.models import Proposal
from comptoir.lending.models import Item
from comptoir.places.models import Equipment, Network, Place, Space
from comptoir.presence.models import CoveredPeriod, Visit
from comptoir.projects.models import Project
from comptoir.publishing import public_cache as publishing_cache

COUNTED_MODELS = [
    Network,
    Place,
    Space,
    Equipment,
    Person,
    Skill,
    PersonSkill,
    Organization,
    Affiliation,
    PlaceRole,
    AuditEvent,
    Plan,
    Subscription,
    TicketBook,
    TicketMovement,
    DayPass,
    Order,
    Visit,
    CoveredPeriod,
    Resource,
    Training,
    Qualification,
    Booking,
    Event,
    Registration,
    Project,
    Contribution,
]
THROUGHPUT_PLACE = "banc-d-essai-debit"
THROUGHPUT_PREFIX = "debit-"
DUPLICATE_EVERY = 10  # every tenth person is sent twice at once


def check_static_manifest() -> None:
    """With DEBUG off, pages need collectstatic's manifest; say so instead of 500s."""
    storage = staticfiles_storage
    if isinstance(storage, ManifestFilesMixin) and not storage.exists(storage.manifest_name):
        raise CommandError(
            "The static files manifest is missing: run `manage.py collectstatic` first "
            "(`make bench` does)."
        )


class Subjects:
    """The rows the measured URLs point at: a place, a member, a concierge, a profile…"""

    @staticmethod
    def bench_place() -> Place | None:
        places = Place.objects.active().order_by("pk")
        return places.filter(network__slug=NETWORK_SLUG).first() or places.first()

    def __init__(self) -> None:
        self.place = self.bench_place()
        roles = PlaceRole.objects.current().filter(place=self.place)
        concierges = PlaceRole.objects.current().filter(role__in=CONCIERGE_ROLES)
        self.concierge = self._person(roles.filter(role=Role.CONCIERGE_PERMANENT))
        # Who keeps the accounts: the place's treasurer; the network's admin (a superuser).
        self.treasurer = self._person(roles.filter(role=Role.TREASURER))
        self.admin = Person.objects.filter(is_superuser=True, is_active=True).order_by("pk").first()
        self.lending_item = Item.objects.filter(place=self.place).order_by("pk").first()
        self.member = self._person(
            # A member with a history, so the visits pages show rows.
            roles.filter(role__in=[Role.RESIDENT, Role.NOMAD], person__visits__isnull=False)
            .exclude(person_id__in=concierges.values("person_id"))
            .exclude(person__is_superuser=True)
        )
        self.person = (
            Person.objects.filter(is_active=True, directory_visibility=Visibility.PUBLIC)
            .annotate(skills=Count("person_skills"))
            .filter(skills__gt=0)
            .order_by("pk")
            .first()
        )
        self.organization = (
            Organization.objects.annotate(members=Count("affiliations"))
            .filter(members__gt=0)
            .order_by("pk")
            .first()
        )
        # A meeting room of the place (capacity 1, the busiest kind), else any resource.
        resources = Resource.objects.filter(place=self.place, is_active=True).order_by("pk")
        self.resource = (
            resources.filter(kind=Resource.Kind.ROOM, capacity=1).first() or resources.first()
        )
        # The place's next public event with people registered, and its latest past one.
        now = timezone.now()
        events = Event.objects.public().scheduled().filter(place=self.place)
        self.event = (
            events.filter(start__gt=now, registrations__isnull=False).order_by("start").first()
        )
        self.past_event = (
            events.filter(end__lt=now, registrations__isnull=False).order_by("-start").first()
        )
        # The place's project with the most contributions.
        self.project = (
            Project.objects.filter(places=self.place)
            .annotate(n=Count("contributions"))
            .order_by("-n", "pk")
            .first()
        )

        # Issue #16: the place's open proposal with the most positions, and its Cigale.
        self.proposal = (
            Proposal.objects.filter(body__place=self.place, status=Proposal.Status.OPEN)
            .annotate(n=Count("positions"))
            .order_by("-n", "pk")
            .first()
        )
        self.club = Club.objects.filter(place=self.place).order_by("pk").first()

    @staticmethod
    def _person(roles: Any) -> Person | None:
        role = (
            roles.filter(person__is_superuser=False).select_related("person").order_by("pk").first()
        )
        return role.person if role else None

    def targets(self) -> list[bench.Target]:
        T = bench.Target
        slug = self.place.slug if self.place else None
        place = f"/lieux/{slug}/" if slug else None

        def under(prefix: str | None, rest: str) -> str | None:
            return f"{prefix}{rest}" if prefix else None

        person = f"/communaute/personnes/{self.person.pk}/" if self.person else None
        bookings = under(place, "reservations/")
        resource = under(bookings, f"{self.resource.slug}/") if self.resource else None
        feed = under(bookings, f"{self.resource.slug}.ics") if self.resource else None
        org = f"/structures/{self.organization.slug}/" if self.organization else None
        agenda = under(place, "agenda/")
        event = (
            reverse("agenda:event-slug", args=[self.event.pk, self.event.slug])
            if self.event and self.event.slug
            else None
        )
        attendance = f"/agenda/{self.past_event.pk}/presences/" if self.past_event else None
        project = f"/projets/{self.project.slug}/" if self.project else None
        today = timezone.localdate()
        year = f"?du={today - timedelta(days=365):%Y-%m-%d}&au={today:%Y-%m-%d}"
        # Issue #5: public pages ≤ 10 queries *uncached* and p95 ≤ 100 ms (the anonymous
        # cache is forgotten before each request; its throughput is measured apart).

        def uncached(label: str, path: str | None) -> bench.Target:
            return T(label, path, max_median_ms=None, max_queries=10, before=public_cache.bump)

        return [
            T("Floor", "/bench/floor/"),
            T("Home", "/"),
            T("Home", "/", "member"),
            T("Home (dashboard)", "/", "concierge"),
            T("Places", "/lieux/"),
            T("Map of the places", "/carte/"),
            T("Place", place),
            T(
                "Photos of the place",
                f"/photos/lieu/{self.place.pk}/" if self.place else None,
                "concierge",
            ),
            T("Directory", "/communaute/"),
            T("Directory", "/communaute/", "member"),
            # A concierge also sees the hidden profiles of the people tied to her places.
            T("Directory", "/communaute/", "concierge"),
            T("Directory, skill search", "/communaute/?skill=Python", "member"),
            T("Person", person, "member"),
            T("Structures", "/structures/"),
            T("Structure", org),
            T("Roles", under(place, "roles/"), "concierge"),
            T("Audit log", under(place, "journal/"), "concierge"),
            T("My profile", "/profil/", "member"),
            T("Kiosk", under(place, "accueil/"), "concierge", max_median_ms=None),
            # Typing in the search box asks for the results partial (htmx), as people do.
            T(
                "Kiosk, search as you type",
                under(place, "accueil/?q=Mar"),
                "concierge",
                htmx=True,
                max_median_ms=None,
            ),
            T(
                "Kiosk, search without JS",
                under(place, "accueil/?q=Mar"),
                "concierge",
                max_median_ms=None,
            ),
            T("Who is here", under(place, "presence/"), "member", max_median_ms=None),
            T("Who is here", under(place, "presence/"), "concierge", max_median_ms=None),
            T("My visits", "/profil/passages/", "member", max_median_ms=None),
            # Issue #4: ≤ 12 queries and p95 ≤ 100 ms, no median target. The availability
            # of every resource of a place over a week comes with the bookings API.
            T("Bookings of the day", bookings, "member", max_median_ms=None),
            T("Resource week", resource, "member", max_median_ms=None),
            T("Resource feed (ICS)", feed, max_median_ms=None),
            T("API places", "/api/v1/places", kind="api"),
            T("API spaces", "/api/v1/spaces", kind="api"),
            T("API people", "/api/v1/people", kind="api"),
            T("API people", "/api/v1/people", "concierge (token)", "api"),
            T("API organizations", "/api/v1/organizations", kind="api"),
            T(
                "API visits, here now",
                f"/api/v1/visits?place={slug}&current=true" if slug else None,
                "concierge (token)",
                "api",
                max_median_ms=None,
            ),
            T("API my visits", "/api/v1/visits", "member", "api", max_median_ms=None),
            T(
                "API availability of every resource of a place, one week",
                f"/api/v1/places/{slug}/availability?{week_range()}" if slug else None,
                kind="api",
                max_median_ms=None,
                max_queries=6,
                max_p95_ms=50.0,
            ),
            T(
                "API roles",
                under(f"/api/v1/places/{slug}", "/roles") if slug else None,
                "concierge (token)",
                "api",
            ),
            uncached("Agenda of the network, uncached", "/agenda/"),
            uncached("Agenda of a place, uncached", agenda),
            uncached(
                "Agenda of a place, filtered, uncached",
                under(agenda, "?kind=atelier&public=Seniors"),
            ),
            uncached("Event page, uncached", event),
            T("Agenda of a place", agenda, "member", max_median_ms=None, max_queries=10),
            T("Event page", event, "member", max_median_ms=None, max_queries=10),
            T("Agenda, cached", agenda, max_median_ms=None),
            T("Attendance list", attendance, "concierge", max_median_ms=None),
            T(
                "Activity report, one year",
                under(place, f"rapport-activite/{year}"),
                "concierge",
                max_median_ms=None,
                max_p95_ms=300.0,
            ),
            T(
                "API events",
                f"/api/v1/events?place={slug}" if slug else None,
                kind="api",
                max_median_ms=None,
            ),
            # Issue #6: ≤ 12 queries and p95 ≤ 100 ms; documentation p95 ≤ 150 ms uncached.
            T("Projects", "/projets/", max_median_ms=None),
            T("Projects with open needs", "/projets/?needs=1", "member", max_median_ms=None),
            T("Project", project, max_median_ms=None),
            T("Project", project, "member", max_median_ms=None),
            T(
                "Documentation of a place, uncached",
                under(place, "documentation/"),
                max_median_ms=None,
                max_p95_ms=150.0,
                before=publishing_cache.bump,
            ),
            T(
                "Documentation of a place",
                under(place, "documentation/"),
                "concierge",
                max_median_ms=None,
                max_p95_ms=150.0,
            ),
            T("API projects", "/api/v1/projects", kind="api", max_median_ms=None),
            # Issue #12: ≤ 12 queries and p95 ≤ 100 ms for the pages; the FEC of a network
            # year under 10 s.
            T(
                "API invoices of a place",
                f"/api/v1/places/{slug}/invoices" if slug else None,
                "concierge (token)",
                "api",
                max_median_ms=None,
            ),
            T("Statement", "/profil/compte/", "member", max_median_ms=None),
            T(
                "Economic model of a place, one year",
                under(place, f"economie/?annee={today.year}"),
                "treasurer",
                max_median_ms=None,
            ),
            T(
                "Economic model and outstanding of the network, one year",
                f"/reseaux/{self.place.network.slug}/economie/?annee={today.year}"
                if self.place and self.admin
                else None,
                "admin",
                max_median_ms=None,
            ),
            T(
                "Outstanding of the network by place and age",
                f"/reseaux/{self.place.network.slug}/impayes/"
                if self.place and self.admin
                else None,
                "admin",
                max_median_ms=None,
            ),
            T(
                "Sales journal of a place, one year (CSV)",
                under(place, f"journal-des-ventes/{year}&format=csv"),
                "treasurer",
                max_median_ms=None,
            ),
            # Issue #15: the library of things and the Give Box, ≤ 12 queries, p95 ≤ 100 ms.
            T("Library catalogue", under(place, "objets/"), "member", max_median_ms=None),
            T(
                "Lendable item",
                under(place, f"objets/{self.lending_item.pk}/") if self.lending_item else None,
                "member",
                max_median_ms=None,
            ),
            T("Give Box", under(place, "boite-a-dons/"), max_median_ms=None),
            T(
                # The generator issues its invoices this year: last year's file is empty.
                "FEC of one year",
                under(place, f"fec/?year={today.year}"),
                "treasurer",
                max_median_ms=None,
                max_p95_ms=10_000.0,
            ),
            T(
                "Roster of a month",
                under(place, f"permanences/?month={today:%Y-%m}"),
                "concierge",
                max_median_ms=None,
            ),
            T("Exchange board", under(place, "coups-de-main/"), "member", max_median_ms=None),
            # Issue #15: the conciergerie's queue, ≤ 12 queries and p95 ≤ 100 ms.
            T(
                "Conciergerie queue",
                under(place, "conciergerie/demandes/"),
                "concierge",
                max_median_ms=None,
            ),
            # Issue #16: ≤ 12 queries and p95 ≤ 100 ms.
            T(
                "Register of decisions",
                under(place, "gouvernance/decisions/"),
                "concierge",
                max_median_ms=None,
            ),
            T(
                "Open proposal with its positions",
                under(place, f"gouvernance/propositions/{self.proposal.pk}/")
                if self.proposal
                else None,
                "concierge",
                max_median_ms=None,
            ),
            T(
                "Cigale",
                under(place, f"cigales/{self.club.pk}/") if self.club else None,
                "concierge",
                max_median_ms=None,
            ),
            # Issue #16: the share register of a cooperative, with its totals.
            T(
                "Share register of a place",
                under(place, "parts-sociales/"),
                "treasurer",
                max_median_ms=None,
            ),
        ]


# --- check-in throughput: its own place and people, removed afterwards -----------------------


def throughput_people() -> Any:
    return Person.objects.filter(email__startswith=THROUGHPUT_PREFIX, email__endswith=f"@{DOMAIN}")


def throughput_wipe() -> None:
    """Remove the throughput place, its people and all they did (children first)."""
    place = Place.objects.filter(slug=THROUGHPUT_PLACE)
    people = throughput_people()
    sql_delete(CoveredPeriod.objects.filter(visit__place__in=place))
    sql_delete(CoveredPeriod.objects.filter(person__in=people))
    sql_delete(Visit.objects.filter(place__in=place))
    sql_delete(Visit.objects.filter(person__in=people))
    sql_delete(TicketMovement.objects.filter(book__person__in=people))
    sql_delete(TicketMovement.objects.filter(place__in=place))
    sql_delete(TicketBook.objects.filter(person__in=people))
    sql_delete(Plan.objects.filter(place__in=place))
    sql_delete(AuditEvent.objects.filter(place__in=place))
    sql_delete(AuditEvent.objects.filter(actor__in=people))
    sql_delete(ApiToken.objects.filter(person__in=people))
    sql_delete(PlaceRole.objects.filter(place__in=place))
    sql_delete(PlaceRole.objects.filter(person__in=people))
    sql_delete(PlaceTie.objects.filter(place__in=place))
    sql_delete(PlaceTie.objects.filter(person__in=people))
    people.delete()
    place.delete()


CHURNED = (
    Person,
    PlaceRole,
    PlaceTie,
    ApiToken,
    TicketBook,
    TicketMovement,
    Visit,
    CoveredPeriod,
    AuditEvent,
)


def settle_tables() -> None:
    """VACUUM (ANALYZE) the tables each throughput run fills and empties: thousands of dead
    rows and stale statistics would slow the pages measured next (a count over the people
    turned into a scan of a bloated table). PostgreSQL only, outside a transaction."""
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for model in CHURNED:
            cursor.execute(f"VACUUM (ANALYZE) {quote(model._meta.db_table)}")


def analyze_database() -> None:
    """ANALYZE every table once before measuring: a network just generated, or tables just
    rewritten by migrations, would otherwise be planned from stale statistics (the people
    API's prefetch took 27 ms instead of 12 on a fresh database). PostgreSQL only."""
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def throughput_prepare(count: int) -> tuple[Place, list[int], Person]:
    """A place open 24/7 in the generated network, `count` people each holding a fresh
    10-ticket book there, and a permanent concierge."""
    throughput_wipe()
    network = Network.objects.filter(slug=NETWORK_SLUG).first() or Network.objects.first()
    if network is None:
        raise CommandError("No network: run comptoir_generate first.")
    today = timezone.localdate()
    place = Place.objects.create(
        network=network,
        name="Banc d'essai du débit",
        slug=THROUGHPUT_PLACE,
        address="1 rue du Banc",
        postal_code="42000",
        commune="Saint-Étienne",
        opening_hours="24/7",
        summary="Lieu créé par comptoir_bench pour mesurer le débit des arrivées.",
    )
    plan = Plan.objects.create(
        place=place,
        kind=Plan.Kind.TICKET_BOOK,
        name="Carnet 10 journées",
        price_cents=10000,
        tickets=10,
        ticket_unit=TicketUnit.DAY,
    )
    unusable = make_password(None)
    concierge = Person.objects.create(
        email=f"{THROUGHPUT_PREFIX}concierge@{DOMAIN}",
        first_name="Camille",
        last_name="Banc",
        password=unusable,
    )
    PlaceRole.objects.create(
        person=concierge,
        place=place,
        role=Role.CONCIERGE_PERMANENT,
        valid_from=today - timedelta(days=1),
    )
    people = Person.objects.bulk_create(
        [
            Person(
                email=f"{THROUGHPUT_PREFIX}{index:06d}@{DOMAIN}",
                first_name="Débit",
                last_name=f"n° {index}",
                password=unusable,
            )
            for index in range(count)
        ],
        batch_size=2000,
    )
    books = TicketBook.objects.bulk_create(
        [
            TicketBook(
                plan=plan,
                person=person,
                place=place,
                tickets=10,
                unit=TicketUnit.DAY,
                ticket_value_cents=1000,
                purchased_on=today - timedelta(days=1),
                expires_on=today + relativedelta(years=1),
            )
            for person in people
        ],
        batch_size=2000,
    )
    moment = timezone.now() - timedelta(days=1)
    TicketMovement.objects.bulk_create(
        [
            TicketMovement(
                book=book, kind=TicketMovement.Kind.PURCHASE, quantity=10, place=place, at=moment
            )
            for book in books
        ],
        batch_size=2000,
    )
    return place, [person.pk for person in people], concierge


def mixed_reads(place: Place | None, here: Place) -> list[tuple[str, bool]]:
    """The pages and API lists the mixed workload reads (with the concierge's token or
    not): what people and desks open most."""
    reads = [
        ("/", False),
        ("/lieux/", False),
        ("/communaute/", False),
        ("/api/v1/places", False),
        (f"/api/v1/visits?place={here.slug}&current=true", True),
    ]
    if place is not None:
        reads += [(f"/lieux/{place.slug}/", False), (f"/lieux/{place.slug}/agenda/", False)]
    return reads


def throughput_ledger(place: Place, sent: list[bench.Sent]) -> bench.LedgerCheck:
    """Every book's ledger sum, and how many tickets each person used, after the run."""
    balances = [book.balance for book in TicketBook.objects.filter(place=place).with_balance()]
    used = Counter(
        dict(
            TicketMovement.objects.filter(book__place=place, kind=TicketMovement.Kind.CONSUMPTION)
            .values("book__person_id")
            .annotate(n=Count("pk"))
            .values_list("book__person_id", "n")
        )
    )
    created = {s.person_id for s in sent if s.status == 201}
    return bench.LedgerCheck(
        books=len(balances),
        negative_books=sum(1 for b in balances if b < 0),
        min_balance=min(balances) if balances else None,
        people_sent=len({s.person_id for s in sent}),
        people_created=len(created),
        consumed_once=sum(1 for person_id in created if used[person_id] == 1),
        consumed_twice_or_more=sum(1 for n in used.values() if n > 1),
        consumed_without_201=sum(1 for person_id in used if person_id not in created),
        visits=Visit.objects.filter(place=place).count(),
    )


# Far above what the bench sends (16 clients, one token, one address, a few hundred
# requests a second), so that it is never throttled while the limiter still runs.
BENCH_API_RATE_LIMIT = "10000000/m"
API_LIMIT_VARIABLES = {"API_RATE_LIMIT_TOKEN": "credential", "API_RATE_LIMIT_ADDRESS": "address"}


@contextmanager
def lifted_api_limits() -> Iterator[None]:
    """The bench drives the API from ONE token and ONE address much faster than any desk:
    lift the API limits for the requests made here and, through the environment, in the
    granian servers it starts; both are put back afterwards. The counters still run, so
    their cost is measured."""
    saved_env = {variable: os.environ.get(variable) for variable in API_LIMIT_VARIABLES}
    saved_limits = settings.API_RATE_LIMITS
    os.environ.update(dict.fromkeys(API_LIMIT_VARIABLES, BENCH_API_RATE_LIMIT))
    settings.API_RATE_LIMITS = {
        **saved_limits,
        **dict.fromkeys(API_LIMIT_VARIABLES.values(), BENCH_API_RATE_LIMIT),
    }
    try:
        yield
    finally:
        settings.API_RATE_LIMITS = saved_limits
        for variable, value in saved_env.items():
            if value is None:
                os.environ.pop(variable, None)
            else:
                os.environ[variable] = value


def week_range() -> str:
    """start/end of next week (Monday 00:00 UTC, seven days), as query parameters."""
    today = timezone.now().date()
    monday = today + timedelta(days=7 - today.weekday())
    start = datetime.combine(monday, time(0, 0), tzinfo=UTC)
    end = start + timedelta(days=7)
    return f"start={start:%Y-%m-%dT%H:%M:%SZ}&end={end:%Y-%m-%dT%H:%M:%SZ}"


class Command(BaseCommand):
    help = "Measure pages and API lists (median, p95, SQL queries) and write a Markdown report."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--output", default="docs/benchmarks.md")
        parser.add_argument("--requests", type=int, default=60)
        parser.add_argument("--warmup", type=int, default=5)
        parser.add_argument("--skip-generate", action="store_true")
        parser.add_argument(
            "--prepare",
            action="store_true",
            help="create the PostgreSQL database when missing, then migrate it",
        )
        parser.add_argument("--scale", type=float, default=1.0, help="passed to comptoir_generate")
        parser.add_argument(
            "--throughput-only",
            action="store_true",
            help="only measure check-in throughput; update that section of --output",
        )
        parser.add_argument("--skip-throughput", action="store_true")
        parser.add_argument(
            "--search-only",
            action="store_true",
            help="only measure the people search at two sizes; update that section of --output",
        )
        parser.add_argument("--skip-search", action="store_true")
        parser.add_argument(
            "--search-extra-people",
            type=int,
            default=bench_search.EXTRA_PEOPLE,
            help="people added (then rolled back) for the search's larger size",
        )
        parser.add_argument(
            "--compare",
            nargs=2,
            metavar=("SMALL", "LARGE"),
            help="write into --output the rows of two reports (scale 1 and scale 10) side by "
            "side, measuring nothing",
        )
        parser.add_argument(
            "--mixed-only",
            action="store_true",
            help="only run the mixed workload on two app servers; update that section",
        )
        parser.add_argument("--skip-mixed", action="store_true")
        parser.add_argument("--mixed-seconds", type=float, default=15.0)
        parser.add_argument("--mixed-runs", type=int, default=3)
        parser.add_argument(
            "--mixed-workers",
            type=int,
            default=os.cpu_count() or 1,
            help="granian workers of each of the two app servers (default: cores)",
        )
        parser.add_argument("--throughput-seconds", type=float, default=10.0)
        parser.add_argument(
            "--throughput-runs", type=int, default=3, help="check-in runs; the median is reported"
        )
        parser.add_argument("--throughput-clients", type=int, default=16)
        parser.add_argument(
            "--throughput-people", type=int, default=6000, help="each checked in once at most"
        )
        parser.add_argument(
            "--throughput-workers",
            type=int,
            default=bench.production_workers(),
            help="granian workers (default: cores + 1)",
        )
        parser.add_argument(
            "--busy-threshold",
            type=float,
            default=machine.BUSY_SHARE,
            help="share of the CPUs others may use before a throughput run is not judged",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["compare"]:
            self.compare(options)
            return
        with lifted_api_limits():
            self.measure(options)

    def measure(self, options: dict[str, Any]) -> None:
        if not options["throughput_only"]:
            check_static_manifest()
        if options["prepare"]:
            if bench.ensure_database():
                self.stdout.write(f"Created database {settings.DATABASES['default']['NAME']}.")
            call_command("migrate", interactive=False, verbosity=0)
        if settings.CACHES["default"]["BACKEND"].endswith("DatabaseCache"):
            call_command("createcachetable", verbosity=0)
        if not options["skip_generate"] and not generated_network_exists():
            self.stdout.write("No generated data: running comptoir_generate…")
            call_command("comptoir_generate", scale=options["scale"], stdout=self.stdout)
        settle_tables()  # what earlier throughput runs left behind
        analyze_database()
        output = Path(options["output"])
        if options["search_only"]:
            previous = output.read_text(encoding="utf-8") if output.exists() else "# Benchmarks\n"
            section = self.people_search(options)
            self.write(output, bench.replace_section(previous, bench_search.HEADING, section))
            return
        if options["mixed_only"]:
            previous = output.read_text(encoding="utf-8") if output.exists() else "# Benchmarks\n"
            section = cluster.lines(self.mixed_runs(options))
            self.write(output, bench.replace_section(previous, cluster.HEADING, section))
            return
        if options["throughput_only"]:
            measured = self.throughputs(options)
            previous = output.read_text(encoding="utf-8") if output.exists() else "# Benchmarks\n"
            report = bench.replace_section(
                previous, "## Check-in throughput", bench.throughput_lines(measured)
            )
            report = bench.replace_section(
                report,
                "## Cached agenda throughput",
                bench_pages.cached_lines(self.cached_throughput(options)),
            )
            self.write(output, report)
            return
        cache.clear()  # no page cached by an earlier run or before the data was generated
        subjects = Subjects()
        clients, token = self.clients(subjects)
        load_before = machine.load_average()
        try:
            results = bench.run(
                subjects.targets(),
                clients,
                requests=options["requests"],
                warmup=options["warmup"],
                progress=self.show,
            )
            results.append(self.desk_check_in(options, floor=results[0]))
        finally:
            if token is not None:
                token.delete()
        load_after = machine.load_average()
        search = None if options["skip_search"] else self.people_search(options)
        throughput = None if options["skip_throughput"] else self.throughputs(options)
        cached: bench_pages.CachedThroughput | None = None
        if not options["skip_throughput"]:
            cached = self.cached_throughput(options)
        mixed = None if options["skip_mixed"] else self.mixed_runs(options)
        report = bench.render_report(
            results=results,
            models=COUNTED_MODELS,
            requests=options["requests"],
            warmup=options["warmup"],
            load=(load_before, load_after),
            throughput=throughput,
        )
        report = bench.replace_section(
            report, "## Cached agenda throughput", bench_pages.cached_lines(cached)
        )
        if search is not None:
            report = bench.replace_section(report, bench_search.HEADING, search)
        report = bench.replace_section(report, cluster.HEADING, cluster.lines(mixed))
        if not options["skip_throughput"]:  # it starts a production server, as they do
            report = bench.replace_section(
                report, "## First impression", first_impression.lines(self.first_impression())
            )
        self.write(output, report)

    def compare(self, options: dict[str, Any]) -> None:
        small, large = (Path(name).read_text(encoding="utf-8") for name in options["compare"])
        output = Path(options["output"])
        previous = output.read_text(encoding="utf-8") if output.exists() else "# Benchmarks\n"
        section = scales.lines(small, large)
        self.write(output, bench.replace_section(previous, scales.HEADING, section))

    def first_impression(self) -> first_impression.FirstImpression:
        with tempfile.TemporaryDirectory() as scratch:
            result = first_impression.measure(log=Path(scratch) / "granian.log")
        first, login = result.verdicts()
        self.stdout.write(
            f"First request after start: {bench.fmt_ms(result.first_request_ms)} ms ({first}); "
            f"login median {bench.fmt_ms(result.login_ms(50))} ms ({login}) {result.error}"
        )
        return result

    def people_search(self, options: dict[str, Any]) -> list[str]:
        """The desk, directory and API searches at the network's size and with ten times
        the people (issue 17: ≤ 6 queries, ratio of medians ≤ 1.3)."""
        cache.clear()
        subjects = Subjects()
        term = bench_search.typed_term(subjects.member) if subjects.member else ""
        slug = subjects.place.slug if subjects.place and term else None
        clients, token = self.clients(subjects)
        try:
            rows, sizes = bench_search.measure(
                bench_search.targets(place_slug=slug, term=term),
                clients,
                requests=options["requests"],
                warmup=options["warmup"],
                extra=options["search_extra_people"],
                progress=self.stdout.write,
            )
        finally:
            if token is not None:
                token.delete()
        for row in rows:
            self.stdout.write(f"{row.target.label:30} ratio {row.ratio} {row.verdict()}")
        return bench_search.lines(rows, sizes, term)

    def desk_check_in(self, options: dict[str, Any], *, floor: bench.Result) -> bench.Result:
        """The concierge's "Check in" button at the desk (htmx POST), one new person each
        time, at the throughput place (issue 17: ≤ 8 queries, median ≤ 10 ms)."""
        count = options["requests"] + options["warmup"] + 2
        place, people, concierge = throughput_prepare(count)
        try:
            client = Client(raise_request_exception=False)
            client.force_login(concierge)
            pending = iter(people)
            target = bench.Target(
                "Desk check-in (htmx POST)",
                reverse("presence:kiosk-check-in", args=[place.slug]),
                "concierge",
                htmx=True,
                max_queries=8,
                max_median_ms=10.0,
                form=lambda: {"person": str(next(pending))},
            )
            with bench.measuring_settings():
                result = bench.measure(
                    client, target, requests=options["requests"], warmup=options["warmup"]
                )
        finally:
            throughput_wipe()
        if floor.median_ms and result.median_ms is not None:
            result.ratio = result.median_ms / floor.median_ms
        self.show(result)
        return result

    def write(self, output: Path, report: str) -> None:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(report, encoding="utf-8")
        self.stdout.write(self.style.SUCCESS(f"Wrote {output}"))

    def throughputs(self, options: dict[str, Any]) -> bench.Throughput:
        """Several check-in runs (see median_run)."""
        runs = [self.throughput(options) for _ in range(max(1, options["throughput_runs"]))]
        return bench.median_run(runs)

    def throughput(self, options: dict[str, Any]) -> bench.Throughput:
        """Check-ins per second through granian, then the ledger check (see bench.py)."""
        result = bench.Throughput(
            clients=options["throughput_clients"],
            workers=options["throughput_workers"],
            duration_s=options["throughput_seconds"],
        )
        if connection.vendor != "postgresql":
            result.error = "needs PostgreSQL"
        elif connection.in_atomic_block:
            result.error = "inside a transaction, the server would not see the data"
        if result.error:
            self.stdout.write(f"Check-in throughput: not measured ({result.error}).")
            return result
        self.stdout.write("Check-in throughput: preparing people and books…")
        place, people, concierge = throughput_prepare(options["throughput_people"])
        _token, secret = community_services.api_token_create(
            person=concierge, name="comptoir_bench throughput", by=concierge
        )
        jobs, _duplicated = bench.check_in_jobs(people, DUPLICATE_EVERY)
        try:
            watch = machine.watch_when_quiet(options["busy_threshold"])
            if isinstance(watch, str):
                result.error = watch
                self.stdout.write(f"Check-in throughput: not measured: {result.error}.")
                return result
            result.conditions = watch.conditions
            with tempfile.TemporaryDirectory() as scratch:
                log = Path(scratch) / "granian.log"
                with bench.production_server(workers=result.workers, log=log) as port:
                    self.stdout.write(
                        f"Check-in throughput: granian ({result.workers} workers) on port "
                        f"{port}, {result.clients} clients for {result.duration_s:.0f} s…"
                    )
                    bench.warm_up(port, clients=result.clients)
                    result.sent, result.elapsed_s = bench.drive_check_ins(
                        port=port,
                        token=secret,
                        place=place.slug,
                        jobs=jobs,
                        clients=result.clients,
                        duration_s=result.duration_s,
                    )
                watch.stop()
                if result.server_errors:
                    self.stderr.write(log.read_text()[-2000:])
            sends = Counter(s.person_id for s in result.sent)
            result.duplicated_people = sum(1 for n in sends.values() if n > 1)
            result.ledger = throughput_ledger(place, result.sent)
        except RuntimeError as exc:
            result.error = str(exc)[:200]
        finally:
            throughput_wipe()
            settle_tables()
        self.stdout.write(
            f"Check-in throughput: {result.check_ins_per_s:.1f}/s, {result.created} × 201, "
            f"{result.refused} × 4xx, {result.server_errors} × 5xx, "
            f"p50={bench.fmt_ms(result.latency(50))} p95={bench.fmt_ms(result.latency(95))} ms, "
            f"{result.conditions.describe()}, {result.verdict()}"
        )
        return result

    def mixed_runs(self, options: dict[str, Any]) -> cluster.MixedRun:
        """Several runs of the mixed workload on two app servers (see cluster.median_run)."""
        runs = [self.mixed(options) for _ in range(max(1, options["mixed_runs"]))]
        return cluster.median_run(runs)

    def mixed(self, options: dict[str, Any]) -> cluster.MixedRun:
        """Two app servers, two task workers, a mixed workload, then the invariants."""
        result = cluster.MixedRun(
            clients=options["throughput_clients"],
            workers_per_server=options["mixed_workers"],
            duration_s=options["mixed_seconds"],
        )
        if connection.vendor != "postgresql":
            result.error = "needs PostgreSQL"
            return result
        self.stdout.write("Mixed workload: preparing people, books, rooms and events…")
        place, people, concierge = throughput_prepare(options["throughput_people"])
        since = timezone.now()
        _token, secret = community_services.api_token_create(
            person=concierge, name="comptoir_bench mixed", by=concierge
        )
        check_ins, _duplicated = bench.check_in_jobs(people, DUPLICATE_EVERY)
        reads = mixed_reads(Subjects.bench_place(), place)
        workload = cluster_data.prepare(
            place=place, people=people, check_ins=check_ins, reads=reads
        )
        try:
            self.run_mixed(result, workload, secret, options)
            if not result.error:
                sent = [
                    bench.Sent(op.person_id, op.status, op.code, op.latency_ms)
                    for op in result.ops
                    if op.kind == "check_in"
                ]
                ledger = throughput_ledger(place, sent)
                tickets = cluster.Invariant(
                    "no ticket used twice",
                    ledger.ok,
                    f"{ledger.people_created:,} people checked in, {ledger.consumed_once:,} "
                    f"with exactly one ticket, {ledger.negative_books} books below zero",
                )
                result.invariants[:0] = [tickets, *cluster_data.invariants(place, result.ops)]
        finally:
            cluster_data.wipe(place, since)
            throughput_wipe()
            settle_tables()
        self.stdout.write(
            f"Mixed workload: {result.requests_per_s:.1f} requests/s, "
            f"{result.server_errors} × 5xx, {result.conditions.describe()}, {result.verdict()}"
        )
        return result

    def run_mixed(
        self, result: cluster.MixedRun, workload: cluster.Workload, token: str, options: Any
    ) -> None:
        watch = machine.watch_when_quiet(options["busy_threshold"])
        if isinstance(watch, str):
            result.error = watch
            return
        result.conditions = watch.conditions
        since = timezone.now()
        with tempfile.TemporaryDirectory() as scratch:
            try:
                with cluster.cluster(
                    workers_per_server=result.workers_per_server, log_dir=Path(scratch)
                ) as ports:
                    for port in ports:
                        bench.warm_up(port, clients=4)
                    result.ops, result.elapsed_s = cluster.drive(
                        ports=ports,
                        token=token,
                        workload=workload,
                        clients=result.clients,
                        duration_s=result.duration_s,
                    )
                    result.tasks, tasks_done = cluster_data.drain_tasks(since)
                    result.invariants.append(tasks_done)
            except RuntimeError as exc:
                result.error = str(exc)[:200]
            if result.server_errors:
                for log in sorted(Path(scratch).glob("*.log")):
                    self.stderr.write(f"{log.name}: {log.read_text()[-1500:]}")
        watch.stop()

    def cached_throughput(self, options: dict[str, Any]) -> bench_pages.CachedThroughput:
        """Requests per second of the place's cached public agenda, against the floor."""
        result = bench_pages.CachedThroughput(
            clients=options["throughput_clients"],
            workers=options["throughput_workers"],
            duration_s=options["throughput_seconds"],
        )
        place = Subjects.bench_place()
        if connection.vendor != "postgresql":
            result.error = "needs PostgreSQL"
        elif place is None:
            result.error = "no place"
        if result.error:
            return result
        assert place is not None
        path = f"/lieux/{place.slug}/agenda/"
        try:
            with tempfile.TemporaryDirectory() as scratch:
                log = Path(scratch) / "granian.log"
                with bench.production_server(workers=result.workers, log=log) as port:
                    runs = {}
                    for target, seconds in (
                        (path, 2.0),  # warm-up: every worker loads the pages, the cache fills
                        ("/bench/floor/", 2.0),
                        ("/bench/floor/", result.duration_s),
                        (path, result.duration_s),
                    ):
                        runs[target] = bench_pages.drive_gets(
                            port=port, path=target, clients=result.clients, duration_s=seconds
                        )
                    result.floor, result.page = runs["/bench/floor/"], runs[path]
        except RuntimeError as exc:
            result.error = str(exc)[:200]
        ratio = f"{result.ratio:.2f}" if result.ratio is not None else "–"
        self.stdout.write(f"Cached agenda throughput: ratio {ratio}, {result.verdict()}")
        return result

    def clients(self, subjects: Subjects) -> tuple[dict[str, Client], ApiToken | None]:
        member, concierge = (
            Client(raise_request_exception=False),
            Client(raise_request_exception=False),
        )
        if subjects.member:
            member.force_login(subjects.member)
        if subjects.concierge:
            concierge.force_login(subjects.concierge)
        treasurer, admin = (
            Client(raise_request_exception=False),
            Client(raise_request_exception=False),
        )
        if subjects.treasurer:
            treasurer.force_login(subjects.treasurer)
        if subjects.admin:
            admin.force_login(subjects.admin)
        token, secret = None, ""
        if subjects.concierge:
            token, secret = community_services.api_token_create(
                person=subjects.concierge, name="comptoir_bench", by=subjects.concierge
            )
        api = Client(raise_request_exception=False, HTTP_AUTHORIZATION=f"Bearer {secret}")
        clients = {
            "anonymous": Client(raise_request_exception=False),
            "member": member,
            "concierge": concierge,
            "concierge (token)": api,
            "treasurer": treasurer,
            "admin": admin,
        }
        return clients, token

    def show(self, result: bench.Result) -> None:
        self.stdout.write(
            f"{result.target.label:28} {result.target.who:18} {result.status or '-':>4} "
            f"q={result.queries if result.queries is not None else '-':>3} "
            f"median={bench.fmt_ms(result.median_ms):>6} p95={bench.fmt_ms(result.p95_ms):>6} "
            f"{result.verdict()}"
        )
