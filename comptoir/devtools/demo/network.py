"""The whole demo network “Coworking Sainté”, loaded through the services, domain by domain."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from comptoir.access.models import PlaceAccessSettings
from comptoir.community import services as community
from comptoir.community.models import (
    Affiliation,
    PlaceRole,
    Role,
)
from comptoir.core.email import emails_held_back
from comptoir.devtools.demo.access import OFFERS, load_offers, load_sales
from comptoir.devtools.demo.agenda import load_agenda
from comptoir.devtools.demo.bookings import load_bookings
from comptoir.devtools.demo.cigale import load_cigale
from comptoir.devtools.demo.community import ORGANIZATIONS, PEOPLE, load_organization, load_person
from comptoir.devtools.demo.conciergerie import load_conciergerie
from comptoir.devtools.demo.debits import load_debits
from comptoir.devtools.demo.economy import load_economy
from comptoir.devtools.demo.exchange import load_exchange
from comptoir.devtools.demo.governance import load_governance, load_network_governance
from comptoir.devtools.demo.invoicing import load_invoices, load_invoicing_profile
from comptoir.devtools.demo.lending import load_givebox, load_lending
from comptoir.devtools.demo.membership import load_membership
from comptoir.devtools.demo.news import load_news
from comptoir.devtools.demo.online import load_online_payment
from comptoir.devtools.demo.photos import load_photos
from comptoir.devtools.demo.places import MAIN, NEIGHBOURS, SPACES, load_place
from comptoir.devtools.demo.projects import load_projects
from comptoir.devtools.demo.publishing import load_documentation
from comptoir.devtools.demo.roster import load_roster
from comptoir.devtools.demo.settlement import load_settlement
from comptoir.places import services as places
from comptoir.places.models import Equipment, NearbyPlace, Network, Place, Space


def load_demo() -> None:
    today = timezone.localdate()
    orgs = {org.name: load_organization(org, seed) for seed, org in enumerate(ORGANIZATIONS, 1)}
    network, _ = Network.objects.get_or_create(
        slug="coworking-sainte",
        defaults={
            "name": "Coworking Sainté",
            "description": "Le réseau des tiers-lieux de Saint-Étienne.",
        },
    )
    main = load_place(network, MAIN, legal_entity=orgs["OpenScop"])
    load_invoicing_profile(orgs["OpenScop"])  # its sales are invoiced
    for slug, name, kind, capacity, accessibility, equipment in SPACES:
        space = Space.objects.filter(place=main, slug=slug).first() or places.space_create(
            place=main,
            name=name,
            slug=slug,
            kind=kind,
            capacity=capacity,
            accessibility_notes=accessibility,
            by=None,
        )
        for item in equipment:
            if not Equipment.objects.filter(space=space, name=item).exists():
                places.equipment_create(space=space, name=item, by=None)
    for neighbour, minutes in NEIGHBOURS:
        other = load_place(network, neighbour)
        if not NearbyPlace.objects.filter(place=main, other=other).exists():
            places.nearby_place_set(place=main, other=other, walking_minutes=minutes, by=None)
        if not Space.objects.filter(place=other).exists():
            places.space_create(
                place=other, name="Coworking", kind=Space.Kind.COWORKING, capacity=12, by=None
            )

    people = {demo.email: load_person(demo) for demo in PEOPLE}
    claire = people["claire@comptoir.test"]
    for demo in PEOPLE:
        person = people[demo.email]
        organization = orgs[demo.organization] if demo.organization else None
        if (
            organization is not None
            and not Affiliation.objects.filter(person=person, organization=organization).exists()
        ):
            community.affiliation_create(
                person=person,
                organization=organization,
                by=None,
                is_manager=demo.email in {"claire@comptoir.test", "paul@comptoir.test"},
            )
        if demo.role is None:
            continue
        place = Place.objects.get(slug=demo.place)
        if PlaceRole.objects.filter(person=person, place=place, role=demo.role).exists():
            continue
        # Claire hands out the roles of her place, so the journal shows a concierge at work.
        by = claire if place == main and demo.role not in _CONCIERGE else None
        community.place_role_assign(
            person=person,
            place=place,
            role=demo.role,
            by=by,
            valid_from=today + timedelta(days=demo.starts_in),
            valid_until=today + timedelta(days=demo.ends_in) if demo.ends_in is not None else None,
            organization=organization if demo.role == Role.RESIDENT else None,
        )
    plans = {slug: load_offers(slug) for slug in OFFERS}
    PlaceAccessSettings.objects.get_or_create(
        place=main, defaults={"over_seats": PlaceAccessSettings.OverSeats.CHARGE}
    )
    load_sales(main, people, orgs, plans)
    load_economy(main, people["theo@comptoir.test"])  # dated before the periods close
    load_invoices(main, by=claire)
    load_debits(main, by=claire)
    load_online_payment(main)
    load_settlement(main, admin=people["admin@comptoir.test"], claire=claire)
    load_bookings(main, people, orgs)
    load_agenda(main, people, orgs)
    load_projects(main, people, orgs)
    load_documentation(main, claire)
    load_photos(main, claire)
    mixeur = Place.objects.filter(slug="le-mixeur").first()
    # Requests handled, parcels, replies, proposals and loans are the demo's past: told on
    # their pages, not emailed to the demo's people at each load.
    with emails_held_back():
        load_roster(main, mixeur)
        load_exchange(main, mixeur)
        load_conciergerie(main, mixeur)
        load_governance(main, claire)
        load_network_governance(network, people["admin@comptoir.test"])
        load_cigale(main)
        load_membership(main, concierge=claire, treasurer=people["theo@comptoir.test"])
        load_news(main, concierge=claire, admin=people["admin@comptoir.test"])
        load_lending(main, mixeur, claire)
        load_givebox(main, claire)
        # The deposits and services paid above are invoiced like the sales, in this run
        # rather than the next one (a second run then finds nothing to do).
        load_invoices(main, by=claire)


_CONCIERGE = {Role.CONCIERGE_PERMANENT, Role.CONCIERGE_OCCASIONAL}
