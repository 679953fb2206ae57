"""The privacy rule: a concierge sees a person's private data only when that person has a
role, a visit, a booking, a registration or a purchase in a place the concierge serves;
network administrators (superusers) see the whole network."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from comptoir.access.models import TicketBook
from comptoir.access.tests.factories import ticket_book_plan
from comptoir.agenda.models import Event, Registration
from comptoir.bookings.models import Booking
from comptoir.bookings.tests.factories import ResourceFactory
from comptoir.community import permissions, selectors
from comptoir.community.models import Person, Role, Visibility
from comptoir.community.tests.factories import PersonFactory, PlaceRoleFactory
from comptoir.presence.models import Access, Visit

pytestmark = pytest.mark.django_db


def _visit(person: Any, place: Any) -> None:
    now = timezone.now()
    Visit.objects.create(
        person=person, place=place, day=now.date(), checked_in_at=now, access=Access.OVERRIDE
    )


def _booking(person: Any, place: Any) -> None:
    start = timezone.now() + dt.timedelta(days=2)
    Booking.objects.create(
        resource=ResourceFactory(place=place),
        person=person,
        start=start,
        end=start + dt.timedelta(hours=1),
    )


def _registration(person: Any, place: Any) -> None:
    start = timezone.now() + dt.timedelta(days=3)
    end = start + dt.timedelta(hours=2)
    event = Event.objects.create(place=place, title="Atelier", start=start, end=end)
    Registration.objects.create(event=event, person=person)


def _purchase(person: Any, place: Any) -> None:
    plan = ticket_book_plan(place)
    TicketBook.objects.create(
        plan=plan,
        person=person,
        place=place,
        tickets=10,
        unit=plan.ticket_unit,
        ticket_value_cents=0,
        purchased_on=timezone.localdate(),
        expires_on=timezone.localdate() + dt.timedelta(days=90),
    )


def _role(person: Any, place: Any) -> None:
    PlaceRoleFactory(person=person, place=place, role=Role.TRAVELLER)


TIES = {
    "role": _role,
    "visit": _visit,
    "booking": _booking,
    "registration": _registration,
    "purchase": _purchase,
}


@pytest.fixture
def stranger(db: Any) -> Person:
    return PersonFactory(directory_visibility=Visibility.HIDDEN, email="hidden@example.org")


@pytest.mark.parametrize("tie", list(TIES))
def test_each_tie_to_her_place_opens_the_private_data_to_its_concierge(
    tie, stranger, place, concierge, other_concierge
):
    assert not permissions.can_see_private_data(concierge, Person.objects.get(pk=stranger.pk))
    TIES[tie](stranger, place)
    fresh = Person.objects.get(pk=stranger.pk)
    assert permissions.can_see_private_data(Person.objects.get(pk=concierge.pk), fresh)
    assert not permissions.can_see_private_data(other_concierge, fresh)
    # The lists say the same, in their own query.
    assert stranger in selectors.people_visible_to(user=Person.objects.get(pk=concierge.pk))
    listed = selectors.people_visible_to(user=concierge).get(pk=stranger.pk)
    assert permissions.can_see_contact(concierge, listed)
    assert not selectors.people_visible_to(user=other_concierge).filter(pk=stranger.pk).exists()
    # And the check on a list of candidates (the desk search) agrees, in one query.
    fresh_concierge = Person.objects.get(pk=concierge.pk)
    assert permissions.private_data_among(fresh_concierge, [stranger.pk]) == {stranger.pk}
    assert permissions.private_data_among(other_concierge, [stranger.pk]) == set()


def test_network_admins_see_everyone_and_members_only_themselves(stranger, superuser, person):
    assert permissions.can_see_private_data(superuser, stranger)
    assert not permissions.can_see_private_data(person, stranger)
    assert permissions.can_see_private_data(person, person)
    assert not permissions.can_see_private_data(AnonymousUser(), stranger)


def test_the_answer_for_one_person_costs_one_query_per_request(
    stranger, place, concierge, django_assert_num_queries
):
    _visit(stranger, place)
    permissions.roles_by_place(concierge)
    with django_assert_num_queries(1):
        assert permissions.can_see_private_data(concierge, stranger)
        assert permissions.can_view_access_of(concierge, stranger)


def test_visits_are_seen_in_the_places_the_concierge_serves(stranger, place, concierge):
    assert permissions.visit_place_ids(stranger, stranger) is None
    _visit(stranger, place)
    assert permissions.visit_place_ids(concierge, stranger) == {place.pk}


def test_the_check_on_candidates_keeps_self_and_admins_and_refuses_others(
    stranger, superuser, person, place, concierge, django_assert_num_queries
):
    others = [stranger.pk, person.pk]
    assert permissions.private_data_among(superuser, others) == set(others)
    assert permissions.private_data_among(person, others) == {person.pk}
    assert permissions.private_data_among(AnonymousUser(), others) == set()
    _visit(stranger, place)
    permissions.roles_by_place(concierge)
    with django_assert_num_queries(1):
        assert permissions.private_data_among(concierge, [*others, concierge.pk]) == {
            stranger.pk,
            concierge.pk,
        }
