"""The desk's badge says what a check-in now would take, by the check-in's own rules
(presence.rules), and why nothing would (issue 14: a traveller whose discovery visit was
valid read "Rien de valable aujourd'hui")."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone, translation

from comptoir.access import services as access
from comptoir.access.tests.factories import (
    day_pass_plan,
    discovery_plan,
    subscription_plan,
    ticket_book_plan,
)
from comptoir.community.models import Role
from comptoir.places.tests.factories import PlaceFactory
from comptoir.presence import selectors, services
from comptoir.presence.models import Access
from comptoir.presence.tests.views.conftest import member_of

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def in_english():
    with translation.override("en"):
        yield


@pytest.fixture
def place(db):
    """Open 24/7, so check-ins "now" work whatever the hour the tests run."""
    return PlaceFactory(opening_hours="24/7")


def foreseen(place, concierge, person):
    [row] = selectors.kiosk_search(place=place, query=person.email, viewer=concierge)
    return row.foreseen


def check_in(place, concierge, person):
    return services.visit_check_in(person=person, place=place, by=concierge)


def sell(plan, place, concierge, person, **fields):
    return access.plan_sell(
        plan=plan, place=place, by=concierge, person=person, payment_method="cash", **fields
    )


def test_a_traveller_with_a_discovery_visit_offered_is_told_it_pays(place, concierge):
    discovery_plan(place)
    victor = member_of(place, Role.TRAVELLER, first_name="Victor")
    seen = foreseen(place, concierge, victor)
    assert seen.access == Access.DISCOVERY and not seen.reason
    assert check_in(place, concierge, victor).access == seen.access


def test_a_newcomer_without_a_role_discovers_too(place, concierge):
    discovery_plan(place)
    newcomer = member_of(place, Role.TRAVELLER)
    newcomer.place_roles.all().delete()
    assert foreseen(place, concierge, newcomer).access == Access.DISCOVERY


def test_no_discovery_when_the_place_does_not_offer_it(place, concierge):
    victor = member_of(place, Role.TRAVELLER)
    seen = foreseen(place, concierge, victor)
    assert seen.access == ""
    assert seen.reason == "No subscription, ticket book or day pass is valid here today."


def test_a_nomad_has_no_discovery_visit(place, concierge):
    discovery_plan(place)
    nomad = member_of(place, Role.NOMAD)
    assert foreseen(place, concierge, nomad).access == ""


def test_a_used_discovery_visit_says_when(place, concierge):
    discovery_plan(place)
    victor = member_of(place, Role.TRAVELLER)
    at = timezone.now() - dt.timedelta(days=3)
    visit = services.visit_check_in(person=victor, place=place, by=concierge, at=at)
    services.visit_check_out(visit=visit, by=concierge, at=at + dt.timedelta(hours=1))
    seen = foreseen(place, concierge, victor)
    assert seen.access == ""
    assert seen.reason.startswith("The discovery visit was already used on")


def test_tickets_name_the_book_that_pays_and_what_is_left(place, concierge):
    nina = member_of(place, Role.NOMAD)
    sell(ticket_book_plan(place, name="Carnet 10"), place, concierge, nina)
    seen = foreseen(place, concierge, nina)
    assert (seen.access, seen.book.plan.name, seen.tickets_left) == (
        Access.TICKET,
        "Carnet 10",
        10,
    )
    assert check_in(place, concierge, nina).access == seen.access


def test_an_expired_book_is_the_reason(place, concierge):
    nina = member_of(place, Role.NOMAD)
    book = sell(ticket_book_plan(place), place, concierge, nina).ticket_book
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    type(book).objects.filter(pk=book.pk).update(
        purchased_on=yesterday - dt.timedelta(days=30), expires_on=yesterday
    )
    seen = foreseen(place, concierge, nina)
    assert seen.access == ""
    assert seen.reason.startswith("The ticket book expired on")


def test_a_day_pass_comes_before_tickets(place, concierge):
    nina = member_of(place, Role.NOMAD)
    sell(ticket_book_plan(place), place, concierge, nina)
    sell(day_pass_plan(place), place, concierge, nina)
    assert foreseen(place, concierge, nina).access == Access.DAY_PASS
    assert check_in(place, concierge, nina).access == Access.DAY_PASS


def test_a_subscription_comes_first(place, concierge):
    rita = member_of(place, Role.RESIDENT)
    sell(ticket_book_plan(place), place, concierge, rita)
    sell(subscription_plan(place, name="Résidence"), place, concierge, rita)
    seen = foreseen(place, concierge, rita)
    assert (seen.access, seen.subscription.plan.name) == (Access.SUBSCRIPTION, "Résidence")
    assert check_in(place, concierge, rita).access == Access.SUBSCRIPTION


def test_coming_back_the_same_half_day_is_already_paid(place, concierge):
    nina = member_of(place, Role.NOMAD)
    sell(ticket_book_plan(place), place, concierge, nina)
    services.visit_check_out(visit=check_in(place, concierge, nina), by=concierge)
    assert foreseen(place, concierge, nina).access == Access.ALREADY_COVERED
    assert check_in(place, concierge, nina).access == Access.ALREADY_COVERED
