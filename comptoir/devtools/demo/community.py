"""The demo people and structures, their affiliations and roles (password: DEMO_PASSWORD)."""

from __future__ import annotations

from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise
from stdnum import luhn

from comptoir.community import services as community
from comptoir.community.models import (
    Organization,
    Person,
    ProfileType,
    Role,
    Visibility,
)
from comptoir.devtools.demo.places import MAIN_PLACE

DEMO_PASSWORD = "comptoir"  # Weak on purpose: a local demo, printed on screen.


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
class DemoPerson:
    email: str
    first_name: str
    last_name: str
    label: StrOrPromise  # what the logins table says about them
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
        _("Network administrator (Django admin)"),
        superuser=True,
    ),
    DemoPerson(
        "claire@comptoir.test",
        "Claire",
        "Martin",
        _("Permanent concierge, Comptoir Numérique"),
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
        _("Occasional concierge, Comptoir Numérique"),
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
        _("Resident (Zoomacom's 3-seat subscription), laser-trained, Comptoir Numérique"),
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
        _("Resident (solo subscription), Comptoir Numérique"),
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
        _("Nomad, half-day book with 3 tickets used, no laser training yet, Comptoir Numérique"),
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
        _("Nomad from next week, Comptoir Numérique"),
        role=Role.NOMAD,
        skills=("WordPress",),
        profile_types=(ProfileType.JOB_SEEKER,),
        starts_in=3,
    ),
    DemoPerson(
        "victor@comptoir.test",
        "Victor",
        "Leroy",
        _("Traveller, nothing bought yet (discovery visit), Comptoir Numérique"),
        role=Role.TRAVELLER,
        profile_types=(ProfileType.STUDENT,),
        starts_in=-2,
        ends_in=5,
    ),
    DemoPerson(
        "theo@comptoir.test",
        "Théo",
        "Roux",
        _("Treasurer of the association, Comptoir Numérique (closes periods, exports the FEC)"),
        role=Role.TREASURER,
        skills=("Comptabilité",),
        profile_types=(ProfileType.EMPLOYEE,),
        starts_in=-300,
    ),
    DemoPerson(
        "lea@comptoir.test",
        "Léa",
        "Moreau",
        _("Permanent concierge, Le Mixeur"),
        role=Role.CONCIERGE_PERMANENT,
        place="le-mixeur",
        organization="Coworking Sainté",
        skills=("Animation",),
        visibility=Visibility.PUBLIC,
        profile_types=(ProfileType.MEDIATOR,),
    ),
]


def load_organization(org: Org, seed: int) -> Organization:
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


def load_person(demo: DemoPerson) -> Person:
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
