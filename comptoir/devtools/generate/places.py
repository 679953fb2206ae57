"""The generated network's places, their spaces, equipment and neighbours."""

from __future__ import annotations

import math

from django.utils.text import slugify

from comptoir.community.models import Organization
from comptoir.devtools.generate.base import (
    DOMAIN,
    PLACES_PER_NETWORK,
    GeneratorBase,
    network_slug,
)
from comptoir.places.models import Equipment, NearbyPlace, Network, Place, Space

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


class PlaceRows(GeneratorBase):
    def places(self, count: int, legal_entities: list[Organization]) -> list[Place]:
        networks = [
            Network.objects.create(
                name="Réseau généré (banc d'essai)"
                if index == 0
                else f"Réseau généré n° {index + 1} (banc d'essai)",
                slug=network_slug(index),
                description="Données générées par comptoir_generate pour les mesures.",
            )
            for index in range(math.ceil(count / PLACES_PER_NETWORK))
        ]
        taken = set(Place.objects.values_list("slug", flat=True))
        rows = []
        for i in range(count):
            network = networks[i // PLACES_PER_NETWORK]
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
        places = list(Place.objects.filter(network__in=networks).order_by("pk"))
        self.spaces(places)
        nearby = [
            NearbyPlace(place=p, other=o, walking_minutes=self.rng.randrange(5, 40))
            for p in places
            for o in places
            if o.pk != p.pk and o.network_id == p.network_id and self.rng.random() < 0.6
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
