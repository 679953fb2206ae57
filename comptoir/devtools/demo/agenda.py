"""The demo agenda of Comptoir Numérique (loaded by `comptoir_demo`, through the services):
a month of EPN workshops ahead and the month behind with who came, the Semaine
Tiers-Lieux programme and the Event42 hackathon; a couple of events at Le Mixeur."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone

from comptoir.agenda.models import Event, EventKind
from comptoir.agenda.services import attendance, events, registrations
from comptoir.agenda.services.registrations import Guest
from comptoir.community.models import Organization, Person
from comptoir.core import mediation
from comptoir.places.models import Place, Space

SENIORS, YOUNG, FAMILIES = "Seniors", "Jeunes", "Familles et/ou enfants"
DAILY, PAPERS, JOBS, SAFETY, LEISURE, WORLD = (
    "Maîtrise des outils numériques du quotidien",
    "Aide aux démarches administratives",
    "Insertion professionnelle via le numérique",
    "Utilisation sécurisée du numérique",
    "Loisirs et créations numériques",
    "Compréhension du monde numérique",
)
assert {SENIORS, YOUNG, FAMILIES} <= set(mediation.PUBLICS)
assert {DAILY, PAPERS, JOBS, SAFETY, LEISURE, WORLD} <= set(mediation.SERVICES)
EPN_ACCESS = "Plain-pied ; un poste adapté (grand écran, clavier gros caractères)."


@dataclass(frozen=True)
class Workshop:
    title: str
    weekday: int  # 0 = Monday
    start: time
    end: time
    summary: str
    publics: tuple[str, ...]
    services: tuple[str, ...]
    capacity: int | None = 8
    kind: str = EventKind.WORKSHOP
    description: str = ""


WORKSHOPS = [
    Workshop(
        "Premiers pas sur l'ordinateur",
        1,
        time(14),
        time(16),
        "Allumer, cliquer, écrire : on prend le temps, sans jargon.",
        (SENIORS,),
        (DAILY,),
        description=(
            "Un atelier pour **débuter en douceur** avec un ordinateur : la souris, le "
            "clavier, les fenêtres, et enregistrer un document.\n\n"
            "- pas besoin de matériel, les postes de l'EPN sont là ;\n"
            "- 8 personnes au plus, deux médiateurs."
        ),
    ),
    Workshop(
        "Démarches en ligne : ameli, CAF, impôts",
        3,
        time(9, 30),
        time(11, 30),
        "Créer ses comptes et faire ses démarches, accompagné.",
        (SENIORS,),
        (PAPERS, SAFETY),
        capacity=6,
        description=(
            "Apportez vos identifiants si vous en avez, et une pièce d'identité. "
            "Nous vous aidons à créer vos comptes **ameli**, **CAF** et "
            "**impots.gouv.fr**, et à les utiliser en sécurité."
        ),
    ),
    Workshop(
        "Mon smartphone au quotidien",
        4,
        time(14),
        time(16),
        "Photos, messages, appels vidéo avec les petits-enfants.",
        (SENIORS, FAMILIES),
        (DAILY, LEISURE),
    ),
    Workshop(
        "CV et candidature en ligne",
        2,
        time(10),
        time(12),
        "Mettre son CV en ligne et répondre à une offre avec France Travail.",
        (YOUNG,),
        (JOBS,),
        capacity=10,
    ),
    Workshop(
        "Permanence numérique",
        0,
        time(14),
        time(17),
        "Sans inscription : venez avec votre question, un médiateur vous aide.",
        (),
        (DAILY, PAPERS),
        capacity=None,
        kind=EventKind.DROP_IN,
    ),
]


@dataclass(frozen=True)
class Single:
    title: str
    kind: str
    days_after_monday: int  # from the Monday of its week
    start: time
    duration: timedelta
    space: str | None
    summary: str
    capacity: int | None
    publics: tuple[str, ...] = ()
    services: tuple[str, ...] = ()
    organization: str | None = None
    price_cents: int = 0
    extra: dict[str, str] = field(default_factory=dict)


SEMAINE = "Semaine Tiers-Lieux"
TIERS_LIEUX_WEEK = [
    Single(
        f"{SEMAINE} : soirée d'ouverture",
        EventKind.FESTIVAL,
        0,
        time(18),
        timedelta(hours=2),
        "coworking",
        "Présentation du programme, des projets et des structures résidentes.",
        20,
    ),
    Single(
        f"{SEMAINE} : le tiers-lieu, un commun",
        EventKind.TALK,
        1,
        time(12, 30),
        timedelta(hours=1, minutes=30),
        "salle-de-reunion",
        "Conférence-débat : gouvernance partagée et modèle économique d'un tiers-lieu.",
        10,
        services=(WORLD,),
    ),
    Single(
        f"{SEMAINE} : Fresque du numérique",
        EventKind.WORKSHOP,
        2,
        time(18),
        timedelta(hours=3),
        "epn",
        "Comprendre les impacts environnementaux du numérique, en jouant.",
        12,
        publics=(YOUNG,),
        services=(WORLD,),
    ),
    Single(
        f"{SEMAINE} : visite du HackerSpace CATS",
        EventKind.MEETUP,
        3,
        time(17),
        timedelta(hours=2),
        "hackerspace-cats",
        "Découpeuse laser, imprimante 3D, soudure : les membres montrent leurs projets.",
        8,
        services=(LEISURE,),
    ),
    Single(
        f"{SEMAINE} : portes ouvertes",
        EventKind.FESTIVAL,
        5,
        time(10),
        timedelta(hours=7),
        None,
        "Toute la journée : visites, ateliers flash, repair café et goûter partagé.",
        None,
        publics=(FAMILIES,),
    ),
]
HACKATHON = Single(
    "Hackathon Event42",
    EventKind.HACKATHON,
    4,
    time(18),
    timedelta(hours=48),
    "coworking",
    "48 heures pour prototyper des services numériques utiles au quartier.",
    20,
    services=(WORLD,),
    organization="POC Foundation",
)


def load_agenda(main: Place, people: dict[str, Person], orgs: dict[str, Organization]) -> None:
    """Idempotent: nothing happens once the place has events."""
    if Event.objects.filter(place=main).exists():
        return
    claire = people["claire@comptoir.test"]
    today = timezone.localdate()
    next_monday = today + timedelta(days=7 - today.weekday())
    _past_month(main, claire, people, next_monday - timedelta(weeks=5))
    for workshop in WORKSHOPS:
        _series(main, claire, workshop, next_monday, weeks=4)
    _registrations(main, claire, people)
    for single in TIERS_LIEUX_WEEK:
        _single(main, claire, single, next_monday + timedelta(weeks=1), orgs)
    _single(main, claire, HACKATHON, next_monday + timedelta(weeks=2), orgs)
    lea = people.get("lea@comptoir.test")
    mixeur = Place.objects.filter(slug="le-mixeur").first()
    if lea is not None and mixeur is not None:
        for single in MIXEUR:
            _single(mixeur, lea, single, next_monday, orgs)


MIXEUR = [
    Single(
        "Repair café numérique",
        EventKind.MEETUP,
        2,
        time(17),
        timedelta(hours=2),
        None,
        "On répare ensemble ordinateurs et smartphones qui rament.",
        15,
        services=(DAILY,),
    ),
    Single(
        "Café-débat : l'IA au travail",
        EventKind.TALK,
        8,
        time(12, 30),
        timedelta(hours=1, minutes=30),
        None,
        "Ce que les outils d'IA changent pour les indépendants, et ce qu'ils ne changent pas.",
        30,
        services=(WORLD,),
    ),
]


def _at(place: Place, day: date, moment: time) -> datetime:
    return datetime.combine(day, moment, tzinfo=ZoneInfo(place.timezone))


def _space(place: Place, slug: str | None) -> Space | None:
    return Space.objects.filter(place=place, slug=slug).first() if slug else None


def _input(place: Place, workshop: Workshop, day: date) -> events.EventInput:
    return events.EventInput(
        title=workshop.title,
        kind=workshop.kind,
        start=_at(place, day, workshop.start),
        end=_at(place, day, workshop.end),
        space=_space(place, "epn"),
        summary=workshop.summary,
        description=workshop.description or workshop.summary,
        capacity=workshop.capacity,
        publics=list(workshop.publics),
        services=list(workshop.services),
        accessibility=EPN_ACCESS,
        registration_required=workshop.capacity is not None,
    )


def _series(
    place: Place, by: Person, workshop: Workshop, monday: date, *, weeks: int,
    now: datetime | None = None,
) -> list[Event]:  # fmt: skip
    data = _input(place, workshop, monday + timedelta(days=workshop.weekday))
    _series_, created, _skipped = events.series_create(
        place=place, by=by, data=data, every_weeks=1, count=weeks, skip_conflicts=True, now=now
    )
    return created


def _single(
    place: Place, by: Person, single: Single, monday: date, orgs: dict[str, Organization]
) -> Event:
    start = _at(place, monday + timedelta(days=single.days_after_monday), single.start)
    space = _space(place, single.space)
    data = events.EventInput(
        title=single.title,
        kind=single.kind,
        start=start,
        end=start + single.duration,
        space=space,
        summary=single.summary,
        description=single.summary,
        capacity=single.capacity,
        price_cents=single.price_cents,
        publics=list(single.publics),
        services=list(single.services),
        accessibility=space.accessibility_notes if space else "Plain-pied.",
        organizer_person=by,
        organizer_organization=orgs.get(single.organization or ""),
        registration_required=single.capacity is not None,
    )
    return events.event_create(place=place, by=by, data=data)


GUESTS = [
    Guest("Monique Faure", phone="06 12 34 56 01"),
    Guest("Jean-Pierre Roux", phone="06 12 34 56 02"),
    Guest("Yasmina Belkacem", email="yasmina.b@exemple.fr"),
    Guest("Gérard Mallet", phone="04 77 00 11 22"),
    Guest("Lucie Perrin", email="lucie.perrin@exemple.fr"),
    Guest("Fatou Diallo", phone="07 61 00 00 05"),
    Guest("Henri Blanc", phone="06 98 76 54 32"),
    Guest("Anaïs Giraud", email="anais.giraud@exemple.fr"),
]


def _registrations(main: Place, claire: Person, people: dict[str, Person]) -> None:
    """The first "Démarches en ligne" is full with two people waiting; members register."""
    coming = Event.objects.filter(
        place=main, registration_required=True, start__gt=timezone.now()
    ).order_by("start")
    papers = coming.filter(title__startswith="Démarches").first()
    if papers is not None:
        for guest in GUESTS:
            registrations.register_guest(event=papers, guest=guest)
    first_steps = coming.filter(title__startswith="Premiers pas").first()
    if first_steps is not None:
        registrations.register_at_desk(event=first_steps, by=claire, guest=GUESTS[0])
        registrations.register_member(event=first_steps, person=people["victor@comptoir.test"])
    cv = coming.filter(title__startswith="CV").first()
    if cv is not None:
        registrations.register_member(event=cv, person=people["samir@comptoir.test"])


def _past_month(main: Place, claire: Person, people: dict[str, Person], monday: date) -> None:
    """Four weeks of workshops that took place, with who registered and who came (for the
    activity report)."""
    back = _at(main, monday - timedelta(days=10), time(9))
    for index, workshop in enumerate(WORKSHOPS):
        held = _series(main, claire, workshop, monday, weeks=4, now=back)
        for week, event in enumerate(held):
            if not event.registration_required:
                attendance.walk_in_add(event=event, by=claire, name=GUESTS[week].name)
                continue
            signed_up = [
                registrations.register_guest(
                    event=event, guest=guest, now=event.start - timedelta(days=3)
                )
                for guest in GUESTS[(index + week) % 3 : (index + week) % 3 + 5]
            ]
            for position, registration in enumerate(signed_up):
                attendance.attendance_mark(
                    registration=registration, by=claire, present=position != 2
                )
            attendance.walk_in_add(
                event=event,
                by=claire,
                name=f"Personne accueillie {week + 1}",
                public_category=SENIORS if week % 2 == 0 else YOUNG,
                consent=True,
            )
