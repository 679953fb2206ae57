"""News of the demo: an announcement of the Comptoir Numérique (by Claire) and one of the
network (by its admin), neither emailed; Nina and Rosa get the place's news by email, and
Olivier asked to hear of projects needing his skills."""

from __future__ import annotations

from comptoir.community.models import Person
from comptoir.news import services
from comptoir.news.models import Announcement, NeedAlert, NewsOptIn
from comptoir.places.models import Place

PLACE_NEWS = (
    "Portes ouvertes samedi",
    "Le Comptoir ouvre ses portes **samedi de 10 h à 17 h** : visite du fablab, "
    "démonstrations d'impression 3D et café partagé.\n\n- Inscription libre\n- Entrée gratuite",
)
NETWORK_NEWS = (
    "Assemblée générale du réseau",
    "L'assemblée générale de *Coworking Sainté* se tiendra le mois prochain. "
    "L'ordre du jour sera publié ici.",
)


def load_news(place: Place, *, concierge: Person, admin: Person) -> None:
    if not Announcement.objects.filter(place=place, title=PLACE_NEWS[0]).exists():
        services.announcement_publish(
            by=concierge, place=place, title=PLACE_NEWS[0], body=PLACE_NEWS[1]
        )
    if not Announcement.objects.filter(network=place.network, title=NETWORK_NEWS[0]).exists():
        services.announcement_publish(
            by=admin, network=place.network, title=NETWORK_NEWS[0], body=NETWORK_NEWS[1]
        )
    for email in ("nina@comptoir.test", "rosa@comptoir.test"):
        person = Person.objects.get(email=email)
        if not NewsOptIn.objects.filter(person=person, place=place).exists():
            services.news_opt_in(person=person, place=place)
    NeedAlert.objects.get_or_create(person=Person.objects.get(email="olivier@comptoir.test"))
