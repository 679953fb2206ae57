"""visit_check_in: what pays for each half-day, for résidents, nomades and voyageurs."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import translation

from comptoir.access import services as access
from comptoir.access.models import PlaceAccessSettings, Plan, TicketUnit
from comptoir.access.tests.factories import (
    PlanFactory,
    day_pass_plan,
    discovery_plan,
    subscription_plan,
    ticket_book_plan,
)
from comptoir.access.tests.helpers import buy, buy_book
from comptoir.access.tests.timing import at, next_monday, next_weekday
from comptoir.community.models import Role
from comptoir.community.tests.factories import PersonFactory, PlaceRoleFactory
from comptoir.core.models import AuditEvent
from comptoir.presence import services
from comptoir.presence.exceptions import CheckInRefused
from comptoir.presence.models import Access, CoveredPeriod, Half, Visit

MONDAY = next_monday


def check_in(person, place, moment, by=None, **kwargs):
    return services.visit_check_in(person=person, place=place, by=by or person, at=moment, **kwargs)


def check_out(visit, moment):
    return services.visit_check_out(visit=visit, by=visit.person, at=moment)


def halves(person, day):
    return set(CoveredPeriod.objects.filter(person=person, day=day).values_list("half", flat=True))


def nothing_recorded(person):
    return (
        not Visit.objects.filter(person=person).exists()
        and not CoveredPeriod.objects.filter(person=person).exists()
    )


def resident_subscription(place, concierge, person, starts_on=None, **plan_fields):
    plan = subscription_plan(place, **plan_fields)
    return buy(plan, place=place, by=concierge, person=person, starts_on=starts_on).subscription


def subscription_ending_on_a_working_day(place, concierge, person):
    """A subscription whose first period ends on a Monday to Thursday (so the day after it
    is a working day too)."""
    start = MONDAY()
    while access.period_bounds(start, 0)[1].weekday() > 3:
        start += dt.timedelta(days=1)
    return resident_subscription(place, concierge, person, starts_on=start)


# --- Résidents --------------------------------------------------------------------------


@pytest.mark.django_db
def test_it_lets_a_resident_in_on_their_subscription(place, concierge, person):
    subscription = resident_subscription(place, concierge, person)
    visit = check_in(person, place, at(MONDAY(), 10))
    assert visit.access == Access.SUBSCRIPTION
    assert visit.subscription == subscription
    assert halves(person, MONDAY()) == {Half.MORNING, Half.AFTERNOON}


@pytest.mark.django_db
def test_it_covers_a_resident_on_the_last_day_of_the_period(place, concierge, person):
    subscription = subscription_ending_on_a_working_day(place, concierge, person)
    last_day = subscription.periods.get().end
    assert check_in(person, place, at(last_day, 17)).access == Access.SUBSCRIPTION


@pytest.mark.django_db
def test_it_refuses_a_resident_the_day_after_the_period(place, concierge, person):
    subscription = subscription_ending_on_a_working_day(place, concierge, person)
    day_after = subscription.periods.get().end + dt.timedelta(days=1)
    with pytest.raises(CheckInRefused):
        check_in(person, place, at(day_after, 9, 30))
    assert nothing_recorded(person)


@pytest.mark.django_db
def test_it_covers_the_day_after_the_period_once_renewed(place, concierge, person):
    subscription = subscription_ending_on_a_working_day(place, concierge, person)
    day_after = subscription.periods.get().end + dt.timedelta(days=1)
    access.subscription_renew(subscription, today=day_after)
    visit = check_in(person, place, at(day_after, 9, 30))
    assert visit.access == Access.SUBSCRIPTION


@pytest.mark.django_db
def test_it_covers_a_paused_resident_until_the_paid_period_ends(place, concierge, person):
    subscription = subscription_ending_on_a_working_day(place, concierge, person)
    access.subscription_pause(subscription, by=concierge)
    last_day = subscription.periods.get().end
    assert check_in(person, place, at(last_day, 10)).access == Access.SUBSCRIPTION


@pytest.mark.django_db
def test_it_refuses_a_resident_after_the_end_of_the_subscription(place, concierge, person):
    subscription = resident_subscription(place, concierge, person)
    access.subscription_end(subscription, by=concierge, on=MONDAY() - dt.timedelta(days=1))
    with pytest.raises(CheckInRefused):
        check_in(person, place, at(MONDAY(), 10))


@pytest.mark.django_db
def test_it_uses_the_subscription_before_any_ticket(place, concierge, person):
    resident_subscription(place, concierge, person)
    book = buy_book(person, place=place, by=concierge)
    assert check_in(person, place, at(MONDAY(), 10)).access == Access.SUBSCRIPTION
    assert access.balance(book) == 10


@pytest.mark.django_db
def test_it_covers_every_place_of_the_network_with_a_network_subscription(
    place, sister_place, concierge, person
):
    plan = PlanFactory(place=None, network=place.network, kind=Plan.Kind.SUBSCRIPTION, tickets=0)
    buy(plan, place=place, by=concierge, person=person)
    assert check_in(person, sister_place, at(MONDAY(), 10)).access == Access.SUBSCRIPTION


@pytest.mark.django_db
def test_it_keeps_a_place_subscription_to_its_place(place, sister_place, concierge, person):
    resident_subscription(place, concierge, person)
    with pytest.raises(CheckInRefused):
        check_in(person, sister_place, at(MONDAY(), 10))


# --- Nomades ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_it_uses_one_ticket_of_a_day_book_for_the_whole_day(place, concierge, person):
    book = buy_book(person, place=place, by=concierge, ticket_unit=TicketUnit.DAY)
    visit = check_in(person, place, at(MONDAY(), 9))
    assert (visit.access, visit.ticket_movement.book) == (Access.TICKET, book)
    assert halves(person, MONDAY()) == {Half.MORNING, Half.AFTERNOON}
    check_out(visit, at(MONDAY(), 12))
    assert check_in(person, place, at(MONDAY(), 14)).access == Access.ALREADY_COVERED
    assert access.balance(book) == 9


@pytest.mark.django_db
def test_it_uses_one_ticket_of_a_day_book_arriving_in_the_afternoon(place, concierge, person):
    book = buy_book(person, place=place, by=concierge, ticket_unit=TicketUnit.DAY)
    check_in(person, place, at(MONDAY(), 15))
    assert access.balance(book) == 9
    assert halves(person, MONDAY()) == {Half.MORNING, Half.AFTERNOON}


@pytest.mark.django_db
def test_it_uses_one_ticket_of_a_half_day_book_per_half_day(place, concierge, person):
    book = buy_book(person, place=place, by=concierge, ticket_unit=TicketUnit.HALF_DAY)
    morning = check_in(person, place, at(MONDAY(), 9, 30))
    assert halves(person, MONDAY()) == {Half.MORNING}
    check_out(morning, at(MONDAY(), 12, 30))
    afternoon = check_in(person, place, at(MONDAY(), 14))
    assert afternoon.access == Access.TICKET
    assert access.balance(book) == 8
    check_out(afternoon, at(MONDAY(), 15))
    assert check_in(person, place, at(MONDAY(), 16)).access == Access.ALREADY_COVERED
    assert access.balance(book) == 8


@pytest.mark.django_db
def test_it_starts_the_afternoon_at_one_by_default(place, concierge, person):
    book = buy_book(person, place=place, by=concierge, ticket_unit=TicketUnit.HALF_DAY)
    morning = check_in(person, place, at(MONDAY(), 12, 59))
    check_out(morning, at(MONDAY(), 12, 59))
    assert check_in(person, place, at(MONDAY(), 13)).access == Access.TICKET
    assert halves(person, MONDAY()) == {Half.MORNING, Half.AFTERNOON}
    assert access.balance(book) == 8


@pytest.mark.django_db
def test_it_follows_the_afternoon_start_of_the_place(place, concierge, person):
    PlaceAccessSettings.objects.create(place=place, afternoon_starts_at=dt.time(14, 0))
    book = buy_book(person, place=place, by=concierge, ticket_unit=TicketUnit.HALF_DAY)
    morning = check_in(person, place, at(MONDAY(), 10))
    check_out(morning, at(MONDAY(), 11))
    assert check_in(person, place, at(MONDAY(), 13, 30)).access == Access.ALREADY_COVERED
    assert access.balance(book) == 9


@pytest.mark.django_db
def test_it_uses_a_new_ticket_the_next_day(place, concierge, person):
    book = buy_book(person, place=place, by=concierge)
    monday = check_in(person, place, at(MONDAY(), 10))
    check_out(monday, at(MONDAY(), 17))
    check_in(person, place, at(MONDAY() + dt.timedelta(days=1), 10))
    assert access.balance(book) == 8


@pytest.mark.django_db
def test_it_uses_a_network_book_in_a_sister_place(place, sister_place, concierge, person):
    book = buy_book(person, place=place, by=concierge, network_wide=True)
    visit = check_in(person, sister_place, at(MONDAY(), 10))
    assert visit.access == Access.TICKET
    assert visit.ticket_movement.place == sister_place
    assert access.balance(book) == 9


@pytest.mark.django_db
def test_it_audits_the_check_in_with_the_balance_left(place, concierge, person):
    book = buy_book(person, place=place, by=concierge)
    visit = check_in(person, place, at(MONDAY(), 10), by=concierge)
    event = AuditEvent.objects.get(verb="visit.checked_in")
    assert (event.actor, event.place, event.target_id) == (concierge, place, str(visit.pk))
    assert event.data == {"person": person.pk, "access": "ticket", "book": book.pk, "balance": 9}


@pytest.mark.django_db
def test_it_refuses_a_used_up_book_and_says_so(place, concierge, person):
    book = buy_book(person, place=place, by=concierge, tickets=1)
    first = check_in(person, place, at(MONDAY(), 10))
    check_out(first, at(MONDAY(), 17))
    with translation.override("en"), pytest.raises(CheckInRefused) as refusal:
        check_in(person, place, at(MONDAY() + dt.timedelta(days=1), 10))
    assert "used up" in refusal.value.message
    assert access.balance(book) == 0
    assert Visit.objects.count() == 1


@pytest.mark.django_db
def test_it_refuses_an_expired_book_and_says_it_expired(place, concierge, person):
    book = buy_book(person, place=place, by=concierge, validity_months=1)
    after = next_weekday(book.expires_on + dt.timedelta(days=1))
    with translation.override("en"), pytest.raises(CheckInRefused) as refusal:
        check_in(person, place, at(after, 10))
    assert "expired" in refusal.value.message
    assert access.balance(book) == 10
    assert nothing_recorded(person)


@pytest.mark.django_db
def test_it_still_says_the_book_expired_once_its_tickets_were_written_off(place, concierge, person):
    book = buy_book(person, place=place, by=concierge, validity_months=1)
    after = next_weekday(book.expires_on + dt.timedelta(days=1))
    access.ticket_books_expire(today=after)
    with translation.override("en"), pytest.raises(CheckInRefused) as refusal:
        check_in(person, place, at(after, 10))
    assert "expired" in refusal.value.message


# --- Voyageurs --------------------------------------------------------------------------


@pytest.mark.django_db
def test_it_gives_a_traveller_the_discovery_visit(place, traveller):
    discovery_plan(place)
    visit = check_in(traveller, place, at(MONDAY(), 10))
    assert visit.access == Access.DISCOVERY
    assert halves(traveller, MONDAY()) == {Half.MORNING, Half.AFTERNOON}


@pytest.mark.django_db
def test_it_gives_the_discovery_visit_once_per_place(place, traveller):
    discovery_plan(place)
    day_pass_plan(place)
    check_in(traveller, place, at(MONDAY(), 10))
    with translation.override("en"), pytest.raises(CheckInRefused) as refusal:
        check_in(traveller, place, at(MONDAY() + dt.timedelta(days=1), 10))
    assert "discovery visit was already used" in refusal.value.message
    assert [offer["kind"] for offer in refusal.value.offers] == ["day_pass"]
    assert Visit.objects.filter(person=traveller).count() == 1


@pytest.mark.django_db
def test_it_gives_the_discovery_visit_again_in_another_place(place, sister_place, traveller):
    discovery_plan(place)
    discovery_plan(sister_place)
    check_in(traveller, place, at(MONDAY(), 10))
    visit = check_in(traveller, sister_place, at(MONDAY() + dt.timedelta(days=1), 10))
    assert visit.access == Access.DISCOVERY


@pytest.mark.django_db
def test_it_gives_no_discovery_visit_where_none_is_offered(place, traveller):
    with pytest.raises(CheckInRefused):
        check_in(traveller, place, at(MONDAY(), 10))
    assert nothing_recorded(traveller)


@pytest.mark.django_db
def test_it_gives_no_discovery_visit_to_a_nomad(place, nomad):
    discovery_plan(place)
    with pytest.raises(CheckInRefused):
        check_in(nomad, place, at(MONDAY(), 10))
    assert nothing_recorded(nomad)


@pytest.mark.django_db
def test_it_lets_a_traveller_in_on_a_day_pass(place, concierge, traveller):
    discovery_plan(place)
    check_in(traveller, place, at(MONDAY(), 10))
    tuesday = MONDAY() + dt.timedelta(days=1)
    day_pass = buy(
        day_pass_plan(place), place=place, by=concierge, person=traveller, starts_on=tuesday
    ).day_pass
    visit = check_in(traveller, place, at(tuesday, 10))
    assert (visit.access, visit.day_pass) == (Access.DAY_PASS, day_pass)


@pytest.mark.django_db
def test_it_refuses_a_day_pass_of_another_day(place, concierge, traveller):
    tuesday = MONDAY() + dt.timedelta(days=1)
    buy(day_pass_plan(place), place=place, by=concierge, person=traveller, starts_on=tuesday)
    with pytest.raises(CheckInRefused):
        check_in(traveller, place, at(MONDAY(), 10))


# --- Anyone else ------------------------------------------------------------------------


@pytest.mark.django_db
def test_it_refuses_someone_without_access_with_the_reason_and_the_offers(
    place, sister_place, nomad
):
    book = ticket_book_plan(place, price_cents=8000)
    day_pass = day_pass_plan(place, price_cents=1500)
    network = PlanFactory(place=None, network=place.network, price_cents=12000)
    discovery_plan(place)
    ticket_book_plan(place, is_active=False)
    ticket_book_plan(sister_place)
    with translation.override("en"), pytest.raises(CheckInRefused) as refusal:
        check_in(nomad, place, at(MONDAY(), 10))
    error = refusal.value
    assert error.code == "no_valid_access"
    assert error.message == "No subscription, ticket book or day pass is valid here today."
    assert {offer["id"] for offer in error.offers} == {book.pk, day_pass.pk, network.pk}
    offer = next(o for o in error.offers if o["id"] == day_pass.pk)
    assert (offer["kind"], offer["price_cents"]) == ("day_pass", 1500)
    assert error.extra == {"offers": error.offers}
    assert nothing_recorded(nomad)


@pytest.mark.django_db
def test_it_refuses_a_book_of_someone_else(place, concierge, nomad):
    buy_book(PersonFactory(), place=place, by=concierge)
    with pytest.raises(CheckInRefused):
        check_in(nomad, place, at(MONDAY(), 10))


@pytest.mark.django_db
def test_it_refuses_a_resident_of_another_place_without_access_here(place, sister_place, concierge):
    resident = PersonFactory()
    PlaceRoleFactory(person=resident, place=sister_place, role=Role.RESIDENT)
    PlaceRoleFactory(person=resident, place=place, role=Role.NOMAD)
    with pytest.raises(CheckInRefused):
        check_in(resident, place, at(MONDAY(), 10))
