"""The conciergerie of the demo: the Comptoir Numérique's catalogue (parcels, keys,
printing, errands, dry cleaning, the local produce basket, help with a form), requests at
every step (Rosa's print job waiting in the queue, Nina's errand taken by Claire, Rosa's
dry cleaning done and billed, a neighbour's keys), parcels waiting at the desk (one for Nina
on shelf A2, one for Victor) and one handed over to Rosa; at Le Mixeur, a free
key service with a neighbour's request and a parcel waiting for Nina."""

from __future__ import annotations

from dataclasses import dataclass, field

from comptoir.community.models import Person, Role
from comptoir.conciergerie import services
from comptoir.conciergerie.models import Service
from comptoir.places.models import Place


@dataclass(frozen=True)
class DemoService:
    kind: str
    name: str
    description: str
    price_cents: int = 0
    delay_hours: int = 24
    roles: list[str] = field(default_factory=list)
    open_to_neighbours: bool = False


CATALOGUE = [
    DemoService(
        "parcels",
        "Réception de colis",
        "Vos colis livrés au Comptoir, gardés à l’accueil deux semaines.",
        delay_hours=0,
    ),
    DemoService(
        "keys",
        "Garde de clés",
        "Laissez un double de clés à l’accueil pour un proche ou un artisan.",
        delay_hours=0,
        open_to_neighbours=True,
    ),
    DemoService(
        "printing",
        "Impression et numérisation",
        "Jusqu’à 100 pages A4 ou A3, couleur ou noir et blanc, rendues dans la journée.",
        price_cents=300,
        delay_hours=4,
    ),
    DemoService(
        "errands",
        "Petites courses",
        "Pharmacie, poste, pressing du quartier : nous y passons pour vous.",
        price_cents=800,
        delay_hours=24,
        roles=[Role.RESIDENT, Role.NOMAD],
    ),
    DemoService(
        "dry_cleaning",
        "Pressing",
        "Dépôt le lundi, retour le jeudi (prix par pièce).",
        price_cents=650,
        delay_hours=72,
        roles=[Role.RESIDENT],
    ),
    DemoService(
        "produce",
        "Panier de producteurs locaux",
        "Le panier de la ferme des Monts du Lyonnais, à retirer le vendredi.",
        price_cents=1800,
        delay_hours=96,
    ),
    DemoService(
        "paperwork",
        "Aide pour un formulaire",
        "Une médiatrice numérique vous aide pour une démarche en ligne.",
        delay_hours=48,
        open_to_neighbours=True,
    ),
]


def _person(email: str) -> Person:
    return Person.objects.get(email=email)


def load_conciergerie(main: Place, other: Place | None) -> None:
    if Service.objects.filter(place=main).exists():
        return  # loaded already
    made = {
        demo.name: services.service_create(
            place=main,
            kind=demo.kind,
            name=demo.name,
            description=demo.description,
            price_cents=demo.price_cents,
            delay_hours=demo.delay_hours,
            roles=demo.roles,
            open_to_neighbours=demo.open_to_neighbours,
            by=None,
        )
        for demo in CATALOGUE
    }
    claire, rosa = _person("claire@comptoir.test"), _person("rosa@comptoir.test")
    victor, nina = _person("victor@comptoir.test"), _person("nina@comptoir.test")
    services.request_create(
        service=made["Impression et numérisation"],
        requester=rosa,
        details="Le dossier de subvention, 24 pages recto verso, en deux exemplaires.",
        by=rosa,
    )
    errand = services.request_create(
        service=made["Petites courses"],
        requester=nina,
        details="Un colis à déposer à la poste avant 17 h.",
        by=nina,
    )
    services.request_move(request=errand, to="taken", by=claire)
    services.message_add(request=errand, body="J’y passe à 15 h, c’est noté.", by=claire)
    pressing = services.request_create(
        service=made["Pressing"], requester=rosa, details="Deux chemises, une veste.", by=rosa
    )
    services.request_move(request=pressing, to="taken", by=claire)
    services.request_move(request=pressing, to="done", by=claire, note="Au casier 4.")
    services.request_create(
        service=made["Garde de clés"],
        requester=None,
        contact_name="Mme Faure",
        contact_phone="06 12 34 56 78",
        details="Le plombier passe jeudi matin.",
        by=None,
    )
    services.parcel_log(place=main, addressee=nina, carrier="La Poste", shelf="A2", by=claire)
    services.parcel_log(
        place=main, addressee=victor, carrier="Mondial Relay", shelf="B1", by=claire
    )
    handed = services.parcel_log(place=main, addressee=rosa, carrier="DPD", shelf="A1", by=claire)
    services.parcel_hand_over(parcel=handed, by=claire)
    if other is not None:
        _load_other(other, nina)


def _load_other(place: Place, nina: Person) -> None:
    keys = services.service_create(
        place=place,
        kind="keys",
        name="Garde de clés",
        description="Un double de vos clés, gardé au bar.",
        open_to_neighbours=True,
        by=None,
    )
    services.request_create(
        service=keys,
        requester=None,
        contact_name="M. Roux",
        contact_email="m.roux@example.org",
        details="Pour ma voisine, samedi.",
        by=None,
    )
    services.parcel_log(place=place, addressee=nina, carrier="Colissimo", shelf="Bar", by=None)
