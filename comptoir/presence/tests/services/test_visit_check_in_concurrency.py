"""Racing check-ins on PostgreSQL: a book is never overdrawn, one person is charged once
per period, and a structure's seats are never exceeded."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable

import pytest
from django.db import connection

from comptoir.access import services as access
from comptoir.access.models import Plan, TicketMovement
from comptoir.access.tests.factories import subscription_plan
from comptoir.access.tests.helpers import buy, buy_book
from comptoir.access.tests.timing import at, next_monday, weekdays
from comptoir.community.models import Person
from comptoir.community.tests.factories import (
    AffiliationFactory,
    OrganizationFactory,
    PersonFactory,
)
from comptoir.places.models import Place
from comptoir.presence import services
from comptoir.presence.exceptions import AlreadyCheckedIn, CheckInRefused
from comptoir.presence.models import Access, CoveredPeriod, Visit

pytestmark = [pytest.mark.concurrency, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _postgresql_only() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL row locks (CI runs on PostgreSQL)")


def race(attempts: list[Callable[[], object]]) -> Counter[str]:
    """Run every attempt in its own thread, all released at once; count the outcomes."""
    barrier = threading.Barrier(len(attempts))
    outcomes: list[str] = []
    lock = threading.Lock()

    def run(attempt: Callable[[], object]) -> None:
        try:
            barrier.wait(timeout=30)
            try:
                attempt()
                result = "checked in"
            except AlreadyCheckedIn:
                result = "already checked in"
            except CheckInRefused:
                result = "refused"
        except Exception as error:  # recorded, so the assertion shows it
            result = f"error: {error!r}"
        finally:
            connection.close()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=run, args=(attempt,)) for attempt in attempts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return Counter(outcomes)


def check_in_later(person_id: int, place_id: int, by_id: int, moment) -> Callable[[], object]:
    """An attempt that loads its own rows, as a separate request would."""

    def attempt() -> object:
        return services.visit_check_in(
            person=Person.objects.get(pk=person_id),
            place=Place.objects.get(pk=place_id),
            by=Person.objects.get(pk=by_id),
            at=moment,
        )

    return attempt


def consumed(book) -> int:
    return book.movements.filter(kind=TicketMovement.Kind.CONSUMPTION).count()


def test_it_uses_one_ticket_per_day_when_fifty_check_ins_race_over_ten_days(
    place, concierge, person
):
    book = buy_book(person, place=place, by=concierge, tickets=10)
    days = weekdays(next_monday(), 10)
    attempts = [
        check_in_later(person.pk, place.pk, concierge.pk, at(day, 10))
        for day in days
        for _ in range(5)
    ]

    outcomes = race(attempts)

    assert outcomes == Counter({"checked in": 10, "already checked in": 40})
    assert consumed(book) == 10
    assert access.balance(book) == 0
    assert sorted(Visit.objects.filter(person=person).values_list("day", flat=True)) == days
    assert set(Visit.objects.values_list("access", flat=True)) == {Access.TICKET}


def test_it_never_overdraws_a_book_when_fifty_days_race_for_ten_tickets(place, concierge, person):
    book = buy_book(person, place=place, by=concierge, tickets=10)
    attempts = [
        check_in_later(person.pk, place.pk, concierge.pk, at(day, 10))
        for day in weekdays(next_monday(), 50)
    ]

    outcomes = race(attempts)

    assert outcomes == Counter({"checked in": 10, "refused": 40})
    assert consumed(book) == 10
    assert access.balance(book) == 0
    assert Visit.objects.filter(person=person).count() == 10
    assert CoveredPeriod.objects.filter(person=person).count() == 20


def test_it_charges_one_ticket_when_twenty_check_ins_race_in_one_period(place, concierge, person):
    book = buy_book(person, place=place, by=concierge, tickets=10)
    monday = next_monday()
    attempts = [
        check_in_later(person.pk, place.pk, concierge.pk, at(monday, 10, minute))
        for minute in range(20)
    ]

    outcomes = race(attempts)

    assert outcomes == Counter({"checked in": 1, "already checked in": 19})
    assert consumed(book) == 1
    assert access.balance(book) == 9
    assert Visit.objects.filter(person=person).count() == 1


def test_it_covers_two_people_when_six_race_for_a_two_seat_subscription(place, concierge):
    organization = OrganizationFactory()
    plan = subscription_plan(place, holder=Plan.Holder.ORGANIZATION, seats=2)
    subscription = buy(plan, place=place, by=concierge, organization=organization).subscription
    people = [PersonFactory() for _ in range(6)]
    for member in people:
        AffiliationFactory(person=member, organization=organization)
    monday = next_monday()
    attempts = [
        check_in_later(member.pk, place.pk, concierge.pk, at(monday, 10)) for member in people
    ]

    outcomes = race(attempts)

    assert outcomes == Counter({"checked in": 2, "refused": 4})
    covered = CoveredPeriod.objects.filter(subscription=subscription, day=monday)
    assert covered.values("person").distinct().count() == 2
    assert Visit.objects.filter(access=Access.SUBSCRIPTION).count() == 2
    assert Visit.objects.count() == 2


def across_two_places(person, desks) -> list[Callable[[], object]]:
    """Twenty check-ins of one person in the same morning, alternately at each place's desk
    (`desks`: two (place, concierge) pairs)."""
    monday = next_monday()
    return [
        check_in_later(person.pk, where.pk, by.pk, at(monday, 10, minute))
        for minute in range(20)
        for where, by in [desks[minute % 2]]
    ]


def test_it_charges_a_network_book_once_when_check_ins_race_across_two_places(
    place, sister_place, concierge, sister_concierge, person
):
    book = buy_book(person, place=place, by=concierge, network_wide=True)
    desks = [(place, concierge), (sister_place, sister_concierge)]

    outcomes = race(across_two_places(person, desks))

    assert set(outcomes) <= {"checked in", "already checked in"}, outcomes
    assert consumed(book) == 1
    assert access.balance(book) == 9
    # The half-days are covered once, for the whole network.
    covered = CoveredPeriod.objects.filter(person=person)
    assert sorted(covered.values_list("half", "place_id", "network_id")) == [
        ("am", None, place.network_id),
        ("pm", None, place.network_id),
    ]
    assert Visit.objects.filter(person=person, access=Access.TICKET).count() == 1
    assert Visit.objects.filter(person=person, checked_out_at__isnull=True).count() == 1


def test_it_charges_each_place_book_once_when_check_ins_race_across_two_places(
    place, sister_place, concierge, sister_concierge, person
):
    desks = [(place, concierge), (sister_place, sister_concierge)]
    books = {where.pk: buy_book(person, place=where, by=by) for where, by in desks}

    outcomes = race(across_two_places(person, desks))

    assert set(outcomes) <= {"checked in", "already checked in"}, outcomes
    covered = CoveredPeriod.objects.filter(person=person)
    charged = set(Visit.objects.filter(access=Access.TICKET).values_list("place_id", flat=True))
    assert charged, outcomes
    for place_id, book in books.items():
        # A place's book pays once for the half-days there, and only if someone came there.
        assert consumed(book) == (1 if place_id in charged else 0)
        assert sorted(covered.filter(place_id=place_id).values_list("half", flat=True)) == (
            ["am", "pm"] if place_id in charged else []
        )
    assert not covered.filter(network__isnull=False).exists()
    assert Visit.objects.filter(person=person, checked_out_at__isnull=True).count() == 1
