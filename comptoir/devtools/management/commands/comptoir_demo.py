"""Load the reference network “Coworking Sainté” (idempotent: run it as often as you like)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from allauth.account.models import EmailAddress
from dateutil.relativedelta import relativedelta
from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction
from django.utils import timezone
from stdnum import luhn

from comptoir.access import services as access
from comptoir.access.models import PlaceAccessSettings, Plan, Subscription, TicketBook, TicketUnit
from comptoir.billing.models import Order, Payment, PaymentMethod
from comptoir.bookings import services as bookings
from comptoir.bookings.models import Booking, Qualification, Resource, Training
from comptoir.community import permissions
from comptoir.community import services as community
from comptoir.community.models import (
    Affiliation,
    Organization,
    Person,
    PlaceRole,
    ProfileType,
    Role,
    Visibility,
)
from comptoir.devtools.demo.agenda import load_agenda
from comptoir.devtools.demo.projects import load_documentation, load_projects
from comptoir.places import services as places
from comptoir.places.models import Equipment, NearbyPlace, Network, Place, Space, Typology
from comptoir.places.opening_hours import open_state
from comptoir.presence import services as presence

DEMO_PASSWORD = "comptoir"  # Weak on purpose: a local demo, printed on screen.
MAIN_PLACE = "comptoir-numerique"


def demo_siret(seed: int) -> str:
    """A made-up SIRET whose SIREN and SIRET check digits are both valid (Luhn)."""
    siren = f"{90_000_000 + seed * 7_919:08d}"
    siren += luhn.calc_check_digit(siren)
    body = f"{siren}{seed % 100:02d}01"
    return body + luhn.calc_check_digit(body)


@dataclass(frozen=True)
class Org:
    name: str
    category: str
    legal_form: str
    description: str
    website: str = ""


ORGANIZATIONS = [
    Org(
        "Zoomacom",
        Organization.Category.DIGITAL,
        Organization.LegalForm.ASSOCIATION,
        "Structure fondatrice du lieu et contributrice principale de son animation.",
    ),
    Org(
        "OpenScop",
        Organization.Category.SSE,
        Organization.LegalForm.SCOP,
        "Coopérative de production, porteuse juridique et financière du Comptoir Numérique.",
    ),
    Org(
        "POC Foundation",
        Organization.Category.DIGITAL,
        Organization.LegalForm.ASSOCIATION,
        "Le code source des tiers-lieux : outils libres et documentation ouverte.",
    ),
    Org(
        "Coworking Sainté",
        Organization.Category.ENTREPRENEURSHIP,
        Organization.LegalForm.ASSOCIATION,
        "Le réseau des espaces de coworking stéphanois et son incubateur de projets libres.",
    ),
    Org(
        "KoDeal",
        Organization.Category.COMPANY,
        Organization.LegalForm.SAS,
        "Jeune entreprise résidente.",
    ),
    Org(
        "Codeur.com",
        Organization.Category.COMPANY,
        Organization.LegalForm.SAS,
        "Plateforme de mise en relation avec des développeurs indépendants.",
    ),
    Org(
        "Karma",
        Organization.Category.CULTURE,
        Organization.LegalForm.ASSOCIATION,
        "Association culturelle résidente.",
    ),
    Org(
        "Magique Animation",
        Organization.Category.CULTURE,
        Organization.LegalForm.ASSOCIATION,
        "Animation et spectacles pour tous les publics.",
    ),
]


@dataclass(frozen=True)
class DemoPlace:
    slug: str
    name: str
    address: str
    latitude: str
    longitude: str
    opening_hours: str
    typology: list[str]
    summary: str
    services: list[str] = field(default_factory=list)


MAIN = DemoPlace(
    slug=MAIN_PLACE,
    name="Comptoir Numérique",
    address="3 rue Javelin Pagnon",
    latitude="45.4437",
    longitude="4.3958",
    opening_hours="Mo-Fr 09:00-19:00; Sa 10:00-13:00; PH off",
    typology=[Typology.TIERS_LIEUX, Typology.EPN, Typology.FABLAB],
    summary=(
        "Tiers-lieu du quartier créatif Manufacture Plaine Achille : coworking, médiation "
        "numérique, HackerSpace CATS, conciergerie et consommation collaborative."
    ),
    services=[
        "Coworking",
        "Médiation numérique",
        "HackerSpace",
        "Conciergerie",
        "Consommation collaborative",
        "Give Box",
    ],
)
NEIGHBOURS = [
    # (place, walking minutes from Comptoir Numérique)
    (
        DemoPlace(
            "le-mixeur",
            "Le Mixeur",
            "5 rue Javelin Pagnon",
            "45.4425",
            "4.3990",
            "Mo-Fr 09:00-18:00",
            [Typology.TIERS_LIEUX],
            "Lieu d'innovation et de créativité de la Cité du design.",
            ["Coworking", "Salles de réunion"],
        ),
        10,
    ),
    (
        DemoPlace(
            "openfactory",
            "OpenFactory",
            "16 rue Jean Servanton",
            "45.4452",
            "4.3921",
            "Tu-Sa 14:00-19:00",
            [Typology.FABLAB, Typology.TIERS_LIEUX],
            "Fablab associatif : impression 3D, découpe laser, électronique.",
            ["Fablab", "Ateliers"],
        ),
        10,
    ),
    (
        DemoPlace(
            "la-cartonnerie",
            "La Cartonnerie",
            "1 rue Pierre et Dominique Ponchardier",
            "45.4411",
            "4.3972",
            "We-Sa 14:00-19:00",
            [Typology.TIERS_LIEUX, Typology.ASSO],
            "Friche culturelle et associative.",
            ["Ateliers", "Événements"],
        ),
        10,
    ),
    (
        DemoPlace(
            "au-pied-des-marches",
            "Au Pied des Marches",
            "8 rue de la Résistance",
            "45.4395",
            "4.3880",
            "Mo-Fr 08:30-18:30",
            [Typology.TIERS_LIEUX, Typology.ESS],
            "Café-coworking solidaire au pied des marches de l'hôtel de ville.",
            ["Coworking", "Café"],
        ),
        15,
    ),
]

SPACES = [
    # slug, name, kind, capacity, accessibility, equipment
    ("coworking", "Coworking", Space.Kind.COWORKING, 20, "Plain-pied, accès fauteuil.", []),
    (
        "epn",
        "Espace de Pratiques et de Médiation Numérique",
        Space.Kind.EPN,
        12,
        "Plain-pied ; un poste adapté (grand écran, clavier gros caractères).",
        [],
    ),
    (
        "hackerspace-cats",
        "HackerSpace CATS",
        Space.Kind.HACKERSPACE,
        8,
        "Accès par une marche de 15 cm ; rampe amovible à demander à la conciergerie.",
        ["Découpeuse laser", "Imprimante 3D", "Station de soudure"],
    ),
    ("salle-de-reunion", "Salle de réunion", Space.Kind.MEETING_ROOM, 10, "Plain-pied.", []),
    ("conciergerie", "Conciergerie", Space.Kind.CONCIERGE, 2, "Comptoir à hauteur basse.", []),
]


@dataclass(frozen=True)
class DemoPerson:
    email: str
    first_name: str
    last_name: str
    label: str  # what the logins table says about them
    role: str | None = None
    place: str = MAIN_PLACE
    organization: str | None = None
    skills: tuple[str, ...] = ()
    visibility: str = Visibility.HIDDEN
    profile_types: tuple[str, ...] = ()
    bio: str = ""
    # Role period relative to today, in days (None: open-ended).
    starts_in: int = -60
    ends_in: int | None = None
    superuser: bool = False


PEOPLE = [
    DemoPerson(
        "admin@comptoir.test",
        "Ada",
        "Admin",
        "Network administrator (Django admin)",
        superuser=True,
    ),
    DemoPerson(
        "claire@comptoir.test",
        "Claire",
        "Martin",
        "Permanent concierge, Comptoir Numérique",
        role=Role.CONCIERGE_PERMANENT,
        organization="Zoomacom",
        skills=("Médiation numérique", "Animation"),
        visibility=Visibility.PUBLIC,
        profile_types=(ProfileType.MEDIATOR,),
        bio="Je tiens la conciergerie du Comptoir. Passez me voir !",
        starts_in=-400,
    ),
    DemoPerson(
        "paul@comptoir.test",
        "Paul",
        "Durand",
        "Occasional concierge, Comptoir Numérique",
        role=Role.CONCIERGE_OCCASIONAL,
        organization="OpenScop",
        skills=("Python", "WordPress"),
        visibility=Visibility.MEMBERS,
        profile_types=(ProfileType.FREELANCE,),
        starts_in=-200,
    ),
    DemoPerson(
        "rosa@comptoir.test",
        "Rosa",
        "Garcia",
        "Resident (Zoomacom's 3-seat subscription), laser-trained, Comptoir Numérique",
        role=Role.RESIDENT,
        organization="Zoomacom",
        skills=("KiCad", "Impression 3D", "Découpe laser"),
        visibility=Visibility.PUBLIC,
        profile_types=(ProfileType.EMPLOYEE,),
        bio="Électronique libre et fabrication numérique au HackerSpace CATS.",
    ),
    DemoPerson(
        "olivier@comptoir.test",
        "Olivier",
        "Bernard",
        "Resident (solo subscription), Comptoir Numérique",
        role=Role.RESIDENT,
        organization="OpenScop",
        skills=("Comptabilité",),
        visibility=Visibility.MEMBERS,
        profile_types=(ProfileType.ENTREPRENEUR,),
    ),
    DemoPerson(
        "nina@comptoir.test",
        "Nina",
        "Petit",
        "Nomad, half-day book with 3 tickets used, no laser training yet, Comptoir Numérique",
        role=Role.NOMAD,
        skills=("Python", "Animation"),
        visibility=Visibility.PUBLIC,
        profile_types=(ProfileType.FREELANCE,),
        bio="Développeuse indépendante, de passage deux jours par semaine.",
    ),
    DemoPerson(
        "samir@comptoir.test",
        "Samir",
        "Haddad",
        "Nomad from next week, Comptoir Numérique",
        role=Role.NOMAD,
        skills=("WordPress",),
        profile_types=(ProfileType.JOB_SEEKER,),
        starts_in=3,
    ),
    DemoPerson(
        "victor@comptoir.test",
        "Victor",
        "Leroy",
        "Traveller, nothing bought yet (discovery visit), Comptoir Numérique",
        role=Role.TRAVELLER,
        profile_types=(ProfileType.STUDENT,),
        starts_in=-2,
        ends_in=5,
    ),
    DemoPerson(
        "lea@comptoir.test",
        "Léa",
        "Moreau",
        "Permanent concierge, Le Mixeur",
        role=Role.CONCIERGE_PERMANENT,
        place="le-mixeur",
        organization="Coworking Sainté",
        skills=("Animation",),
        visibility=Visibility.PUBLIC,
        profile_types=(ProfileType.MEDIATOR,),
    ),
]


@dataclass(frozen=True)
class Offer:
    """A plan of a demo place (the fields of access.services.plan_create)."""

    name: str
    kind: str
    price_cents: int = 0
    description: str = ""
    holder: str = Plan.Holder.PERSON
    seats: int = 1
    included_room_hours: int = 0
    commitment_months: int = 0
    tickets: int = 0
    ticket_unit: str = TicketUnit.DAY
    validity_months: int = 12
    network_wide: bool = False

    def fields(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in self.__dataclass_fields__}


OFFERS = {
    MAIN_PLACE: [
        Offer(
            "Visite découverte",
            Plan.Kind.DISCOVERY,
            description="Une première journée offerte pour découvrir le lieu et sa communauté.",
        ),
        Offer(
            "Pass journée",
            Plan.Kind.DAY_PASS,
            1500,
            "Un poste au coworking pour la journée, café compris.",
        ),
        Offer(
            "Carnet 10 demi-journées",
            Plan.Kind.TICKET_BOOK,
            6000,
            "Dix demi-journées au Comptoir Numérique, valables un an.",
            tickets=10,
            ticket_unit=TicketUnit.HALF_DAY,
        ),
        Offer(
            "Carnet 10 journées",
            Plan.Kind.TICKET_BOOK,
            10000,
            "Dix journées valables dans tous les lieux du réseau Coworking Sainté.",
            tickets=10,
            network_wide=True,
        ),
        Offer(
            "Résident solo",
            Plan.Kind.SUBSCRIPTION,
            20000,
            "Un poste fixe, un casier et l'accès aux horaires étendus.",
            included_room_hours=4,
        ),
        Offer(
            "Résident structure 3 postes",
            Plan.Kind.SUBSCRIPTION,
            45000,
            "Trois personnes de la structure chaque jour, dix heures de salle de réunion "
            "par mois ; engagement de trois mois.",
            holder=Plan.Holder.ORGANIZATION,
            seats=3,
            included_room_hours=10,
            commitment_months=3,
        ),
    ],
    "le-mixeur": [
        Offer("Visite découverte", Plan.Kind.DISCOVERY),
        Offer("Pass journée", Plan.Kind.DAY_PASS, 1800, "Un poste pour la journée."),
        Offer(
            "Carnet 10 journées",
            Plan.Kind.TICKET_BOOK,
            12000,
            "Dix journées au Mixeur, valables un an.",
            tickets=10,
        ),
        Offer(
            "Résident solo",
            Plan.Kind.SUBSCRIPTION,
            22000,
            "Un poste fixe à la Cité du design.",
            included_room_hours=2,
        ),
    ],
}


@dataclass(frozen=True)
class DemoResource:
    """A bookable resource of Comptoir Numérique (the fields of bookings.Resource)."""

    slug: str
    name: str
    kind: str
    space: str
    equipment: str = ""
    capacity: int = 1
    allowed_roles: tuple[str, ...] = (Role.RESIDENT, Role.NOMAD, Role.TRAVELLER)
    partners: tuple[str, ...] = ()
    slot_minutes: int = 30
    min_minutes: int = 30
    max_minutes: int = 240
    hourly_price_cents: int = 0
    partner_hourly_cents: int = 0
    nomad_payment: str = Resource.NomadPayment.MONEY
    minutes_per_ticket: int = 240
    uses_included_hours: bool = False
    training: str = ""

    def fields(self) -> dict[str, Any]:
        skip = {"slug", "space", "equipment", "partners", "training", "allowed_roles"}
        fields = {name: getattr(self, name) for name in self.__dataclass_fields__}
        return {name: value for name, value in fields.items() if name not in skip}


LASER_TRAINING = "Formation découpe laser"
TRAININGS = {
    # name: (validity in months, description)
    LASER_TRAINING: (
        24,
        "Sécurité, réglages et matériaux autorisés : une heure avec un membre du HackerSpace.",
    ),
}
RESOURCES = [
    DemoResource(
        "salle-de-reunion",
        "Salle de réunion",
        Resource.Kind.ROOM,
        space="salle-de-reunion",
        hourly_price_cents=1500,
        nomad_payment=Resource.NomadPayment.MONEY,
        uses_included_hours=True,
    ),
    DemoResource(
        "postes-coworking",
        "Postes du coworking",
        Resource.Kind.DESK,
        space="coworking",
        capacity=8,
        slot_minutes=60,
        min_minutes=60,
        max_minutes=600,
        hourly_price_cents=300,
        nomad_payment=Resource.NomadPayment.TICKETS,
        minutes_per_ticket=240,
    ),
    DemoResource(
        "salle-epn",
        "Salle EPN",
        Resource.Kind.EPN_ROOM,
        space="epn",
        allowed_roles=(Role.RESIDENT,),
        partners=("Magique Animation", "POC Foundation"),
        max_minutes=480,
        hourly_price_cents=4000,
        partner_hourly_cents=2500,
    ),
    DemoResource(
        "decoupeuse-laser",
        "Découpeuse laser",
        Resource.Kind.EQUIPMENT,
        space="hackerspace-cats",
        equipment="Découpeuse laser",
        max_minutes=180,
        hourly_price_cents=800,
        training=LASER_TRAINING,
    ),
]
# Bookings next week, through the booking service:
# (who, resource, weekday (0 = Monday), start, end, title, booked by)
BOOKINGS = [
    (
        "rosa@comptoir.test",
        "salle-de-reunion",
        1,
        time(10, 0),
        time(12, 0),
        "Point d'équipe Zoomacom",
        "rosa@comptoir.test",
    ),
    (
        "claire@comptoir.test",
        "salle-epn",
        2,
        time(14, 0),
        time(17, 0),
        "Atelier démarches en ligne",
        "claire@comptoir.test",
    ),
    (
        "rosa@comptoir.test",
        "decoupeuse-laser",
        3,
        time(15, 0),
        time(16, 30),
        "Boîtiers pour les capteurs",
        "rosa@comptoir.test",
    ),
]

# Who sells the offers of each place (its permanent concierge).
SELLERS = {MAIN_PLACE: "claire@comptoir.test", "le-mixeur": "lea@comptoir.test"}


class Command(BaseCommand):
    help = "Load the demo network Coworking Sainté (idempotent)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--if-empty", action="store_true", help="Load only when no place exists yet."
        )
        parser.add_argument(
            "--logins", action="store_true", help="Only print the demo logins table."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["logins"]:
            self.print_logins()
            return
        if options["if_empty"] and Place.objects.exists():
            self.stdout.write("Places already exist: demo data not loaded.")
            return
        with transaction.atomic():
            load_demo()
        self.stdout.write(self.style.SUCCESS("Demo network “Coworking Sainté” loaded."))
        if not options["if_empty"]:
            self.print_logins()  # `make run` prints them itself after set-up

    def print_logins(self) -> None:
        width = max(len(p.email) for p in PEOPLE)
        self.stdout.write(f"Demo logins (password: {DEMO_PASSWORD})")
        self.stdout.write(f"  {'email'.ljust(width)}  who")
        for person in PEOPLE:
            self.stdout.write(f"  {person.email.ljust(width)}  {person.label}")


def load_demo() -> None:
    today = timezone.localdate()
    orgs = {org.name: _organization(org, seed) for seed, org in enumerate(ORGANIZATIONS, 1)}
    network, _ = Network.objects.get_or_create(
        slug="coworking-sainte",
        defaults={
            "name": "Coworking Sainté",
            "description": "Le réseau des tiers-lieux de Saint-Étienne.",
        },
    )
    main = _place(network, MAIN, legal_entity=orgs["OpenScop"])
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
        other = _place(network, neighbour)
        if not NearbyPlace.objects.filter(place=main, other=other).exists():
            places.nearby_place_set(place=main, other=other, walking_minutes=minutes, by=None)
        if not Space.objects.filter(place=other).exists():
            places.space_create(
                place=other, name="Coworking", kind=Space.Kind.COWORKING, capacity=12, by=None
            )

    people = {demo.email: _person(demo) for demo in PEOPLE}
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
    plans = {slug: _offers(slug) for slug in OFFERS}
    PlaceAccessSettings.objects.get_or_create(
        place=main, defaults={"over_seats": PlaceAccessSettings.OverSeats.CHARGE}
    )
    _sales(main, people, orgs, plans)
    _bookings(main, people, orgs)
    load_agenda(main, people, orgs)
    load_projects(main, people, orgs)
    load_documentation(main, claire)


_CONCIERGE = {Role.CONCIERGE_PERMANENT, Role.CONCIERGE_OCCASIONAL}


def _offers(slug: str) -> dict[str, Plan]:
    """The plans of a demo place, created by its permanent concierge when missing."""
    place = Place.objects.get(slug=slug)
    seller = Person.objects.get(email=SELLERS[slug])
    plans = {}
    for position, offer in enumerate(OFFERS[slug]):
        plan = Plan.objects.filter(place=place, name=offer.name).first()
        if plan is None:
            plan = access.plan_create(by=seller, place=place, position=position, **offer.fields())
        plans[offer.name] = plan
    return plans


def _sales(
    main: Place,
    people: dict[str, Person],
    orgs: dict[str, Organization],
    plans: dict[str, dict[str, Plan]],
) -> None:
    """Offers sold at the desk through the real service, so orders and payments exist."""
    claire, paul = people["claire@comptoir.test"], people["paul@comptoir.test"]
    rosa, olivier = people["rosa@comptoir.test"], people["olivier@comptoir.test"]
    nina = people["nina@comptoir.test"]
    for person in people.values():
        permissions.forget_roles(person)  # roles were handed out since they were loaded
    offers = plans[MAIN_PLACE]
    zoomacom = orgs["Zoomacom"]
    if not Subscription.objects.filter(place=main, organization=zoomacom).exists():
        # Rosa's structure pays for three seats: she is covered without buying anything.
        access.plan_sell(
            plan=offers["Résident structure 3 postes"],
            place=main,
            by=claire,
            person=rosa,
            organization=zoomacom,
            payment_method=PaymentMethod.TRANSFER,
            payment_reference="VIR ZOOMACOM COWORKING",
        )
    if not Subscription.objects.filter(place=main, person=olivier).exists():
        access.plan_sell(
            plan=offers["Résident solo"],
            place=main,
            by=paul,
            person=olivier,
            payment_method=PaymentMethod.CHEQUE,
            payment_reference="Chèque n° 0042117",
        )
    if not TicketBook.objects.filter(person=nina).exists():
        _nina_book_and_visits(main, claire, nina, offers["Carnet 10 demi-journées"])
    mixeur = Place.objects.get(slug="le-mixeur")
    if not Order.objects.filter(place=mixeur, buyer=nina).exists():
        # A day pass at Le Mixeur for its next opening day, paid in cash.
        access.plan_sell(
            plan=plans["le-mixeur"]["Pass journée"],
            place=mixeur,
            by=people["lea@comptoir.test"],
            person=nina,
            starts_on=_next_open_day(mixeur, timezone.localdate() + timedelta(days=1)),
            payment_method=PaymentMethod.CASH,
        )


def _resources(main: Place, orgs: dict[str, Organization]) -> dict[str, Resource]:
    """The bookable resources of Comptoir Numérique and the training the laser needs."""
    trainings = {
        name: Training.objects.get_or_create(
            place=main,
            name=name,
            defaults={"validity_months": months, "description": description},
        )[0]
        for name, (months, description) in TRAININGS.items()
    }
    resources = {}
    for demo in RESOURCES:
        resource = Resource.objects.filter(place=main, slug=demo.slug).first()
        if resource is None:
            space = Space.objects.get(place=main, slug=demo.space)
            resource = Resource.objects.create(
                place=main,
                slug=demo.slug,
                space=space,
                equipment=(
                    Equipment.objects.get(space=space, name=demo.equipment)
                    if demo.equipment
                    else None
                ),
                allowed_roles=list(demo.allowed_roles),
                required_training=trainings[demo.training] if demo.training else None,
                **demo.fields(),
            )
            resource.partners.set([orgs[name] for name in demo.partners])
        resources[demo.slug] = resource
    return resources


def _bookings(main: Place, people: dict[str, Person], orgs: dict[str, Organization]) -> None:
    """Resources, Rosa's laser training (Nina has none: she is refused until a concierge
    trains her) and a few bookings next week, all through the services."""
    resources = _resources(main, orgs)
    claire, rosa = people["claire@comptoir.test"], people["rosa@comptoir.test"]
    laser = Training.objects.get(place=main, name=LASER_TRAINING)
    if not Qualification.objects.filter(person=rosa, training=laser).exists():
        bookings.qualification_grant(
            person=rosa,
            training=laser,
            by=claire,
            granted_on=timezone.localdate() - timedelta(days=150),
        )
    now = timezone.now()
    for email, slug, weekday, start, end, title, by in BOOKINGS:
        person, resource = people[email], resources[slug]
        upcoming = Booking.objects.confirmed().filter(
            resource=resource, person=person, start__gte=now
        )
        if upcoming.exists():
            continue
        day = _next_week_open_day(main, weekday, start, end)
        if day is None:
            continue
        tz = ZoneInfo(main.timezone)
        bookings.booking_create(
            resource=resource,
            person=person,
            start=datetime.combine(day, start, tzinfo=tz),
            end=datetime.combine(day, end, tzinfo=tz),
            by=people[by],
            title=title,
            now=now,
        )


def _next_week_open_day(place: Place, weekday: int, start: time, end: time) -> date | None:
    """That weekday next week, or the next day after it when the place is closed then."""
    today = timezone.localdate()
    monday = today + timedelta(days=7 - today.weekday())
    tz = ZoneInfo(place.timezone)
    for offset in range(weekday, weekday + 14):
        day = monday + timedelta(days=offset)
        state = open_state(
            place.opening_hours, place.timezone, datetime.combine(day, start, tzinfo=tz)
        )
        closes = state.next_change
        if state.is_open and (closes is None or closes >= datetime.combine(day, end, tzinfo=tz)):
            return day
    return None


def _nina_book_and_visits(main: Place, claire: Person, nina: Person, plan: Plan) -> None:
    """A half-day book bought three weeks ago, and three half-days used since."""
    today = timezone.localdate()
    sale = access.plan_sell(
        plan=plan, place=main, by=claire, person=nina, payment_method=PaymentMethod.CARD
    )
    tz = ZoneInfo(main.timezone)
    bought = datetime.combine(today - timedelta(days=24), time(9, 15), tzinfo=tz)
    _backdate(sale, bought)
    slots = [(time(9, 30), time(12, 30)), (time(14, 0), time(18, 0))]
    visits = 0
    day = today - timedelta(days=21)
    while visits < 3 and day < today:
        start, end = slots[visits % 2]
        arrived = datetime.combine(day, start, tzinfo=tz)
        left = datetime.combine(day, end, tzinfo=tz)
        if _is_open(main, arrived) and _is_open(main, left):
            visit = presence.visit_check_in(person=nina, place=main, by=claire, at=arrived)
            presence.visit_check_out(visit=visit, by=claire, at=left)
            visits += 1
            day += timedelta(days=3)
        else:
            day += timedelta(days=1)


def _backdate(sale: access.Sale, when: datetime) -> None:
    """Move a sale made today back to `when` (the sale service only sells from today on)."""
    book = sale.ticket_book
    assert book is not None
    Order.objects.filter(pk=sale.order.pk).update(created_at=when, paid_at=when)
    Payment.objects.filter(order=sale.order).update(created_at=when)
    TicketBook.objects.filter(pk=book.pk).update(
        created_at=when,
        purchased_on=when.date(),
        expires_on=when.date() + relativedelta(months=book.plan.validity_months),
    )
    book.movements.update(at=when)


def _is_open(place: Place, at: datetime) -> bool:
    return open_state(place.opening_hours, place.timezone, at).is_open


def _next_open_day(place: Place, day: date) -> date:
    tz = ZoneInfo(place.timezone)
    for offset in range(14):
        candidate = day + timedelta(days=offset)
        if _is_open(place, datetime.combine(candidate, time(11, 0), tzinfo=tz)):
            return candidate
    return day


def _organization(org: Org, seed: int) -> Organization:
    existing = Organization.objects.filter(name=org.name).first()
    if existing is not None:
        return existing
    return community.organization_create(
        name=org.name,
        category=org.category,
        legal_form=org.legal_form,
        siret=demo_siret(seed),
        description=org.description,
        website=org.website,
        by=None,
    )


def _place(network: Network, demo: DemoPlace, **extra: Any) -> Place:
    existing = Place.objects.filter(slug=demo.slug).first()
    if existing is not None:
        return existing
    return places.place_create(
        network=network,
        slug=demo.slug,
        name=demo.name,
        address=demo.address,
        postal_code="42000",
        commune="Saint-Étienne",
        insee_code="42218",
        latitude=Decimal(demo.latitude),
        longitude=Decimal(demo.longitude),
        opening_hours=demo.opening_hours,
        typology=list(demo.typology),
        services=list(demo.services),
        summary=demo.summary,
        by=None,
        **extra,
    )


def _person(demo: DemoPerson) -> Person:
    person = Person.objects.filter(email=demo.email).first()
    if person is None:
        person = community.person_create(
            email=demo.email,
            first_name=demo.first_name,
            last_name=demo.last_name,
            password=DEMO_PASSWORD,
            by=None,
            directory_visibility=demo.visibility,
            profile_types=list(demo.profile_types),
            bio=demo.bio,
        )
        if demo.superuser:
            person.is_staff = person.is_superuser = True
            person.save(update_fields=["is_staff", "is_superuser"])
    # Verified and primary, so the demo accounts log in without an email round-trip.
    EmailAddress.objects.update_or_create(
        user=person, email=person.email, defaults={"verified": True, "primary": True}
    )
    have = set(person.person_skills.values_list("skill__name", flat=True))
    if demo.skills and have != set(demo.skills):
        community.person_set_skills(person=person, names=list(demo.skills), by=person)
    return person
