"""The demo bookable resources, trainings and bookings."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.utils import timezone

from comptoir.bookings import services as bookings
from comptoir.bookings import training_requests
from comptoir.bookings.models import Booking, Qualification, Resource, Training, TrainingRequest
from comptoir.community.models import (
    Organization,
    Person,
    Role,
)
from comptoir.places.models import Equipment, Place, Space
from comptoir.places.opening_hours import place_open_state


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


def load_bookings(main: Place, people: dict[str, Person], orgs: dict[str, Organization]) -> None:
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
    _nina_asks_for_the_laser(people["nina@comptoir.test"], laser)
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
        state = place_open_state(place, datetime.combine(day, start, tzinfo=tz))
        closes = state.next_change
        if state.is_open and (closes is None or closes >= datetime.combine(day, end, tzinfo=tz)):
            return day
    return None


def _nina_asks_for_the_laser(nina: Person, laser: Training) -> None:
    """Nina asked for the laser training: the concierges have a request to answer."""
    if TrainingRequest.objects.filter(person=nina, training=laser).exists():
        return
    training_requests.training_request_create(
        person=nina,
        training=laser,
        by=nina,
        message="Je voudrais découper des boîtiers en contreplaqué pour un projet.",
    )
