"""The demo network's places: Comptoir Numérique, its neighbours, spaces and equipment."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from comptoir.places import services as places
from comptoir.places.models import Network, Place, Space, Typology

MAIN_PLACE = "comptoir-numerique"


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
    # Members come and go with their card at any hour, as in many tiers-lieux: the demo's
    # tour (a check-in at the desk, a booking) then works whatever the day and time.
    opening_hours="24/7",
    typology=[Typology.TIERS_LIEUX, Typology.EPN, Typology.FABLAB],
    summary=(
        "Tiers-lieu du quartier créatif Manufacture Plaine Achille : coworking, médiation "
        "numérique, HackerSpace CATS, conciergerie et consommation collaborative. Ouvert à "
        "toute heure aux membres avec leur carte ; accueil du lundi au vendredi de 9 h à 19 h."
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


def load_place(network: Network, demo: DemoPlace, **extra: Any) -> Place:
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
