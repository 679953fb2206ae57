"""Generated worlds for the tests that tie a hand-written SQL statement to its ORM twin:
several people, places of one network and of another (in time zones where today differs),
ticket books, subscriptions, passes, visits and roles around a day, with its boundaries.

Each example runs in a savepoint rolled back at its end (`rolled_back`), so the places and
people made once per test are shared and nothing else leaks from one example to the next."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from comptoir.access.models import Plan, TicketBook, TicketMovement, TicketUnit
from comptoir.access.tests.factories import PlanFactory
from comptoir.community.tests.factories import PersonFactory
from comptoir.core.tests.rollback import rolled_back as rolled_back  # the twin tests use it too
from comptoir.places.models import Place
from comptoir.places.tests.factories import NetworkFactory, PlaceFactory

# Modest and without deadline: each example writes rows, on PostgreSQL and on SQLite.
TWIN_SETTINGS = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

PLACES = ("home", "sister", "foreign")
PEOPLE = 3

# Days around the day asked about, the boundaries (yesterday, today, tomorrow) first.
offsets = st.one_of(st.sampled_from([-1, 0, 1]), st.integers(-60, 60))


@dataclass
class World:
    places: dict[str, Place]
    people: list[Any]
    book_plans: dict[str, Plan]


def make_world() -> World:
    """Two places of one network in different time zones, and one of another network."""
    network = NetworkFactory()
    other = NetworkFactory(name="Ailleurs", slug="ailleurs")
    places = {
        "home": PlaceFactory(network=network, timezone="Europe/Paris"),
        "sister": PlaceFactory(network=network, timezone="Pacific/Kiritimati"),
        "foreign": PlaceFactory(network=other, timezone="America/Adak"),
    }
    plans = {name: PlanFactory(place=place) for name, place in places.items()}
    people = [PersonFactory() for _n in range(PEOPLE)]
    return World(places=places, people=people, book_plans=plans)


books = st.lists(
    st.fixed_dictionaries(
        {
            "person": st.integers(0, PEOPLE - 1),
            "place": st.sampled_from(PLACES),
            "network_wide": st.booleans(),
            "bought": offsets,
            # 0: the book's last day is the day it was bought.
            "valid_days": st.one_of(st.sampled_from([0, 1]), st.integers(0, 400)),
            "tickets": st.integers(0, 4),
            "used": st.integers(0, 4),
            "unit": st.sampled_from(TicketUnit.values),
        }
    ),
    max_size=6,
)


def make_books(world: World, specs: list[dict[str, Any]], day: dt.date) -> list[TicketBook]:
    """Books around `day`; `tickets` 0 is a book with no movement at all, `used` as many
    tickets as it has at most (an empty book when all are used)."""
    made = []
    for spec in specs:
        place = world.places[spec["place"]]
        bought = day + dt.timedelta(days=spec["bought"])
        book = TicketBook.objects.create(
            plan=world.book_plans[spec["place"]],
            person=world.people[spec["person"]],
            place=place,
            network_id=place.network_id if spec["network_wide"] else None,
            tickets=max(spec["tickets"], 1),
            unit=spec["unit"],
            ticket_value_cents=800,
            purchased_on=bought,
            expires_on=bought + dt.timedelta(days=spec["valid_days"]),
        )
        at = dt.datetime.combine(bought, dt.time(10), tzinfo=dt.UTC)
        if spec["tickets"]:
            _movement(book, TicketMovement.Kind.PURCHASE, spec["tickets"], place, at)
        for _n in range(min(spec["used"], spec["tickets"])):
            _movement(book, TicketMovement.Kind.CONSUMPTION, -1, place, at)
        made.append(book)
    return made


def _movement(book: TicketBook, kind: str, quantity: int, place: Place, at: dt.datetime) -> None:
    TicketMovement.objects.create(book=book, kind=kind, quantity=quantity, place=place, at=at)
