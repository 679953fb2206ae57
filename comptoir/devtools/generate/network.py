"""The whole generated network, in the order its parts depend on each other, and its wipe."""

from __future__ import annotations

import time as time_module
from typing import Any

from comptoir.community import ties
from comptoir.community.models import (
    Affiliation,
    Organization,
    Person,
    PersonSkill,
    PlaceRole,
    PlaceTie,
)
from comptoir.core.models import AuditEvent
from comptoir.devtools.generate.access import AccessGenerator, wipe_access
from comptoir.devtools.generate.agenda import AgendaGenerator, wipe_agenda
from comptoir.devtools.generate.base import DOMAIN, NETWORK_SLUG, generated_networks
from comptoir.devtools.generate.bookings import BookingGenerator, wipe_bookings
from comptoir.devtools.generate.community import CONCIERGES_PER_PLACE, CommunityRows
from comptoir.devtools.generate.conciergerie import ConciergerieGenerator, wipe_conciergerie
from comptoir.devtools.generate.economy import EconomyGenerator, wipe_economy
from comptoir.devtools.generate.governance import GovernanceGenerator, wipe_governance
from comptoir.devtools.generate.invoicing import InvoiceGenerator, wipe_invoicing
from comptoir.devtools.generate.lending import LendingGenerator, wipe_lending
from comptoir.devtools.generate.membership import MembershipGenerator, wipe_membership
from comptoir.devtools.generate.places import PlaceRows
from comptoir.devtools.generate.projects import ProjectGenerator, wipe_projects
from comptoir.devtools.generate.roster import RosterGenerator, wipe_roster
from comptoir.places.models import Equipment, NearbyPlace, Network, Place, Space


class Generator(PlaceRows, CommunityRows):
    """Places and people first: every other part hangs off them."""


def generated_network_exists() -> bool:
    return Network.objects.filter(slug=NETWORK_SLUG).exists()


def wipe_generated() -> None:
    """Delete every generated row (children first: plain SQL deletes, no row-by-row cascade)."""
    places = Place.objects.filter(network__in=generated_networks())
    people = Person.objects.filter(email__endswith=f"@{DOMAIN}")
    orgs = Organization.objects.filter(email__endswith=f"@{DOMAIN}")
    wipe_roster(places)
    wipe_governance(places)
    wipe_economy(places)
    wipe_conciergerie(places)
    wipe_membership(places)
    wipe_invoicing()  # the invoices hold their orders: before the sales
    wipe_lending(places)
    wipe_projects(places, people)
    wipe_agenda(places)
    wipe_bookings(places, people, orgs)
    wipe_access(places, people)
    AuditEvent.objects.filter(place__in=places).delete()
    AuditEvent.objects.filter(actor__in=people).delete()
    PlaceRole.objects.filter(place__in=places).delete()
    PlaceRole.objects.filter(person__in=people).delete()
    PlaceTie.objects.filter(place__in=places).delete()
    PlaceTie.objects.filter(person__in=people).delete()
    PersonSkill.objects.filter(person__in=people).delete()
    Affiliation.objects.filter(person__in=people).delete()
    Affiliation.objects.filter(organization__in=orgs).delete()
    NearbyPlace.objects.filter(place__in=places).delete()
    Equipment.objects.filter(space__place__in=places).delete()
    Space.objects.filter(place__in=places).delete()
    places.delete()
    generated_networks().delete()
    people.delete()
    orgs.delete()


SCALED = (
    "people",
    "organizations",
    "roles",
    "audit_events",
    "ticket_books",
    "visits",
    "subscriptions",
    "orders",
    "present",
    "bookings",
    "events",
    "registrations",
    "projects",
    "contributions",
)


def generate(options: dict[str, Any], counts: dict[str, int], out: Any) -> None:
    gen = Generator(seed=options["seed"], password=options["password"], out=out)
    orgs = gen.organizations(counts["organizations"])
    places = gen.places(options["places"], legal_entities=orgs)
    concierges = options["places"] * sum(CONCIERGES_PER_PLACE)
    person_ids = gen.people(counts["people"], concierge_count=concierges)
    gen.skills(options["skills"], person_ids, per_person=options["skills_per_person"])
    org_of = gen.affiliations(person_ids, orgs)
    gen.roles(counts["roles"], places, person_ids, org_of)
    gen.audit(counts["audit_events"], places, person_ids)
    access = AccessGenerator(gen, places, person_ids)
    started = time_module.perf_counter()
    access.plan(counts)
    gen.say(f"  (visits and sales planned in {time_module.perf_counter() - started:.1f} s)")
    access.write(counts["orders"])
    del access  # its plans (books, passes, visits) are written: free them for what follows
    booking = BookingGenerator(gen, places)
    started = time_module.perf_counter()
    booking.make_resources()
    # Events first: the rooms they hold are then left alone by the generated bookings.
    AgendaGenerator(gen, booking, places).write(counts["events"], counts["registrations"])
    booking.write(counts["bookings"])
    ProjectGenerator(gen, places).write(counts["projects"], counts["contributions"])
    EconomyGenerator(gen, places).write()
    RosterGenerator(gen, places).write()  # the roster and the exchange board
    ConciergerieGenerator(gen, places, person_ids).write()
    GovernanceGenerator(gen, places).write()
    MembershipGenerator(gen, places, person_ids).write()
    InvoiceGenerator(gen, places).write()
    LendingGenerator(gen, places).write()
    gen.say(f"  (resources and bookings in {time_module.perf_counter() - started:.1f} s)")
    started = time_module.perf_counter()
    ties.rebuild()  # the rows above were written in bulk, past the signals that tie
    gen.say(f"  (ties of people to places in {time_module.perf_counter() - started:.1f} s)")
