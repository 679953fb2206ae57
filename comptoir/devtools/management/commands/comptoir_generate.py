"""Generate network-scale data for benchmarks: places, people, structures, roles, audit,
and coworking access: offers, subscriptions, ticket books with their ledgers, day passes,
orders, and two years of visits with the half-days they paid for; bookable resources
(rooms, desk areas, machines with their trainings) and two years of bookings.

Rows are written with bulk_create in batches and without per-row services: the point is
volume, quickly. Everything generated hangs off one network (slug `reseau-genere`) and uses
addresses under `gen.comptoir.test`, so `--reset` can wipe it without touching real data.
"""

from __future__ import annotations

import random
import time as time_module
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import opening_hours as ohp
from dateutil.relativedelta import relativedelta
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, transaction
from django.db.models import Model, QuerySet
from django.utils import timezone
from django.utils.text import slugify
from stdnum import luhn

from comptoir.access.models import (
    DayPass,
    PlaceAccessSettings,
    Plan,
    Subscription,
    SubscriptionPeriod,
    TicketBook,
    TicketMovement,
    TicketUnit,
)
from comptoir.access.services import period_bounds
from comptoir.billing.models import Order, OrderLine, Payment, PaymentMethod
from comptoir.bookings.models import (
    Booking,
    BookingSeries,
    CalendarFeed,
    Qualification,
    Resource,
    Training,
    WaitlistEntry,
)
from comptoir.community.models import (
    CONCIERGE_ROLES,
    Affiliation,
    Organization,
    Person,
    PersonSkill,
    PlaceRole,
    ProfileType,
    Role,
    Skill,
    Visibility,
)
from comptoir.core.bulk import insert_rows, sql_delete
from comptoir.core.models import AuditEvent
from comptoir.devtools.generate.agenda import AgendaGenerator, wipe_agenda
from comptoir.devtools.generate.projects import ProjectGenerator, wipe_projects
from comptoir.places.models import Equipment, NearbyPlace, Network, Place, Space
from comptoir.presence.models import Access, CoveredPeriod, Half, Visit

NETWORK_SLUG = "reseau-genere"
DOMAIN = "gen.comptoir.test"
BATCH = 2000
VISIT_CHUNK = 20_000  # visits written at a time, with their movements and covered periods
CONCIERGES_PER_PLACE = (2, 3)  # permanent, occasional

PLACE_NAMES = [
    "La Fabrique des Communs",
    "Le Quai des Possibles",
    "L'Atelier Partagé",
    "La Ruche du Furan",
    "Le Bocal",
    "La Maison des Savoirs",
    "Le Hangar Numérique",
    "La Source",
    "Les Ateliers du Gier",
    "Le Relais Pilat",
]
COMMUNES = [
    ("Saint-Étienne", "42000", "42218", 45.4397, 4.3872),
    ("Saint-Chamond", "42400", "42207", 45.4757, 4.5147),
    ("Firminy", "42700", "42095", 45.3880, 4.2880),
    ("Rive-de-Gier", "42800", "42186", 45.5286, 4.6180),
    ("Montbrison", "42600", "42147", 45.6075, 4.0653),
    ("Roanne", "42300", "42187", 46.0342, 4.0721),
    ("Andrézieux-Bouthéon", "42160", "42005", 45.5261, 4.2600),
]
STREETS = ["rue de la Manufacture", "place Jean Jaurès", "rue des Armuriers", "cours Fauriel"]
OPENING_HOURS = [
    "Mo-Fr 09:00-18:00; Sa 10:00-13:00; PH off",
    "Mo-Fr 08:30-19:00; PH off",
    "Tu-Sa 10:00-12:30,14:00-18:00",
    "Mo-Th 09:00-20:00; Fr 09:00-17:00",
    "Mo-Fr 09:00-22:00; Sa 14:00-18:00; Su off",
]
TYPOLOGIES = [
    ["TIERS_LIEUX", "EPN"],
    ["TIERS_LIEUX", "FABLAB"],
    ["TIERS_LIEUX", "EPN", "FABLAB"],
    ["TIERS_LIEUX", "ESS"],
    ["TIERS_LIEUX", "ASSO", "EPN"],
]
MEDIATION_SERVICES = [
    "Aide aux démarches administratives",
    "Maîtrise des outils numériques du quotidien",
    "Insertion professionnelle via le numérique",
    "Utilisation sécurisée du numérique",
    "Loisirs et créations numériques",
    "Accès internet et matériel informatique",
]
# (kind, name, capacity, equipment)
SPACES = [
    (Space.Kind.COWORKING, "Open space", 24, ["Écran 27 pouces", "Casier", "Imprimante"]),
    (Space.Kind.EPN, "Salle EPN", 12, ["Poste Linux", "Vidéoprojecteur", "Scanner"]),
    (Space.Kind.HACKERSPACE, "HackerSpace", 10, ["Imprimante 3D", "Fer à souder", "Arduino"]),
    (Space.Kind.MEETING_ROOM, "Salle de réunion Loire", 8, ["Écran", "Tableau blanc"]),
    (Space.Kind.CONCIERGE, "Conciergerie", 2, ["Casiers colis", "Caisse"]),
    (Space.Kind.WORKSHOP, "Atelier bois", 6, ["Scie à onglet", "Perceuse colonne"]),
    (Space.Kind.KITCHEN, "Cuisine partagée", 15, ["Cafetière", "Réfrigérateur", "Four"]),
    (Space.Kind.MEETING_ROOM, "Salle Pilat", 4, ["Écran", "Pieuvre de visioconférence"]),
]
FIRST_NAMES = (
    "Camille Léa Manon Chloé Emma Inès Jade Louise Alice Lina Rose Anna Zoé Mila Nina Sarah "
    "Juliette Lucie Clara Agathe Margaux Yasmine Fatou Aïcha Mélissa Sofia Hélène Odile "
    "Martine Nadia Lucas Hugo Louis Gabriel Arthur Jules Adam Léo Raphaël Nathan Tom Théo "
    "Noah Ethan Paul Sacha Mathis Enzo Karim Mehdi Youssef Moussa Bruno Pierre Jean Marc "
    "Alain Bernard Didier Thierry Claude Dominique Olivier Vincent Julien Antoine Rémi"
).split()
LAST_NAMES = (
    "Martin Bernard Thomas Petit Robert Richard Durand Dubois Moreau Laurent Simon Michel "
    "Lefebvre Leroy Roux David Bertrand Morel Fournier Girard Bonnet Dupont Lambert Fontaine "
    "Rousseau Vincent Muller Lefèvre Faure André Mercier Blanc Guérin Boyer Garnier Chevalier "
    "François Legrand Gauthier Garcia Perrin Robin Clément Morin Nicolas Henry Roussel Mathieu "
    "Gautier Masson Marchand Duval Denis Dumont Marie Lemaire Noël Meyer Dufour Meunier Brun "
    "Blanchard Giraud Joly Rivière Lucas Brunet Gaillard Barbier Arnaud Martinez Gérard Roche "
    "Benali Diallo Nguyen Haddad Traoré Ferreira Lopes Kaci Bouvier Chauvin Peyrard Vial"
).split()
SKILLS = (
    "Python|Django|JavaScript|HTML et CSS|PHP|Rust|Go|Java|SQL|PostgreSQL|Linux|Debian|"
    "Administration système|Réseaux informatiques|Sécurité informatique|Docker|Git|"
    "Développement web|Développement mobile|Accessibilité numérique|Design d'interface|UX|"
    "Graphisme|Illustration|Typographie|Photographie|Vidéo|Montage vidéo|Son|Podcast|"
    "Radio|Musique assistée par ordinateur|Animation 3D|Blender|Inkscape|GIMP|Krita|"
    "Impression 3D|Découpe laser|Fraisage numérique|Arduino|Raspberry Pi|Électronique|"
    "Soudure électronique|Réparation d'ordinateurs|Réparation de smartphones|Couture|"
    "Broderie|Tricot|Menuiserie|Ébénisterie|Soudure à l'arc|Mécanique vélo|Plomberie|"
    "Électricité|Jardinage|Permaculture|Compostage|Apiculture|Cuisine|Pâtisserie|"
    "Brassage|Zéro déchet|Comptabilité|Gestion associative|Demande de subventions|"
    "Droit des associations|Droit du travail|Fiscalité|Paie|Ressources humaines|"
    "Marketing|Communication|Réseaux sociaux|Rédaction|Relecture|Traduction anglais|"
    "Traduction espagnol|Traduction arabe|Langue des signes|Facilitation|Animation de "
    "réunion|Intelligence collective|Sociocratie|Gestion de projet|Méthodes agiles|"
    "Médiation numérique|Démarches en ligne|Accompagnement France Travail|Aide au CV|"
    "Préparation aux entretiens|Bureautique|Tableur|Traitement de texte|Messagerie|"
    "Smartphone Android|iPhone|Tablette|Visioconférence|Sécurité en ligne|Parentalité "
    "numérique|Culture numérique|Logiciels libres|OpenStreetMap|Wikipédia|Open data|"
    "Cartographie|SIG|Data visualisation|Statistiques|Data science|Intelligence "
    "artificielle|Machine learning|Éducation populaire|Pédagogie|Formation d'adultes|"
    "Soutien scolaire|Mathématiques|Physique|Chimie|Biologie|Histoire locale|"
    "Théâtre|Improvisation|Danse|Yoga|Premiers secours|Écoute active|Communication "
    "non violente|Médiation|Entrepreneuriat|Business plan|Financement participatif|"
    "Coopératives|ESS|Économie circulaire|Achats responsables|Logistique|Vente|"
    "Relation client|Événementiel|Régie son et lumière|Sérigraphie|Reliure|Céramique|"
    "Vitrail|Tapisserie|Cuir|Upcycling|Fabrication de meubles|Architecture|Urbanisme|"
    "Rénovation énergétique|Énergies renouvelables|Mobilité douce|Juridique RGPD|"
    "Cybersécurité|Nextcloud|WordPress|Dolibarr|Odoo|Scribus|LibreOffice|Markdown|"
    "Documentation|Wiki|Movilab|Conciergerie|Accueil du public|Secrétariat|Archivage|"
    "Généalogie|Échecs|Jeux de société|Jeu vidéo|Game design|Écriture|Poésie|Bande dessinée|"
    "Rédaction de statuts|Veille|Prise de parole|Mentorat|Recrutement|Inclusion|FALC|"
    "Audiovisuel|Streaming|Vannerie|Horlogerie|Lutherie|Robotique|Domotique|Cryptographie|"
    "Mastodon|PeerTube|Home Assistant|Tests logiciels|Kotlin|TypeScript|Swift"
).split("|")
ORG_PREFIXES = {
    Organization.Category.POPULAR_EDUCATION: ("Association", Organization.LegalForm.ASSOCIATION),
    Organization.Category.EMPLOYMENT: ("Collectif", Organization.LegalForm.ASSOCIATION),
    Organization.Category.CULTURE: ("Compagnie", Organization.LegalForm.ASSOCIATION),
    Organization.Category.SPORT: ("Club", Organization.LegalForm.ASSOCIATION),
    Organization.Category.EDUCATION_RESEARCH: ("Laboratoire", Organization.LegalForm.PUBLIC),
    Organization.Category.PRESS_MEDIA: ("Éditions", Organization.LegalForm.SCOP),
    Organization.Category.ENTREPRENEURSHIP: ("Coopérative", Organization.LegalForm.SCIC),
    Organization.Category.DIGITAL: ("Studio", Organization.LegalForm.SAS),
    Organization.Category.ENVIRONMENT: ("Les Amis", Organization.LegalForm.ASSOCIATION),
    Organization.Category.SSE: ("Scop", Organization.LegalForm.SCOP),
    Organization.Category.LOCAL_AUTHORITY: ("Service", Organization.LegalForm.PUBLIC),
    Organization.Category.COMPANY: ("Atelier", Organization.LegalForm.SARL),
}
ORG_WORDS = (
    "du Furan|des Communs|Pixel|Le Fil|de la Manufacture|Libre Loire|Pilat Vert|Les Rouages|"
    "Clic & Co|du Crêt|Solidaire|Ondaine|Bien Commun|Colibri|Gier Numérique|Trame|Cartouche|"
    "L'Escale|Éclat|Racines|Quartier Libre|Babel|Rebond|Bobine|La Forge|Sentier"
).split("|")
AUDIT_VERBS = [
    "role.assigned",
    "role.ended",
    "person.updated",
    "person.skills_set",
    "organization.updated",
    "affiliation.created",
    "visit.checked_in",
    "booking.created",
    "booking.cancelled",
]


def siret_for(rng: random.Random, taken: set[str]) -> str:
    """A unique SIRET with valid SIREN and SIRET Luhn check digits (never La Poste's)."""
    while True:
        siren_body = str(rng.randrange(10_000_000, 99_999_999))
        if siren_body.startswith("356"):
            continue
        siren = siren_body + luhn.calc_check_digit(siren_body)
        nic_body = siren + f"{rng.randrange(1, 200):04d}"
        siret = nic_body + luhn.calc_check_digit(nic_body)
        if siret not in taken:
            taken.add(siret)
            return siret


def role_periods(rng: random.Random, count: int, today: date) -> list[tuple[date, date | None]]:
    """`count` consecutive, non-overlapping periods; the last one is still running."""
    # Earlier starts for longer histories, so most periods lie in the past.
    start = today - timedelta(days=rng.randrange(60, 900) + 100 * (count - 1))
    periods: list[tuple[date, date | None]] = []
    for index in range(count):
        if index == count - 1:
            later = max(start, today) + timedelta(days=rng.randrange(0, 200))
            end = None if rng.random() < 0.7 else later
            periods.append((start, end))
            break
        end = start + timedelta(days=rng.randrange(20, 120))
        periods.append((start, end))
        start = end + timedelta(days=rng.randrange(1, 40))
    return periods


class Generator:
    def __init__(self, *, seed: int, password: str, out: Any) -> None:
        self.rng = random.Random(seed)
        self.password_hash = make_password(password)  # hashed once, reused for every row
        self.today = timezone.localdate()
        self.now = timezone.now()
        self.out = out
        self.members_of: dict[int, list[int]] = defaultdict(list)  # structure: its people
        self.role_rows: list[PlaceRole] = []

    def say(self, message: str) -> None:
        self.out.write(message)

    def bulk(self, model: type[Model], rows: list[Any]) -> None:
        started = time_module.perf_counter()
        model._default_manager.bulk_create(rows, batch_size=BATCH)
        seconds = time_module.perf_counter() - started
        self.say(f"  {model._meta.verbose_name_plural}: {len(rows)} ({seconds:.1f} s)")

    # --- places --------------------------------------------------------------------------
    def places(self, count: int, legal_entities: list[Organization]) -> list[Place]:
        network = Network.objects.create(
            name="Réseau généré (banc d'essai)",
            slug=NETWORK_SLUG,
            description="Données générées par comptoir_generate pour les mesures.",
        )
        taken = set(Place.objects.values_list("slug", flat=True))
        rows = []
        for i in range(count):
            name = PLACE_NAMES[i % len(PLACE_NAMES)]
            if i >= len(PLACE_NAMES):
                name = f"{name} {i // len(PLACE_NAMES) + 1}"
            slug = slugify(name)
            while slug in taken:
                slug = f"{slug}-g"
            taken.add(slug)
            commune, postal, insee, lat, lon = COMMUNES[i % len(COMMUNES)]
            rows.append(
                Place(
                    network=network,
                    name=name,
                    slug=slug,
                    summary=f"Tiers-lieu de {commune} : coworking, EPN et ateliers partagés.",
                    description="Un lieu généré pour les mesures de performance.",
                    address=f"{self.rng.randrange(1, 80)} {self.rng.choice(STREETS)}",
                    postal_code=postal,
                    commune=commune,
                    insee_code=insee,
                    latitude=round(lat + self.rng.uniform(-0.01, 0.01), 6),
                    longitude=round(lon + self.rng.uniform(-0.01, 0.01), 6),
                    opening_hours=OPENING_HOURS[i % len(OPENING_HOURS)],
                    typology=TYPOLOGIES[i % len(TYPOLOGIES)],
                    services=self.rng.sample(MEDIATION_SERVICES, 3),
                    legal_entity=legal_entities[i] if i < len(legal_entities) else None,
                    email=f"bonjour-{i}@{DOMAIN}",
                )
            )
        self.bulk(Place, rows)
        places = list(Place.objects.filter(network=network).order_by("pk"))
        self.spaces(places)
        nearby = [
            NearbyPlace(place=p, other=o, walking_minutes=self.rng.randrange(5, 40))
            for p in places
            for o in places
            if o.pk != p.pk and self.rng.random() < 0.6
        ]
        self.bulk(NearbyPlace, nearby)
        return places

    def spaces(self, places: list[Place]) -> None:
        spaces = []
        for place in places:
            for kind, name, capacity, _equipment in SPACES[: self.rng.randrange(4, 9)]:
                spaces.append(
                    Space(
                        place=place,
                        name=name,
                        slug=slugify(name),
                        kind=kind,
                        capacity=capacity,
                        accessibility_notes="Accès de plain-pied, boucle magnétique.",
                    )
                )
        self.bulk(Space, spaces)
        equipment_of = {name: equipment for _k, name, _c, equipment in SPACES}
        equipment = [
            Equipment(space=space, name=item, quantity=self.rng.randrange(1, 6))
            for space in Space.objects.filter(place__in=places)
            for item in equipment_of.get(space.name, [])
        ]
        self.bulk(Equipment, equipment)

    # --- people, skills, structures -------------------------------------------------------
    def people(self, count: int, concierge_count: int) -> list[int]:
        visibilities = [Visibility.HIDDEN, Visibility.MEMBERS, Visibility.PUBLIC]
        rows = []
        for i in range(count):
            first = self.rng.choice(FIRST_NAMES)
            rows.append(
                Person(
                    email=f"p{i:06d}@{DOMAIN}",
                    password=self.password_hash,
                    first_name=first,
                    last_name=self.rng.choice(LAST_NAMES),
                    profile_types=self.rng.sample(ProfileType.values, self.rng.randrange(1, 3)),
                    directory_visibility=(
                        Visibility.MEMBERS
                        if i < concierge_count
                        else self.rng.choices(visibilities, weights=[3, 4, 3])[0]
                    ),
                    show_email=self.rng.random() < 0.2,
                    bio=f"Bonjour, je suis {first}." if self.rng.random() < 0.4 else "",
                    date_joined=self.now - timedelta(days=self.rng.randrange(0, 1500)),
                )
            )
        self.bulk(Person, rows)
        ids = dict(Person.objects.filter(email__endswith=f"@{DOMAIN}").values_list("email", "pk"))
        return [ids[f"p{i:06d}@{DOMAIN}"] for i in range(count)]

    def skills(self, count: int, person_ids: list[int], per_person: float) -> None:
        names = list(SKILLS[:count])
        while len(names) < count:
            names.append(f"{SKILLS[len(names) % len(SKILLS)]} ({len(names) // len(SKILLS) + 1})")
        existing = set(Skill.objects.values_list("slug", flat=True))
        new = [
            Skill(name=n, slug=slugify(n)[:90]) for n in names if slugify(n)[:90] not in existing
        ]
        Skill.objects.bulk_create(new, batch_size=BATCH, ignore_conflicts=True)
        skill_ids = list(
            Skill.objects.filter(slug__in=[slugify(n)[:90] for n in names]).values_list(
                "pk", flat=True
            )
        )
        # A few skills are common (Python, Bureautique…), most are rare.
        weights = [1.0 / (rank + 1) ** 0.7 for rank in range(len(skill_ids))]
        levels = PersonSkill.Level.values
        rows = []
        for person_id in person_ids:
            wanted = max(0, round(self.rng.gauss(per_person, 1.2)))
            chosen = set(self.rng.choices(skill_ids, weights=weights, k=wanted))
            rows += [
                PersonSkill(person_id=person_id, skill_id=s, level=self.rng.choice(levels))
                for s in chosen
            ]
        self.bulk(PersonSkill, rows)

    def organizations(self, count: int) -> list[Organization]:
        taken = set(Organization.objects.exclude(siret="").values_list("siret", flat=True))
        categories = list(ORG_PREFIXES)
        rows = []
        for i in range(count):
            category = categories[i % len(categories)]
            prefix, legal_form = ORG_PREFIXES[category]
            name = f"{prefix} {self.rng.choice(ORG_WORDS)} {i + 1}"
            rows.append(
                Organization(
                    name=name,
                    slug=f"{slugify(name)}-g{i}",
                    category=category,
                    legal_form=legal_form,
                    siret=siret_for(self.rng, taken) if self.rng.random() < 0.85 else "",
                    description=f"{name} : une structure générée pour les mesures.",
                    email=f"contact-{i}@{DOMAIN}",
                )
            )
        self.bulk(Organization, rows)
        return list(Organization.objects.filter(email__endswith=f"@{DOMAIN}").order_by("pk"))

    def affiliations(self, person_ids: list[int], orgs: list[Organization]) -> dict[int, int]:
        """Each structure gets a few people; returns {person_id: organization_id}."""
        if not orgs:
            return {}
        rows: list[Affiliation] = []
        pairs: set[tuple[int, int]] = set()
        of_person: dict[int, int] = {}
        for org in orgs:
            for n in range(self.rng.randrange(1, 8)):
                person_id = self.rng.choice(person_ids)
                if (person_id, org.pk) in pairs:
                    continue
                pairs.add((person_id, org.pk))
                of_person.setdefault(person_id, org.pk)
                self.members_of[org.pk].append(person_id)
                rows.append(
                    Affiliation(
                        person_id=person_id,
                        organization_id=org.pk,
                        is_manager=n == 0,
                        title="Coordination" if n == 0 else "",
                    )
                )
        self.bulk(Affiliation, rows)
        return of_person

    # --- roles and audit ------------------------------------------------------------------
    def roles(
        self,
        count: int,
        places: list[Place],
        person_ids: list[int],
        org_of: dict[int, int],
    ) -> None:
        rows: list[PlaceRole] = []
        permanent, occasional = CONCIERGES_PER_PLACE
        concierge_roles = [Role.CONCIERGE_PERMANENT] * permanent
        concierge_roles += [Role.CONCIERGE_OCCASIONAL] * occasional
        next_concierge = 0
        for place in places:
            for kind in concierge_roles:
                if len(rows) >= count or next_concierge >= len(person_ids):
                    break
                rows.append(
                    PlaceRole(
                        person_id=person_ids[next_concierge],
                        place=place,
                        role=kind,
                        valid_from=self.today - timedelta(days=self.rng.randrange(30, 700)),
                    )
                )
                next_concierge += 1
        # The other roles: count how many periods each (person, place, role) gets, then lay
        # the periods end to end so the same role never overlaps itself.
        members = person_ids[next_concierge:] or person_ids
        member_roles: list[str] = [Role.RESIDENT, Role.NOMAD, Role.TRAVELLER]
        keys: Counter[tuple[int, int, str]] = Counter()
        for _ in range(count - len(rows)):
            role = self.rng.choices(member_roles, weights=[25, 35, 40])[0]
            keys[(self.rng.choice(members), self.rng.choice(places).pk, role)] += 1
        for (person_id, place_id, role), periods in keys.items():
            for start, end in role_periods(self.rng, periods, self.today):
                rows.append(
                    PlaceRole(
                        person_id=person_id,
                        place_id=place_id,
                        role=role,
                        organization_id=org_of.get(person_id) if role == Role.RESIDENT else None,
                        valid_from=start,
                        valid_until=end,
                    )
                )
        self.bulk(PlaceRole, rows)
        self.role_rows = rows

    def audit(self, count: int, places: list[Place], person_ids: list[int]) -> None:
        concierges: dict[int, list[int]] = {}
        for place_id, person_id in PlaceRole.objects.filter(
            place__in=places, role__in=CONCIERGE_ROLES
        ).values_list("place_id", "person_id"):
            concierges.setdefault(place_id, []).append(person_id)
        rows = []
        for _ in range(count):
            place = self.rng.choice(places)
            verb = self.rng.choice(AUDIT_VERBS)
            target = self.rng.choice(person_ids)
            rows.append(
                AuditEvent(
                    actor_id=self.rng.choice(concierges.get(place.pk) or person_ids),
                    verb=verb,
                    target_type="community.person",
                    target_id=str(target),
                    target_repr=f"p{target}",
                    place=place,
                    data={"generated": True},
                    created_at=self.now - timedelta(seconds=self.rng.randrange(0, 365 * 86400)),
                )
            )
        self.bulk(AuditEvent, rows)


# --- coworking access and presence ---------------------------------------------------------

HISTORY_DAYS = 730  # two years of visits and sales
DAY_PASS_SHARE = 0.04  # of the visits
DISCOVERY_SHARE = 0.03
TICKET_SHARE = 0.65
PAYMENT_METHODS = [
    PaymentMethod.CARD,
    PaymentMethod.CASH,
    PaymentMethod.TRANSFER,
    PaymentMethod.CHEQUE,
]
PAYMENT_WEIGHTS = [45, 20, 20, 15]
# key, name, kind, price (cents), other fields
PLACE_OFFERS: list[tuple[str, str, str, int, dict[str, Any]]] = [
    ("discovery", "Visite découverte", Plan.Kind.DISCOVERY, 0, {}),
    ("day_pass", "Pass journée", Plan.Kind.DAY_PASS, 1500, {}),
    (
        "half_days",
        "Carnet 10 demi-journées",
        Plan.Kind.TICKET_BOOK,
        6000,
        {"tickets": 10, "ticket_unit": TicketUnit.HALF_DAY},
    ),
    (
        "days",
        "Carnet 10 journées",
        Plan.Kind.TICKET_BOOK,
        10000,
        {"tickets": 10, "ticket_unit": TicketUnit.DAY},
    ),
    ("solo", "Résident solo", Plan.Kind.SUBSCRIPTION, 20000, {"included_room_hours": 4}),
    (
        "structure",
        "Résident structure 3 postes",
        Plan.Kind.SUBSCRIPTION,
        45000,
        {
            "holder": Plan.Holder.ORGANIZATION,
            "seats": 3,
            "included_room_hours": 10,
            "commitment_months": 3,
        },
    ),
]


@dataclass(eq=False)
class BookSpec:
    plan: Plan
    person_id: int
    place_id: int
    network_id: int | None
    purchased_on: date
    expires_on: date
    used: int = 0
    pk: int | None = None
    order_line_id: int | None = None


@dataclass(eq=False)
class SubscriptionSpec:
    plan: Plan
    organization_id: int
    place_id: int
    started_on: date
    periods: list[tuple[date, date]]
    ended_on: date | None = None
    pk: int | None = None
    period_lines: dict[int, int] = field(default_factory=dict)


@dataclass(eq=False)
class PassSpec:
    plan: Plan
    person_id: int
    place_id: int
    valid_on: date
    pk: int | None = None
    order_line_id: int | None = None


@dataclass(frozen=True)
class VisitSpec:
    person_id: int
    place_id: int
    day: date
    access: str
    half_day: bool = False  # covers only the half-day of arrival (a half-day ticket)
    subscription: SubscriptionSpec | None = None
    book: BookSpec | None = None
    day_pass: PassSpec | None = None
    is_open: bool = False


def weekdays(start: date, end: date) -> Iterator[date]:
    day = start
    while day <= end:
        if day.weekday() < 5:
            yield day
        day += timedelta(days=1)


class AccessGenerator:
    """Offers, subscriptions, books, passes and orders of the generated places, and the
    visits they paid for. Everything is planned in memory first (so each visit knows its
    book or subscription), then written in bulk: sales, then visits in chunks with their
    ticket movements and covered half-days.

    One visit per person and day, which keeps both unique constraints (one open visit per
    person and day, one covered period per person and half-day) true by construction."""

    def __init__(self, gen: Generator, places: list[Place], person_ids: list[int]) -> None:
        self.gen = gen
        self.rng = gen.rng
        self.today = gen.today
        self.first_day = gen.today - timedelta(days=HISTORY_DAYS)
        self.places = places
        self.place_ids = [place.pk for place in places]
        self.tz = {place.pk: ZoneInfo(place.timezone) for place in places}
        self.network_id = places[0].network_id
        self.person_ids = person_ids
        self.holders: dict[tuple[str, int], list[int]] = defaultdict(list)
        self.concierges: dict[int, list[int]] = defaultdict(list)
        for row in gen.role_rows:
            if row.role in CONCIERGE_ROLES:
                self.concierges[row.place_id].append(row.person_id)
            else:
                self.holders[(row.role, row.place_id)].append(row.person_id)
        self.taken: set[tuple[int, date]] = set()
        self.visits: list[VisitSpec] = []
        self.books: list[BookSpec] = []
        self.subscriptions: list[SubscriptionSpec] = []
        self.passes: list[PassSpec] = []
        self.plan_of: dict[tuple[int, str], Plan] = {}
        self.network_plan: Plan | None = None

    # --- planning ------------------------------------------------------------------------
    def plan(self, counts: dict[str, int]) -> None:
        self.make_plans()
        visits = counts["visits"]
        self.plan_books(counts["ticket_books"], round(visits * TICKET_SHARE))
        self.plan_passes(round(visits * DAY_PASS_SHARE))
        self.plan_discoveries(round(visits * DISCOVERY_SHARE))
        self.plan_present(counts["present"])
        self.plan_subscriptions(counts["subscriptions"], visits - len(self.visits))

    def someone(self, role: str, place_id: int) -> int:
        return self.rng.choice(self.holders.get((role, place_id)) or self.person_ids)

    def free_weekday(self, person_id: int, start: date, end: date) -> date | None:
        """A weekday in [start, end] when the person has no visit yet (a few tries)."""
        span = (end - start).days
        if span < 0:
            return None
        for _ in range(4):
            day = start + timedelta(days=self.rng.randrange(span + 1))
            if day.weekday() >= 5 or (person_id, day) in self.taken:
                continue
            self.taken.add((person_id, day))
            return day
        return None

    def make_plans(self) -> None:
        rows = []
        for place in self.places:
            for position, (key, name, kind, price, extra) in enumerate(PLACE_OFFERS):
                plan = Plan(
                    place=place, kind=kind, name=name, price_cents=price, position=position, **extra
                )
                self.plan_of[(place.pk, key)] = plan
                rows.append(plan)
        self.network_plan = Plan(
            network_id=self.network_id,
            kind=Plan.Kind.TICKET_BOOK,
            name="Carnet réseau 10 journées",
            description="Valable dans tous les lieux du réseau.",
            price_cents=11000,
            tickets=10,
            ticket_unit=TicketUnit.DAY,
            network_wide=True,
        )
        rows.append(self.network_plan)
        self.gen.bulk(Plan, rows)
        self.gen.bulk(
            PlaceAccessSettings,
            [
                PlaceAccessSettings(place=place, over_seats=PlaceAccessSettings.OverSeats.CHARGE)
                for place in self.places[::2]
            ],
        )

    def plan_books(self, count: int, ticket_visits: int) -> None:
        # Recent books have had fewer days to be used: aim a little higher on average.
        mean_used = min(9.0, 1.2 * ticket_visits / max(1, count))
        yesterday = self.today - timedelta(days=1)
        for _ in range(count):
            place_id = self.rng.choice(self.place_ids)
            draw = self.rng.random()
            network_id = None
            if draw < 0.15 and self.network_plan is not None:
                plan, network_id = self.network_plan, self.network_id
            elif draw < 0.6:
                plan = self.plan_of[(place_id, "half_days")]
            else:
                plan = self.plan_of[(place_id, "days")]
            bought = self.first_day + timedelta(days=self.rng.randrange(HISTORY_DAYS + 1))
            book = BookSpec(
                plan=plan,
                person_id=self.someone(Role.NOMAD, place_id),
                place_id=place_id,
                network_id=network_id,
                purchased_on=bought,
                expires_on=bought + relativedelta(months=plan.validity_months),
            )
            self.books.append(book)
            wanted = min(plan.tickets, max(0, round(self.rng.gauss(mean_used, 2.5))))
            last = min(book.expires_on, yesterday)
            for _ in range(wanted):
                day = self.free_weekday(book.person_id, bought, last)
                if day is None:
                    continue
                where = place_id
                if network_id is not None and self.rng.random() < 0.3:
                    where = self.rng.choice(self.place_ids)
                self.visits.append(
                    VisitSpec(
                        book.person_id,
                        where,
                        day,
                        Access.TICKET,
                        half_day=plan.ticket_unit == TicketUnit.HALF_DAY,
                        book=book,
                    )
                )
                book.used += 1

    def plan_passes(self, count: int, *, on: date | None = None) -> None:
        yesterday = self.today - timedelta(days=1)
        for _ in range(count):
            place_id = self.rng.choice(self.place_ids)
            person_id = self.someone(Role.TRAVELLER, place_id)
            if on is None:
                day = self.free_weekday(person_id, self.first_day, yesterday)
            elif (person_id, on) not in self.taken:
                day = on
                self.taken.add((person_id, on))
            else:
                day = None
            if day is None:
                continue
            day_pass = PassSpec(self.plan_of[(place_id, "day_pass")], person_id, place_id, day)
            self.passes.append(day_pass)
            self.visits.append(
                VisitSpec(
                    person_id,
                    place_id,
                    day,
                    Access.DAY_PASS,
                    day_pass=day_pass,
                    is_open=on is not None,
                )
            )

    def plan_discoveries(self, count: int) -> None:
        yesterday = self.today - timedelta(days=1)
        seen: set[tuple[int, int]] = set()
        for _ in range(count):
            place_id = self.rng.choice(self.place_ids)
            person_id = self.someone(Role.TRAVELLER, place_id)
            if (person_id, place_id) in seen:
                continue
            day = self.free_weekday(person_id, self.first_day, yesterday)
            if day is None:
                continue
            seen.add((person_id, place_id))
            self.visits.append(VisitSpec(person_id, place_id, day, Access.DISCOVERY))

    def plan_present(self, count: int) -> None:
        """Who is here now: open visits today, on books with tickets left, else day passes."""
        valid = [
            book
            for book in self.books
            if book.purchased_on <= self.today <= book.expires_on and book.used < book.plan.tickets
        ]
        self.rng.shuffle(valid)
        present = 0
        for book in valid:
            if present >= count:
                break
            if (book.person_id, self.today) in self.taken:
                continue
            self.taken.add((book.person_id, self.today))
            where = book.place_id if book.network_id is None else self.rng.choice(self.place_ids)
            self.visits.append(
                VisitSpec(
                    book.person_id,
                    where,
                    self.today,
                    Access.TICKET,
                    half_day=book.plan.ticket_unit == TicketUnit.HALF_DAY,
                    book=book,
                    is_open=True,
                )
            )
            book.used += 1
            present += 1
        if present < count:
            self.plan_passes(count - present, on=self.today)

    def plan_subscriptions(self, count: int, visits: int) -> None:
        """Structures holding a resident role subscribe where they reside; their people
        come on weekdays, never more than the seats a day."""
        pairs = sorted(
            {
                (row.organization_id, row.place_id)
                for row in self.gen.role_rows
                if row.role == Role.RESIDENT
                and row.organization_id
                and self.gen.members_of.get(row.organization_id)
            }
        )
        self.rng.shuffle(pairs)
        for organization_id, place_id in pairs[:count]:
            started = self.today - timedelta(days=self.rng.randrange(15, HISTORY_DAYS))
            periods: list[tuple[date, date]] = []
            while True:
                start, end = period_bounds(started, len(periods))
                if start > self.today:
                    break
                periods.append((start, end))
            sub = SubscriptionSpec(
                self.plan_of[(place_id, "structure")], organization_id, place_id, started, periods
            )
            if len(periods) > 5 and self.rng.random() < 0.2:
                del periods[self.rng.randrange(3, len(periods) - 1) :]
                sub.ended_on = periods[-1][1]
            self.subscriptions.append(sub)
        yesterday = self.today - timedelta(days=1)
        spans = [
            (sub, sub.started_on, min(sub.periods[-1][1], yesterday)) for sub in self.subscriptions
        ]
        days = sum(max(0, (end - start).days + 1) for _sub, start, end in spans) * 5 / 7
        rate = visits / days if days and visits > 0 else 0.0
        planned: list[VisitSpec] = []
        for sub, start, end in spans:
            members = self.gen.members_of[sub.organization_id]
            cap = min(sub.plan.seats, len(members))
            for day in weekdays(start, end):
                come = min(cap, int(rate) + (self.rng.random() < rate - int(rate)))
                for person_id in self.rng.sample(members, come) if come else ():
                    if (person_id, day) in self.taken:
                        continue
                    self.taken.add((person_id, day))
                    visit = VisitSpec(
                        person_id, sub.place_id, day, Access.SUBSCRIPTION, subscription=sub
                    )
                    planned.append(visit)
        # The draws above only aim at the count; never write more visits than asked for.
        if len(planned) > visits:
            planned = self.rng.sample(planned, max(0, visits))
        self.visits.extend(planned)

    # --- writing -------------------------------------------------------------------------
    def write(self, orders: int) -> None:
        self.write_orders(orders)
        self.write_subscriptions()
        self.write_books()
        self.write_passes()
        self.write_visits()

    def moment(self, place_id: int, day: date, minutes: int) -> datetime:
        """`minutes` after midnight, local time of the place."""
        return datetime.combine(day, time(0), tzinfo=self.tz[place_id]) + timedelta(minutes=minutes)

    def concierge(self, place_id: int) -> int | None:
        found = self.concierges.get(place_id)
        return self.rng.choice(found) if found else None

    def write_orders(self, count: int) -> None:
        """The most recent sales have their order, line and payment (older ones predate
        the software: they were sold on paper)."""
        sales: list[tuple[date, Any, int]] = []
        for sub in self.subscriptions:
            sales += [(start, sub, number) for number, (start, _end) in enumerate(sub.periods)]
        sales += [(book.purchased_on, book, 0) for book in self.books]
        sales += [(day_pass.valid_on, day_pass, 0) for day_pass in self.passes]
        sales.sort(key=lambda sale: sale[0], reverse=True)
        chosen = sales[:count]
        person_ids = {s.person_id for _d, s, _n in chosen if not isinstance(s, SubscriptionSpec)}
        org_ids = {s.organization_id for _d, s, _n in chosen if isinstance(s, SubscriptionSpec)}
        people = {
            pk: (f"{first} {last}", email)
            for pk, first, last, email in Person.objects.filter(pk__in=person_ids).values_list(
                "pk", "first_name", "last_name", "email"
            )
        }
        orgs = {
            pk: (name, email)
            for pk, name, email in Organization.objects.filter(pk__in=org_ids).values_list(
                "pk", "name", "email"
            )
        }
        rows, lines = [], []
        for day, sale, number in chosen:
            plan = sale.plan
            at = self.moment(sale.place_id, day, self.rng.randrange(9 * 60, 18 * 60))
            renewal = isinstance(sale, SubscriptionSpec) and number > 0
            if isinstance(sale, SubscriptionSpec):
                start, end = sale.periods[number]
                kind = OrderLine.Kind.SUBSCRIPTION
                description = f"{plan.name}, du {start:%d/%m/%Y} au {end:%d/%m/%Y}"
                buyer_id, org_id = None, sale.organization_id
                name, email = orgs[org_id]
            else:
                kind = (
                    OrderLine.Kind.TICKET_BOOK
                    if isinstance(sale, BookSpec)
                    else OrderLine.Kind.DAY_PASS
                )
                description = plan.name
                if isinstance(sale, PassSpec):
                    description = f"{plan.name} le {day:%d/%m/%Y}"
                buyer_id, org_id = sale.person_id, None
                name, email = people[buyer_id]
            pending = renewal and (self.today - day).days < 10 and self.rng.random() < 0.5
            rows.append(
                Order(
                    place_id=sale.place_id,
                    buyer_id=buyer_id,
                    buyer_organization_id=org_id,
                    buyer_name=name[:200],
                    buyer_email=email,
                    status=Order.Status.PENDING if pending else Order.Status.PAID,
                    total_cents=plan.price_cents,
                    paid_at=None if pending else at,
                    created_by_id=None if renewal else self.concierge(sale.place_id),
                    note="Renouvellement mensuel" if renewal else "",
                    created_at=at,
                )
            )
            lines.append(
                OrderLine(
                    kind=kind,
                    description=description[:200],
                    unit_price_cents=plan.price_cents,
                    vat_rate_bp=plan.vat_rate_bp,
                    total_cents=plan.price_cents,
                    plan_id=plan.pk,
                )
            )
        self.gen.bulk(Order, rows)
        for order, line in zip(rows, lines, strict=True):
            line.order_id = order.pk
        self.gen.bulk(OrderLine, lines)
        for (_day, sale, number), line in zip(chosen, lines, strict=True):
            if isinstance(sale, SubscriptionSpec):
                sale.period_lines[number] = line.pk
            else:
                sale.order_line_id = line.pk
        payments = [
            Payment(
                order_id=order.pk,
                method=self.rng.choices(PAYMENT_METHODS, weights=PAYMENT_WEIGHTS)[0],
                amount_cents=order.total_cents,
                recorded_by_id=order.created_by_id or self.concierge(order.place_id),
                created_at=order.paid_at or order.created_at,
            )
            for order in rows
            if order.status == Order.Status.PAID and order.total_cents > 0
        ]
        self.gen.bulk(Payment, payments)

    def write_subscriptions(self) -> None:
        rows = [
            Subscription(
                plan=sub.plan,
                place_id=sub.place_id,
                organization_id=sub.organization_id,
                status=Subscription.Status.ENDED if sub.ended_on else Subscription.Status.ACTIVE,
                started_on=sub.started_on,
                committed_until=sub.started_on
                + relativedelta(months=sub.plan.commitment_months)
                - timedelta(days=1),
                ended_on=sub.ended_on,
                period_anchor=sub.started_on,
                seats=sub.plan.seats,
                included_room_hours=sub.plan.included_room_hours,
                price_cents=sub.plan.price_cents,
            )
            for sub in self.subscriptions
        ]
        self.gen.bulk(Subscription, rows)
        periods = []
        for sub, row in zip(self.subscriptions, rows, strict=True):
            sub.pk = row.pk
            periods += [
                SubscriptionPeriod(
                    subscription_id=row.pk,
                    number=number,
                    start=start,
                    end=end,
                    order_line_id=sub.period_lines.get(number),
                )
                for number, (start, end) in enumerate(sub.periods)
            ]
        self.gen.bulk(SubscriptionPeriod, periods)

    def write_books(self) -> None:
        rows = [
            TicketBook(
                plan=book.plan,
                person_id=book.person_id,
                place_id=book.place_id,
                network_id=book.network_id,
                tickets=book.plan.tickets,
                unit=book.plan.ticket_unit,
                ticket_value_cents=book.plan.price_cents // book.plan.tickets,
                purchased_on=book.purchased_on,
                expires_on=book.expires_on,
                order_line_id=book.order_line_id,
                created_at=self.moment(book.place_id, book.purchased_on, 10 * 60),
            )
            for book in self.books
        ]
        self.gen.bulk(TicketBook, rows)
        movements = []
        for book, row in zip(self.books, rows, strict=True):
            book.pk = row.pk
            movements.append(
                TicketMovement(
                    book_id=row.pk,
                    kind=TicketMovement.Kind.PURCHASE,
                    quantity=row.tickets,
                    place_id=book.place_id,
                    at=row.created_at,
                    by_id=self.concierge(book.place_id),
                )
            )
            left = row.tickets - book.used
            if book.expires_on < self.today and left > 0:
                # What the daily expiry task writes for the tickets left on an expired book.
                movements.append(
                    TicketMovement(
                        book_id=row.pk,
                        kind=TicketMovement.Kind.EXPIRY,
                        quantity=-left,
                        place_id=book.place_id,
                        at=self.moment(book.place_id, book.expires_on, 26 * 60),
                        reason=f"Expiré le {book.expires_on:%d/%m/%Y}",
                    )
                )
        self.gen.bulk(TicketMovement, movements)

    def write_passes(self) -> None:
        rows = [
            DayPass(
                plan=day_pass.plan,
                person_id=day_pass.person_id,
                place_id=day_pass.place_id,
                valid_on=day_pass.valid_on,
                order_line_id=day_pass.order_line_id,
                created_at=self.moment(day_pass.place_id, day_pass.valid_on, 9 * 60),
            )
            for day_pass in self.passes
        ]
        self.gen.bulk(DayPass, rows)
        for day_pass, row in zip(self.passes, rows, strict=True):
            day_pass.pk = row.pk

    def times(self, spec: VisitSpec) -> tuple[datetime, datetime | None, bool]:
        """Arrival, departure (None while here) and whether closing time checked them out."""
        if spec.is_open:
            midnight = self.moment(spec.place_id, spec.day, 0)
            arrived = max(midnight, self.gen.now - timedelta(minutes=self.rng.randrange(5, 240)))
            return arrived, None, False
        arrived_at = self.rng.randrange(8 * 60 + 30, 14 * 60 + 30)
        arrived = self.moment(spec.place_id, spec.day, arrived_at)
        if self.rng.random() < 0.08:
            return arrived, self.moment(spec.place_id, spec.day, 19 * 60), True
        stay = min(self.rng.randrange(45, 8 * 60), 21 * 60 - arrived_at)
        return arrived, arrived + timedelta(minutes=stay), False

    def write_visits(self) -> None:
        # In time order, like a live table.
        self.visits.sort(key=lambda spec: (spec.day, spec.place_id))
        started = time_module.perf_counter()
        totals: Counter[str] = Counter()
        both: tuple[str, ...] = (Half.MORNING, Half.AFTERNOON)
        consumption = TicketMovement.Kind.CONSUMPTION
        for first in range(0, len(self.visits), VISIT_CHUNK):
            chunk = self.visits[first : first + VISIT_CHUNK]
            times = [self.times(spec) for spec in chunk]
            used = [
                (index, (spec.book.pk, consumption, -1, spec.place_id, times[index][0], ""))
                for index, spec in enumerate(chunk)
                if spec.book is not None
            ]
            movement_ids = insert_rows(
                TicketMovement,
                ("book_id", "kind", "quantity", "place_id", "at", "reason"),
                [row for _index, row in used],
            )
            movement_of = {index: pk for (index, _row), pk in zip(used, movement_ids, strict=True)}
            visit_ids = insert_rows(
                Visit,
                VISIT_FIELDS,
                [
                    (
                        spec.person_id,
                        spec.place_id,
                        spec.day,
                        arrived,
                        left,
                        automatic,
                        spec.access,
                        spec.subscription.pk if spec.subscription else None,
                        movement_of.get(index),
                        spec.day_pass.pk if spec.day_pass else None,
                        "",
                    )
                    for index, (spec, (arrived, left, automatic)) in enumerate(
                        zip(chunk, times, strict=True)
                    )
                ],
            )
            covered = []
            for spec, visit_id, (arrived, _left, _auto) in zip(
                chunk, visit_ids, times, strict=True
            ):
                halves = both
                if spec.half_day:
                    local = arrived.astimezone(self.tz[spec.place_id])
                    halves = (Half.MORNING if local.time() < time(13) else Half.AFTERNOON,)
                subscription_id = spec.subscription.pk if spec.subscription else None
                covered += [
                    (spec.person_id, spec.day, half, visit_id, spec.access, subscription_id)
                    for half in halves
                ]
            insert_rows(
                CoveredPeriod,
                ("person_id", "day", "half", "visit_id", "access", "subscription_id"),
                covered,
                returning=False,
            )
            totals["movements"] += len(used)
            totals["visits"] += len(visit_ids)
            totals["covered"] += len(covered)
        seconds = time_module.perf_counter() - started
        self.gen.say(f"  ticket movements (used): {totals['movements']}")
        self.gen.say(f"  visits: {totals['visits']}")
        self.gen.say(f"  covered half-days: {totals['covered']} (with the visits: {seconds:.1f} s)")


# --- bookable resources and bookings -------------------------------------------------------

BOOKING_PAST_DAYS = 700  # with the future ones: two years of bookings
BOOKING_FUTURE_DAYS = 30
SLOT = 30  # minutes: every generated booking starts and ends on a half-hour
CANCELLED_SHARE = 0.07
QUALIFIED_PER_TRAINING = 40
BOOKING_TITLES = [
    "Réunion d'équipe",
    "Entretien",
    "Point projet",
    "Atelier",
    "Comité de pilotage",
    "Formation",
    "Rendez-vous client",
    "",
]


@dataclass(frozen=True)
class ResourceSpec:
    slug: str
    name: str
    kind: str
    capacity: int = 1
    weight: float = 1.0  # share of the bookings, per open day
    slots: tuple[int, int] = (1, 4)  # shortest and longest booking, in half-hours
    hourly_cents: int = 0
    equipment: str = ""  # the Equipment row of the space it is, if any
    training: str = ""  # the training it needs, if any
    extra: dict[str, Any] = field(default_factory=dict)


DESK = Resource.Kind.DESK
TICKETS = Resource.NomadPayment.TICKETS
# The resources each kind of generated space offers (by space name, see SPACES).
RESOURCE_SPECS: dict[str, list[ResourceSpec]] = {
    "Open space": [
        ResourceSpec(
            "postes-nomades",
            "Postes nomades",
            DESK,
            capacity=16,
            weight=9,
            slots=(2, 16),
            hourly_cents=300,
            extra={"nomad_payment": TICKETS, "max_minutes": 600, "min_minutes": 60},
        ),
        ResourceSpec(
            "postes-residents",
            "Postes résidents",
            DESK,
            capacity=8,
            weight=4,
            slots=(4, 16),
            extra={"allowed_roles": ["resident"], "max_minutes": 600, "min_minutes": 60},
        ),
    ],
    "Salle EPN": [
        ResourceSpec(
            "salle-epn",
            "Salle EPN",
            Resource.Kind.EPN_ROOM,
            weight=1,
            slots=(2, 6),
            hourly_cents=4000,
            extra={"partner_hourly_cents": 2500, "max_minutes": 480},
        )
    ],
    "HackerSpace": [
        ResourceSpec(
            "decoupeuse-laser",
            "Découpeuse laser",
            Resource.Kind.EQUIPMENT,
            weight=1.2,
            hourly_cents=800,
            training="Formation découpe laser",
        ),
        ResourceSpec(
            "imprimante-3d",
            "Imprimante 3D",
            Resource.Kind.EQUIPMENT,
            weight=1.2,
            slots=(2, 8),
            hourly_cents=200,
            equipment="Imprimante 3D",
            training="Formation impression 3D",
        ),
    ],
    "Salle de réunion Loire": [
        ResourceSpec(
            "salle-loire",
            "Salle de réunion Loire",
            Resource.Kind.ROOM,
            weight=1.5,
            hourly_cents=1500,
            extra={"uses_included_hours": True},
        )
    ],
    "Atelier bois": [
        ResourceSpec(
            "scie-a-onglet",
            "Scie à onglet",
            Resource.Kind.EQUIPMENT,
            weight=0.8,
            slots=(1, 3),
            hourly_cents=500,
            equipment="Scie à onglet",
            training="Formation atelier bois",
        )
    ],
    "Salle Pilat": [
        ResourceSpec(
            "salle-pilat",
            "Salle Pilat",
            Resource.Kind.ROOM,
            weight=1.2,
            slots=(1, 3),
            hourly_cents=1000,
            extra={"uses_included_hours": True},
        )
    ],
}
BOOKING_FIELDS = (
    "seats",
    "resource_id",
    "person_id",
    "title",
    "start",
    "end",
    "status",
    "exclusive",
    "price_cents",
    "tickets_used",
    "included_minutes",
    "cancelled_at",
    "created_at",
    "updated_at",
)


def open_slots(expression: str, first: date, last: date) -> dict[date, list[tuple[int, int]]]:
    """For each open day of [first, last], its open half-hours as (index from midnight, how
    many half-hours of the same opening start there or after, itself included)."""
    hours = ohp.OpeningHours(expression)
    end = datetime.combine(last + timedelta(days=1), time(0))
    days: dict[date, list[tuple[int, int]]] = defaultdict(list)
    for opens, closes, state, _comment in hours.intervals(datetime.combine(first, time(0)), end):
        if state != ohp.State.OPEN:
            continue
        cursor = opens
        while cursor < closes:  # an opening may run past midnight: split it by day
            midnight = datetime.combine(cursor.date(), time(0))
            until = min(closes, midnight + timedelta(days=1))
            begin = -(-int((cursor - midnight).total_seconds()) // (SLOT * 60))
            stop = int((until - midnight).total_seconds()) // (SLOT * 60)
            days[cursor.date()] += [(index, stop - index) for index in range(begin, stop)]
            cursor = until
    return {day: slots for day, slots in days.items() if slots}


class BookingGenerator:
    """Resources in the generated places' spaces (rooms, desk areas, machines and the
    trainings they need), qualified people, and bookings over two years, inside opening
    hours, never beyond capacity (so never overlapping on capacity-1 resources), some
    cancelled. Planned in memory, then sent in time order with COPY on PostgreSQL."""

    def __init__(self, gen: Generator, places: list[Place]) -> None:
        self.gen = gen
        self.rng = gen.rng
        self.places = {place.pk: place for place in places}
        self.members: dict[int, list[int]] = defaultdict(list)
        self.role_of: dict[tuple[int, int], str] = {}
        for row in gen.role_rows:
            self.members[row.place_id].append(row.person_id)
            self.role_of[(row.person_id, row.place_id)] = row.role
        self.resources: list[tuple[Resource, ResourceSpec]] = []
        self.qualified: dict[int, list[int]] = {}  # training: people who followed it
        self.everyone = sorted({row.person_id for row in gen.role_rows})
        self.tz = {place.pk: ZoneInfo(place.timezone) for place in places}
        # Per (resource index, day): how many confirmed bookings hold each half-hour.
        self.taken: dict[tuple[int, date], list[int]] = {}

    def make_resources(self) -> None:
        spaces = list(Space.objects.filter(place_id__in=self.places).prefetch_related("equipment"))
        needed = sorted(
            {
                (space.place_id, spec.training)
                for space in spaces
                for spec in RESOURCE_SPECS.get(space.name, [])
                if spec.training
            }
        )
        trainings = [
            Training(
                place_id=place_id,
                name=name,
                description="Sécurité et réglages, avec un membre formé.",
                validity_months=36,
            )
            for place_id, name in needed
        ]
        self.gen.bulk(Training, trainings)
        training_of = {
            (t.place_id, t.name): t for t in Training.objects.filter(place_id__in=self.places)
        }
        rows: list[tuple[Resource, ResourceSpec]] = []
        for space in spaces:
            equipment = {item.name: item for item in space.equipment.all()}
            for spec in RESOURCE_SPECS.get(space.name, []):
                training = training_of.get((space.place_id, spec.training))
                resource = Resource(
                    place_id=space.place_id,
                    space=space,
                    equipment=equipment.get(spec.equipment),
                    name=spec.name,
                    slug=spec.slug,
                    kind=spec.kind,
                    capacity=spec.capacity,
                    hourly_price_cents=spec.hourly_cents,
                    required_training=training,
                    **spec.extra,
                )
                rows.append((resource, spec))
        self.gen.bulk(Resource, [resource for resource, _spec in rows])
        saved = {(r.place_id, r.slug): r for r in Resource.objects.filter(place_id__in=self.places)}
        self.resources = [(saved[(r.place_id, r.slug)], spec) for r, spec in rows]
        self.qualify(list(training_of.values()))

    def qualify(self, trainings: list[Training]) -> None:
        first = self.gen.today - timedelta(days=BOOKING_PAST_DAYS)
        rows = []
        for training in trainings:
            pool = sorted(set(self.members.get(training.place_id, [])))
            people = self.rng.sample(pool, min(QUALIFIED_PER_TRAINING, len(pool)))
            self.qualified[training.pk] = people
            for person_id in people:
                granted = first - timedelta(days=self.rng.randrange(0, 300))
                rows.append(
                    Qualification(
                        person_id=person_id,
                        training=training,
                        granted_on=granted,
                        expires_on=granted + relativedelta(months=36),
                        can_train=self.rng.random() < 0.1,
                    )
                )
        self.gen.bulk(Qualification, rows)

    def write(self, count: int) -> int:
        started = time_module.perf_counter()
        rows = self.plan(count)
        rows.sort(key=lambda row: (row[4], row[1]))  # start, resource
        for first in range(0, len(rows), VISIT_CHUNK):
            insert_rows(Booking, BOOKING_FIELDS, rows[first : first + VISIT_CHUNK], returning=False)
        seconds = time_module.perf_counter() - started
        cancelled = sum(1 for row in rows if row[6] == Booking.Status.CANCELLED)
        self.gen.say(f"  bookings: {len(rows)}, {cancelled} cancelled ({seconds:.1f} s)")
        return len(rows)

    def plan(self, count: int) -> list[tuple[Any, ...]]:
        """`count` bookings spread over the open days of every resource (by weight), each
        placed where its resource still has room."""
        if not self.resources or count <= 0:
            return []
        today = self.gen.today
        first, last = (
            today - timedelta(days=BOOKING_PAST_DAYS),
            today + timedelta(days=BOOKING_FUTURE_DAYS),
        )
        slots_of = {
            pk: open_slots(place.opening_hours, first, last) for pk, place in self.places.items()
        }
        cells: list[tuple[int, date]] = []  # (resource index, day)
        weights: list[float] = []
        for index, (resource, spec) in enumerate(self.resources):
            for day, slots in slots_of[resource.place_id].items():
                cells.append((index, day))
                weights.append(spec.weight * len(slots))
        if not cells:
            return []
        quota = Counter(self.rng.choices(range(len(cells)), weights=weights, k=count))
        rows: list[tuple[Any, ...]] = []
        missed = 0
        for cell, wanted in sorted(quota.items()):
            missed += self.fill(cells[cell], wanted, slots_of, rows)
        # What did not fit where it was drawn goes to other days, a few tries each.
        for _ in range(missed * 5):
            if not missed:
                break
            if self.fill(self.rng.choice(cells), 1, slots_of, rows) == 0:
                missed -= 1
        return rows

    def fill(
        self,
        cell: tuple[int, date],
        wanted: int,
        slots_of: dict[int, dict[date, list[tuple[int, int]]]],
        rows: list[tuple[Any, ...]],
    ) -> int:
        """Place `wanted` bookings on one resource and day; returns how many did not fit."""
        index, day = cell
        resource, spec = self.resources[index]
        slots = slots_of[resource.place_id][day]
        used = self.taken.setdefault(cell, [0] * (24 * 60 // SLOT))
        missed = 0
        for _ in range(wanted):
            placed = False
            cancelled = self.rng.random() < CANCELLED_SHARE
            for attempt in range(8):
                start, room = self.rng.choice(slots)
                shortest, longest = spec.slots
                length = min(self.rng.randint(shortest, longest), room)
                if attempt >= 4:
                    length = min(shortest, room)
                if length < shortest:
                    continue
                span = range(start, start + length)
                if not cancelled and any(used[i] >= resource.capacity for i in span):
                    continue
                if not cancelled:
                    for i in span:
                        used[i] += 1
                rows.append(self.row(resource, spec, day, start, length, cancelled))
                placed = True
                break
            missed += not placed
        return missed

    def row(
        self,
        resource: Resource,
        spec: ResourceSpec,
        day: date,
        start_slot: int,
        length: int,
        cancelled: bool,
    ) -> tuple[Any, ...]:
        tz = self.tz[resource.place_id]
        start = datetime.combine(day, time(0), tzinfo=tz) + timedelta(minutes=start_slot * SLOT)
        start = start.astimezone(UTC)
        minutes = length * SLOT
        end = start + timedelta(minutes=minutes)
        pool = (
            self.qualified.get(resource.required_training_id or 0)
            or self.members.get(resource.place_id)
            or self.everyone
        )
        person_id = self.rng.choice(pool)
        role = self.role_of.get((person_id, resource.place_id), Role.TRAVELLER)
        price = tickets = included = 0
        if role in CONCIERGE_ROLES:
            pass
        elif role == Role.RESIDENT and resource.uses_included_hours:
            included = minutes
        elif role == Role.NOMAD and resource.nomad_payment == TICKETS:
            tickets = -(-minutes // resource.minutes_per_ticket)
        else:
            price = -(-minutes * resource.hourly_price_cents // 60)
        now = self.gen.now
        created = min(start - timedelta(minutes=self.rng.randrange(60, 30 * 24 * 60)), now)
        cancelled_at = None
        if cancelled:
            cancelled_at = created + (min(start, now) - created) * self.rng.random()
        title = self.rng.choice(BOOKING_TITLES) if spec.kind != DESK else ""
        return (
            1,
            resource.pk,
            person_id,
            title,
            start,
            end,
            Booking.Status.CANCELLED if cancelled else Booking.Status.CONFIRMED,
            resource.capacity == 1,
            price,
            tickets,
            included,
            cancelled_at,
            created,
            cancelled_at or created,
        )


VISIT_FIELDS = (
    "person_id",
    "place_id",
    "day",
    "checked_in_at",
    "checked_out_at",
    "auto_checked_out",
    "access",
    "subscription_id",
    "ticket_movement_id",
    "day_pass_id",
    "override_reason",
)


def generated_network_exists() -> bool:
    return Network.objects.filter(slug=NETWORK_SLUG).exists()


def wipe_access(places: QuerySet[Place], people: QuerySet[Person]) -> None:
    """Visits, ledgers, sales and offers of the generated places and people, children first."""
    network = Network.objects.filter(slug=NETWORK_SLUG)
    sql_delete(CoveredPeriod.objects.filter(visit__place__in=places))
    sql_delete(CoveredPeriod.objects.filter(person__in=people))
    sql_delete(Visit.objects.filter(place__in=places))
    sql_delete(Visit.objects.filter(person__in=people))
    books = TicketBook.objects.filter(place__in=places) | TicketBook.objects.filter(
        person__in=people
    )
    sql_delete(TicketMovement.objects.filter(book__in=books))
    sql_delete(TicketMovement.objects.filter(place__in=places))
    sql_delete(books)
    sql_delete(DayPass.objects.filter(place__in=places))
    sql_delete(DayPass.objects.filter(person__in=people))
    subscriptions = Subscription.objects.filter(place__in=places)
    sql_delete(SubscriptionPeriod.objects.filter(subscription__in=subscriptions))
    sql_delete(subscriptions)
    orders = Order.objects.filter(place__in=places)
    sql_delete(Payment.objects.filter(order__in=orders))
    sql_delete(OrderLine.objects.filter(order__in=orders))
    sql_delete(orders)
    sql_delete(PlaceAccessSettings.objects.filter(place__in=places))
    sql_delete(Plan.objects.filter(place__in=places))
    sql_delete(Plan.objects.filter(network__in=network))


def wipe_bookings(
    places: QuerySet[Place], people: QuerySet[Person], orgs: QuerySet[Organization]
) -> None:
    """Bookings, waitlists, feeds, qualifications, resources and trainings of the generated
    places and people, children first (bookings may point at orders and subscriptions)."""
    for model in (WaitlistEntry, Booking, BookingSeries):
        sql_delete(model._default_manager.filter(resource__place__in=places))
        sql_delete(model._default_manager.filter(person__in=people))
    sql_delete(Booking.objects.filter(organization__in=orgs))
    sql_delete(CalendarFeed.objects.filter(person__in=people))
    sql_delete(Qualification.objects.filter(training__place__in=places))
    sql_delete(Qualification.objects.filter(person__in=people))
    partners = Resource.partners.through.objects
    sql_delete(partners.filter(resource__place__in=places))
    sql_delete(partners.filter(organization__in=orgs))
    sql_delete(Resource.objects.filter(place__in=places))
    sql_delete(Training.objects.filter(place__in=places))


def wipe_generated() -> None:
    """Delete every generated row (children first: plain SQL deletes, no row-by-row cascade)."""
    places = Place.objects.filter(network__slug=NETWORK_SLUG)
    people = Person.objects.filter(email__endswith=f"@{DOMAIN}")
    orgs = Organization.objects.filter(email__endswith=f"@{DOMAIN}")
    wipe_projects(places, people)
    wipe_agenda(places)
    wipe_bookings(places, people, orgs)
    wipe_access(places, people)
    AuditEvent.objects.filter(place__in=places).delete()
    AuditEvent.objects.filter(actor__in=people).delete()
    PlaceRole.objects.filter(place__in=places).delete()
    PlaceRole.objects.filter(person__in=people).delete()
    PersonSkill.objects.filter(person__in=people).delete()
    Affiliation.objects.filter(person__in=people).delete()
    Affiliation.objects.filter(organization__in=orgs).delete()
    NearbyPlace.objects.filter(place__in=places).delete()
    Equipment.objects.filter(space__place__in=places).delete()
    Space.objects.filter(place__in=places).delete()
    places.delete()
    Network.objects.filter(slug=NETWORK_SLUG).delete()
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


class Command(BaseCommand):
    help = "Generate network-scale data for benchmarks (see docs/benchmarks.md)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--places", type=int, default=5)
        parser.add_argument("--people", type=int, default=20_000)
        parser.add_argument("--organizations", type=int, default=2_000)
        parser.add_argument("--roles", type=int, default=40_000)
        parser.add_argument("--skills", type=int, default=200)
        parser.add_argument("--skills-per-person", type=float, default=3.0)
        parser.add_argument("--audit-events", type=int, default=50_000)
        parser.add_argument("--ticket-books", type=int, default=30_000)
        parser.add_argument("--visits", type=int, default=300_000, help="over two years")
        parser.add_argument("--subscriptions", type=int, default=400, help="of structures")
        parser.add_argument("--orders", type=int, default=4_000, help="the latest sales")
        parser.add_argument("--present", type=int, default=300, help="open visits today")
        parser.add_argument("--bookings", type=int, default=200_000, help="over two years")
        parser.add_argument("--events", type=int, default=10_000, help="over two years")
        parser.add_argument("--registrations", type=int, default=120_000, help="to the events")
        parser.add_argument("--projects", type=int, default=2_000)
        parser.add_argument("--contributions", type=int, default=100_000, help="over two years")
        parser.add_argument(
            "--scale",
            type=float,
            default=1.0,
            help="multiply every count but places and skills",
        )
        parser.add_argument("--seed", type=int, default=42)
        parser.add_argument("--password", default="comptoir", help="of every generated person")
        parser.add_argument("--reset", action="store_true", help="wipe generated rows first")
        parser.add_argument(
            "--if-absent", action="store_true", help="do nothing when data was generated"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        scale = options["scale"]
        if scale <= 0:
            raise CommandError("--scale must be positive.")
        counts = {name: max(1, round(options[name] * scale)) for name in SCALED}
        if options["places"] < 1:
            raise CommandError("--places must be at least 1.")
        if generated_network_exists():
            if options["if_absent"]:
                self.stdout.write("Generated data already present: nothing to do.")
                return
            if not options["reset"]:
                raise CommandError("Generated data already present: use --reset to replace it.")
        started = timezone.now()
        with transaction.atomic():
            if options["reset"]:
                wipe_generated()
                wiped = (timezone.now() - started).total_seconds()
                self.stdout.write(f"  (previous generated rows deleted in {wiped:.1f} s)")
            self.generate(options, counts)
        written = timezone.now()
        with connection.cursor() as cursor:
            # Fresh statistics and visibility map, as a live database would have after
            # autovacuum: bulk loads leave none, so the planner would guess from defaults and
            # index-only scans would still visit the heap.
            in_atomic = connection.in_atomic_block
            vacuum = connection.vendor == "postgresql" and not in_atomic
            cursor.execute("VACUUM ANALYZE" if vacuum else "ANALYZE")
        analysed = (timezone.now() - written).total_seconds()
        self.stdout.write(f"  (committed, vacuumed and analysed in {analysed:.1f} s)")
        seconds = (timezone.now() - started).total_seconds()
        self.stdout.write(self.style.SUCCESS(f"Generated in {seconds:.1f} s."))

    def generate(self, options: dict[str, Any], counts: dict[str, int]) -> None:
        gen = Generator(seed=options["seed"], password=options["password"], out=self.stdout)
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
        booking = BookingGenerator(gen, places)
        started = time_module.perf_counter()
        booking.make_resources()
        # Events first: the rooms they hold are then left alone by the generated bookings.
        AgendaGenerator(gen, booking, places).write(counts["events"], counts["registrations"])
        booking.write(counts["bookings"])
        ProjectGenerator(gen, places).write(counts["projects"], counts["contributions"])
        gen.say(f"  (resources and bookings in {time_module.perf_counter() - started:.1f} s)")
