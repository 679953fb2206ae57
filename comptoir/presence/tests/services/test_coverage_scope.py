"""What pays for a half-day covers only the places where that access is valid: a place's
book, subscription or day pass, the discovery visit and a concierge's override cover their
place; a network book or a network subscription covers every place of the network, and
no place of another network."""

from __future__ import annotations

import pytest

from comptoir.access import services as access
from comptoir.access.models import Plan, TicketUnit
from comptoir.access.tests.factories import (
    PlanFactory,
    day_pass_plan,
    discovery_plan,
    subscription_plan,
)
from comptoir.access.tests.helpers import buy, buy_book
from comptoir.access.tests.timing import at, next_monday
from comptoir.community.models import Role
from comptoir.community.tests.factories import PersonFactory, PlaceRoleFactory
from comptoir.presence import services
from comptoir.presence.exceptions import CheckInRefused
from comptoir.presence.models import Access, CoveredPeriod, Half

pytestmark = pytest.mark.django_db

AM, PM = Half.MORNING, Half.AFTERNOON


def check_in(person, place, hour, minute=0, by=None, **kwargs):
    """The system checks people in (the kiosk's badge reader): no right is in question."""
    moment = at(next_monday(), hour, minute)
    return services.visit_check_in(person=person, place=place, by=by, at=moment, **kwargs)


def scopes(person) -> set[tuple[str, int | None, int | None]]:
    """(half, place id, network id) of each half-day covered for `person`."""
    rows = CoveredPeriod.objects.filter(person=person)
    return set(rows.values_list("half", "place_id", "network_id"))


# --- Ticket books ---------------------------------------------------------------------------


def test_a_place_book_does_not_cover_a_sister_place(place, sister_place, concierge, nomad):
    """The issue's case: a book valid at one place only, then the nomade walks next door."""
    buy_book(nomad, place=place, by=concierge)
    assert check_in(nomad, place, 10).access == Access.TICKET
    with pytest.raises(CheckInRefused):
        check_in(nomad, sister_place, 11)
    assert scopes(nomad) == {(AM, place.pk, None), (PM, place.pk, None)}


def test_a_sister_place_charges_its_own_book_for_a_half_day_paid_here(
    place, sister_place, concierge, sister_concierge, nomad
):
    here = buy_book(nomad, place=place, by=concierge)
    there = buy_book(nomad, place=sister_place, by=sister_concierge)
    check_in(nomad, place, 10)
    visit = check_in(nomad, sister_place, 11)
    assert (visit.access, visit.ticket_movement.book) == (Access.TICKET, there)
    assert (access.balance(here), access.balance(there)) == (9, 9)
    # Back at the first place in the afternoon: still covered there by its own book.
    assert check_in(nomad, place, 15).access == Access.ALREADY_COVERED
    assert access.balance(here) == 9


def test_a_network_book_covers_every_place_of_its_network(place, sister_place, concierge, nomad):
    book = buy_book(nomad, place=place, by=concierge, network_wide=True)
    assert check_in(nomad, place, 10).access == Access.TICKET
    assert check_in(nomad, sister_place, 11).access == Access.ALREADY_COVERED
    assert access.balance(book) == 9
    assert scopes(nomad) == {(AM, None, place.network_id), (PM, None, place.network_id)}


def test_a_network_book_covers_no_place_of_another_network(
    place, foreign_place, concierge, other_concierge, nomad
):
    book = buy_book(nomad, place=place, by=concierge, network_wide=True)
    check_in(nomad, place, 10)
    with pytest.raises(CheckInRefused):
        check_in(nomad, foreign_place, 11)
    # With a book of that network, the half-day is charged there too.
    elsewhere = buy_book(nomad, place=foreign_place, by=other_concierge)
    assert check_in(nomad, foreign_place, 11, 30).access == Access.TICKET
    assert (access.balance(book), access.balance(elsewhere)) == (9, 9)


def test_a_network_book_is_charged_where_a_place_book_paid_only_next_door(
    place, sister_place, concierge, nomad
):
    """A half-day paid at one place only, then the network book at the sister place: the
    two periods of the same half-day live side by side, one per scope."""
    local = buy_book(nomad, place=place, by=concierge, ticket_unit=TicketUnit.HALF_DAY)
    check_in(nomad, place, 10)
    network = buy_book(nomad, place=place, by=concierge, network_wide=True)
    # The place book expires first, but it is not valid at the sister place.
    visit = check_in(nomad, sister_place, 11)
    assert (visit.access, visit.ticket_movement.book) == (Access.TICKET, network)
    assert (access.balance(local), access.balance(network)) == (9, 9)
    assert scopes(nomad) == {
        (AM, place.pk, None),
        (AM, None, place.network_id),
        (PM, None, place.network_id),
    }
    # Both places are covered for the rest of the day now.
    assert check_in(nomad, place, 15).access == Access.ALREADY_COVERED


# --- Subscriptions --------------------------------------------------------------------------


def test_a_place_subscription_does_not_cover_a_sister_place(
    place, sister_place, concierge, sister_concierge, person
):
    buy(subscription_plan(place), place=place, by=concierge, person=person)
    assert check_in(person, place, 10).access == Access.SUBSCRIPTION
    with pytest.raises(CheckInRefused):
        check_in(person, sister_place, 11)
    book = buy_book(person, place=sister_place, by=sister_concierge)
    assert check_in(person, sister_place, 11, 30).access == Access.TICKET
    assert access.balance(book) == 9
    assert {(place_id, network_id) for _h, place_id, network_id in scopes(person)} == {
        (place.pk, None),
        (sister_place.pk, None),
    }


def test_a_network_subscription_covers_every_place_of_its_network(
    place, sister_place, foreign_place, concierge, person
):
    plan = PlanFactory(place=None, network=place.network, kind=Plan.Kind.SUBSCRIPTION, tickets=0)
    buy(plan, place=place, by=concierge, person=person)
    assert check_in(person, sister_place, 10).access == Access.SUBSCRIPTION
    assert check_in(person, place, 11).access == Access.ALREADY_COVERED
    assert scopes(person) == {(AM, None, place.network_id), (PM, None, place.network_id)}
    with pytest.raises(CheckInRefused):
        check_in(person, foreign_place, 12)


# --- Day passes, discovery visits, overrides ------------------------------------------------


def test_a_day_pass_covers_its_place_only(place, sister_place, concierge, person):
    day_pass_plan(sister_place)
    buy(day_pass_plan(place), place=place, by=concierge, person=person, starts_on=next_monday())
    visit = check_in(person, place, 10)
    assert visit.access == Access.DAY_PASS
    services.visit_check_out(visit=visit, by=person, at=at(next_monday(), 10, 30))
    with pytest.raises(CheckInRefused):
        check_in(person, sister_place, 11)
    assert check_in(person, place, 15).access == Access.ALREADY_COVERED


def test_a_discovery_visit_covers_its_place_only(place, sister_place):
    traveller = PersonFactory()
    PlaceRoleFactory(person=traveller, place=place, role=Role.TRAVELLER)
    discovery_plan(place)
    discovery_plan(sister_place)
    assert check_in(traveller, place, 10).access == Access.DISCOVERY
    # The sister place's own discovery visit, not "already paid".
    assert check_in(traveller, sister_place, 11).access == Access.DISCOVERY
    assert check_in(traveller, place, 15).access == Access.ALREADY_COVERED


def test_an_override_covers_its_place_only(place, sister_place, concierge, person):
    check_in(person, place, 10, by=concierge, override_reason="Badge oublié")
    with pytest.raises(CheckInRefused):
        check_in(person, sister_place, 10, 30)
    assert scopes(person) == {(AM, place.pk, None)}
