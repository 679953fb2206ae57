"""A structure's subscription covers its affiliated people, up to `seats` people a day."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import translation

from comptoir.access import services as access
from comptoir.access.models import PlaceAccessSettings, Plan
from comptoir.access.tests.factories import day_pass_plan, subscription_plan
from comptoir.access.tests.helpers import buy, buy_book
from comptoir.access.tests.timing import at, next_monday
from comptoir.community.tests.factories import (
    AffiliationFactory,
    OrganizationFactory,
    PersonFactory,
)
from comptoir.presence import services
from comptoir.presence.exceptions import CheckInRefused
from comptoir.presence.models import Access, CoveredPeriod, Visit

MONDAY = next_monday


@pytest.fixture
def organization(db):
    return OrganizationFactory(name="La Coop du Coin")


@pytest.fixture
def members(organization):
    people = [PersonFactory() for _ in range(3)]
    for member in people:
        AffiliationFactory(person=member, organization=organization)
    return people


@pytest.fixture
def subscription(place, concierge, organization):
    plan = subscription_plan(place, holder=Plan.Holder.ORGANIZATION, seats=2)
    return buy(plan, place=place, by=concierge, organization=organization).subscription


def check_in(person, place, concierge, moment):
    return services.visit_check_in(person=person, place=place, by=concierge, at=moment)


def over_seats(place, choice):
    PlaceAccessSettings.objects.create(place=place, over_seats=choice)


@pytest.mark.django_db
def test_it_covers_an_affiliated_person(place, concierge, members, subscription):
    visit = check_in(members[0], place, concierge, at(MONDAY(), 10))
    assert (visit.access, visit.subscription) == (Access.SUBSCRIPTION, subscription)
    assert CoveredPeriod.objects.filter(subscription=subscription).count() == 2


@pytest.mark.django_db
def test_it_refuses_a_person_beyond_the_seats_and_says_why(place, concierge, members, subscription):
    check_in(members[0], place, concierge, at(MONDAY(), 9))
    check_in(members[1], place, concierge, at(MONDAY(), 9, 30))
    with translation.override("en"), pytest.raises(CheckInRefused) as refusal:
        check_in(members[2], place, concierge, at(MONDAY(), 10))
    assert "2 seats" in refusal.value.message
    assert "La Coop du Coin" in refusal.value.message
    assert not Visit.objects.filter(person=members[2]).exists()


@pytest.mark.django_db
def test_it_charges_nothing_beyond_the_seats_when_the_place_refuses(
    place, concierge, members, subscription
):
    over_seats(place, PlaceAccessSettings.OverSeats.REFUSE)
    book = buy_book(members[2], place=place, by=concierge)
    check_in(members[0], place, concierge, at(MONDAY(), 9))
    check_in(members[1], place, concierge, at(MONDAY(), 9))
    with pytest.raises(CheckInRefused):
        check_in(members[2], place, concierge, at(MONDAY(), 10))
    assert access.balance(book) == 10
    assert not CoveredPeriod.objects.filter(person=members[2]).exists()


@pytest.mark.django_db
def test_it_charges_a_ticket_beyond_the_seats_when_the_place_charges(
    place, concierge, members, subscription
):
    over_seats(place, PlaceAccessSettings.OverSeats.CHARGE)
    book = buy_book(members[2], place=place, by=concierge)
    check_in(members[0], place, concierge, at(MONDAY(), 9))
    check_in(members[1], place, concierge, at(MONDAY(), 9))
    visit = check_in(members[2], place, concierge, at(MONDAY(), 10))
    assert visit.access == Access.TICKET
    assert access.balance(book) == 9


@pytest.mark.django_db
def test_it_takes_a_day_pass_beyond_the_seats_when_the_place_charges(
    place, concierge, members, subscription
):
    over_seats(place, PlaceAccessSettings.OverSeats.CHARGE)
    buy(day_pass_plan(place), place=place, by=concierge, person=members[2], starts_on=MONDAY())
    check_in(members[0], place, concierge, at(MONDAY(), 9))
    check_in(members[1], place, concierge, at(MONDAY(), 9))
    assert check_in(members[2], place, concierge, at(MONDAY(), 10)).access == Access.DAY_PASS


@pytest.mark.django_db
def test_it_refuses_beyond_the_seats_with_nothing_to_charge(
    place, concierge, members, subscription
):
    over_seats(place, PlaceAccessSettings.OverSeats.CHARGE)
    check_in(members[0], place, concierge, at(MONDAY(), 9))
    check_in(members[1], place, concierge, at(MONDAY(), 9))
    with pytest.raises(CheckInRefused):
        check_in(members[2], place, concierge, at(MONDAY(), 10))


@pytest.mark.django_db
def test_it_counts_a_person_once_however_often_they_come_in(
    place, concierge, members, subscription
):
    first = check_in(members[0], place, concierge, at(MONDAY(), 9))
    services.visit_check_out(visit=first, by=concierge, at=at(MONDAY(), 12))
    again = check_in(members[0], place, concierge, at(MONDAY(), 14))
    assert again.access == Access.ALREADY_COVERED
    assert check_in(members[1], place, concierge, at(MONDAY(), 15)).access == Access.SUBSCRIPTION


@pytest.mark.django_db
def test_it_frees_the_seats_the_next_day(place, concierge, members, subscription):
    check_in(members[0], place, concierge, at(MONDAY(), 9))
    check_in(members[1], place, concierge, at(MONDAY(), 9))
    tuesday = MONDAY() + dt.timedelta(days=1)
    assert check_in(members[2], place, concierge, at(tuesday, 9)).access == Access.SUBSCRIPTION


@pytest.mark.django_db
def test_it_does_not_cover_someone_outside_the_structure(place, concierge, subscription):
    outsider = PersonFactory()
    with pytest.raises(CheckInRefused):
        check_in(outsider, place, concierge, at(MONDAY(), 9))


@pytest.mark.django_db
def test_it_uses_a_person_own_subscription_before_a_seat(place, concierge, members, subscription):
    own = buy(subscription_plan(place), place=place, by=concierge, person=members[0]).subscription
    assert check_in(members[0], place, concierge, at(MONDAY(), 9)).subscription == own
    check_in(members[1], place, concierge, at(MONDAY(), 9))
    assert check_in(members[2], place, concierge, at(MONDAY(), 9)).subscription == subscription


@pytest.mark.django_db
def test_it_lets_a_concierge_override_when_the_seats_are_taken(
    place, concierge, members, subscription
):
    check_in(members[0], place, concierge, at(MONDAY(), 9))
    check_in(members[1], place, concierge, at(MONDAY(), 9))
    visit = services.visit_check_in(
        person=members[2],
        place=place,
        by=concierge,
        at=at(MONDAY(), 10),
        override_reason="Stagiaire de la structure",
    )
    assert visit.access == Access.OVERRIDE
