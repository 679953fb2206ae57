"""Load the reference network “Coworking Sainté” (idempotent: run it as often as you like)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal
from typing import Any

from allauth.account.models import EmailAddress
from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction
from django.utils import timezone
from stdnum import luhn

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
from comptoir.places import services as places
from comptoir.places.models import Equipment, NearbyPlace, Network, Place, Space, Typology

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
        "Resident (Zoomacom), Comptoir Numérique",
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
        "Resident (OpenScop), Comptoir Numérique",
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
        "Nomad, Comptoir Numérique",
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
        "Traveller (until the end of the week), Comptoir Numérique",
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


_CONCIERGE = {Role.CONCIERGE_PERMANENT, Role.CONCIERGE_OCCASIONAL}


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
