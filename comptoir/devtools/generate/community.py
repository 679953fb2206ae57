"""The generated people, skills, structures, affiliations, roles and audit events."""

from __future__ import annotations

import random
from array import array
from collections import Counter
from collections.abc import Iterator, Sequence
from datetime import date, timedelta

from django.utils.text import slugify
from stdnum import luhn

from comptoir.bookings.audit import Verb as BookingVerb
from comptoir.community.audit import Verb as CommunityVerb
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
    search_name_of,
)
from comptoir.core.models import AuditEvent
from comptoir.devtools.generate.base import BATCH, DOMAIN, GeneratorBase
from comptoir.places.models import Place
from comptoir.presence.audit import Verb as PresenceVerb

CONCIERGES_PER_PLACE = (2, 3)  # permanent, occasional
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
    CommunityVerb.ROLE_ASSIGNED,
    CommunityVerb.ROLE_ENDED,
    CommunityVerb.PERSON_UPDATED,
    CommunityVerb.PERSON_SKILLS_SET,
    CommunityVerb.ORGANIZATION_UPDATED,
    CommunityVerb.AFFILIATION_CREATED,
    PresenceVerb.VISIT_CHECKED_IN,
    BookingVerb.BOOKING_CREATED,
    BookingVerb.BOOKING_CANCELLED,
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


class CommunityRows(GeneratorBase):
    def people(self, count: int, concierge_count: int) -> array:
        visibilities = [Visibility.HIDDEN, Visibility.MEMBERS, Visibility.PUBLIC]

        def rows() -> Iterator[Person]:
            for i in range(count):
                first, last = self.rng.choice(FIRST_NAMES), self.rng.choice(LAST_NAMES)
                yield Person(
                    email=f"p{i:06d}@{DOMAIN}",
                    password=self.password_hash,
                    first_name=first,
                    last_name=last,
                    search_name=search_name_of(first, last),
                    profile_types=self.rng.sample(ProfileType.values, self.rng.randrange(1, 3)),
                    directory_visibility=(
                        Visibility.MEMBERS
                        if i < concierge_count
                        else self.rng.choices(visibilities, weights=[3, 4, 3])[0]
                    ),
                    show_email=self.rng.random() < 0.2,
                    bio=f"Bonjour, je suis {first}." if self.rng.random() < 0.4 else "",
                    date_joined=self.now - timedelta(days=self.rng.randrange(0, 1500)),
                    # The last person keeps the network (a superuser, as the demo's admin):
                    # the network's economy and outstanding pages are theirs to read.
                    is_superuser=i == count - 1,
                    is_staff=i == count - 1,
                )

        return self.stream(Person, rows(), ids=True)  # in the order of i

    def skills(self, count: int, person_ids: Sequence[int], per_person: float) -> None:
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

        def rows() -> Iterator[PersonSkill]:
            for person_id in person_ids:
                wanted = max(0, round(self.rng.gauss(per_person, 1.2)))
                chosen = set(self.rng.choices(skill_ids, weights=weights, k=wanted))
                for s in chosen:
                    yield PersonSkill(
                        person_id=person_id, skill_id=s, level=self.rng.choice(levels)
                    )

        self.stream(PersonSkill, rows())

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

    def affiliations(self, person_ids: Sequence[int], orgs: list[Organization]) -> dict[int, int]:
        """Each structure gets a few people; returns {person_id: organization_id}."""
        if not orgs:
            return {}
        of_person: dict[int, int] = {}

        def rows() -> Iterator[Affiliation]:
            for org in orgs:
                pairs: set[int] = set()  # the structure's people so far
                for n in range(self.rng.randrange(1, 8)):
                    person_id = self.rng.choice(person_ids)
                    if person_id in pairs:
                        continue
                    pairs.add(person_id)
                    of_person.setdefault(person_id, org.pk)
                    self.members_of[org.pk].append(person_id)
                    yield Affiliation(
                        person_id=person_id,
                        organization_id=org.pk,
                        is_manager=n == 0,
                        title="Coordination" if n == 0 else "",
                    )

        self.stream(Affiliation, rows())
        return of_person

    # --- roles and audit ------------------------------------------------------------------
    def roles(
        self,
        count: int,
        places: list[Place],
        person_ids: Sequence[int],
        org_of: dict[int, int],
    ) -> None:
        table = self.role_rows
        rows: list[PlaceRole] = []  # the concierges' (a few per place)
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

        def all_rows() -> Iterator[PlaceRole]:
            for row in rows:
                table.add(row.person_id, row.place_id, row.role, row.organization_id)
                yield row
            for (person_id, place_id, role), periods in keys.items():
                organization_id = org_of.get(person_id) if role == Role.RESIDENT else None
                for start, end in role_periods(self.rng, periods, self.today):
                    table.add(person_id, place_id, role, organization_id)
                    yield PlaceRole(
                        person_id=person_id,
                        place_id=place_id,
                        role=role,
                        organization_id=organization_id,
                        valid_from=start,
                        valid_until=end,
                    )

        self.stream(PlaceRole, all_rows())

    def audit(self, count: int, places: list[Place], person_ids: Sequence[int]) -> None:
        concierges: dict[int, list[int]] = {}
        for place_id, person_id in PlaceRole.objects.filter(
            place__in=places, role__in=CONCIERGE_ROLES
        ).values_list("place_id", "person_id"):
            concierges.setdefault(place_id, []).append(person_id)

        def rows() -> Iterator[AuditEvent]:
            for _ in range(count):
                place = self.rng.choice(places)
                verb = self.rng.choice(AUDIT_VERBS)
                target = self.rng.choice(person_ids)
                yield AuditEvent(
                    actor_id=self.rng.choice(concierges.get(place.pk) or person_ids),
                    verb=verb,
                    target_type="community.person",
                    target_id=str(target),
                    target_repr=f"p{target}",
                    place=place,
                    data={"generated": True},
                    created_at=self.now - timedelta(seconds=self.rng.randrange(0, 365 * 86400)),
                )

        self.stream(AuditEvent, rows())
