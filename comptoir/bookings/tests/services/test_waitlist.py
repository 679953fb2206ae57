"""The waitlist: join a taken slot, be offered it in order when it frees, confirm in time."""

from __future__ import annotations

import datetime as dt

import pytest

from comptoir.bookings import services, waitlist
from comptoir.bookings.exceptions import AlreadyWaiting, OfferOver, SlotFree, SlotTaken
from comptoir.bookings.models import WaitlistEntry
from comptoir.bookings.tests.factories import ResourceFactory
from comptoir.bookings.tests.helpers import MONDAY, NOW, at, book, member

pytestmark = pytest.mark.django_db


@pytest.fixture
def room(place):
    return ResourceFactory(place=place)


@pytest.fixture
def taken(place, room):
    return book(room, member(place), at(MONDAY, 10))


def join(room, person):
    return waitlist.waitlist_join(
        resource=room,
        person=person,
        start=at(MONDAY, 10),
        end=at(MONDAY, 11),
        by=person,
        now=NOW,
    )


def test_joining_a_free_slot_says_to_book_it(place, room):
    with pytest.raises(SlotFree):
        join(room, member(place))


def test_joining_twice_is_refused(place, room, taken):
    person = member(place)
    join(room, person)
    with pytest.raises(AlreadyWaiting):
        join(room, person)


def test_a_cancellation_offers_the_slot_to_the_first_in_line(
    place, room, taken, mailoutbox, django_capture_on_commit_callbacks
):
    first, second = member(place), member(place)
    first_entry, second_entry = join(room, first), join(room, second)
    with django_capture_on_commit_callbacks(execute=True):
        services.booking_cancel(booking=taken, by=taken.person, now=NOW)
    first_entry.refresh_from_db()
    second_entry.refresh_from_db()
    assert first_entry.status == WaitlistEntry.Status.OFFERED
    assert first_entry.offer_expires_at is not None
    assert second_entry.status == WaitlistEntry.Status.WAITING
    assert [mail.to for mail in mailoutbox] == [[first.email]]


def test_an_offered_slot_is_held_for_the_person_offered(place, room, taken):
    first = member(place)
    join(room, first)
    services.booking_cancel(booking=taken, by=taken.person, now=NOW)
    with pytest.raises(SlotTaken):
        book(room, member(place), at(MONDAY, 10))
    assert book(room, first, at(MONDAY, 10)).person == first


def test_confirming_the_offer_books_the_slot(place, room, taken):
    first = member(place)
    entry = join(room, first)
    services.booking_cancel(booking=taken, by=taken.person, now=NOW)
    booking = waitlist.waitlist_confirm(entry=entry, by=first, now=NOW)
    entry.refresh_from_db()
    assert (entry.status, entry.booking, booking.person) == (
        WaitlistEntry.Status.BOOKED,
        booking,
        first,
    )


def test_an_offer_that_runs_out_goes_to_the_next_person(place, room, taken):
    first, second = member(place), member(place)
    first_entry, second_entry = join(room, first), join(room, second)
    services.booking_cancel(booking=taken, by=taken.person, now=NOW)
    first_entry.refresh_from_db()
    later = first_entry.offer_expires_at + dt.timedelta(minutes=1)
    assert waitlist.waitlist_expire(now=later) == 1
    first_entry.refresh_from_db()
    second_entry.refresh_from_db()
    assert first_entry.status == WaitlistEntry.Status.EXPIRED
    assert second_entry.status == WaitlistEntry.Status.OFFERED
    with pytest.raises(OfferOver):
        waitlist.waitlist_confirm(entry=first_entry, by=first, now=later)


def test_leaving_an_offer_passes_it_on(place, room, taken):
    first, second = member(place), member(place)
    first_entry, second_entry = join(room, first), join(room, second)
    services.booking_cancel(booking=taken, by=taken.person, now=NOW)
    waitlist.waitlist_leave(entry=first_entry, by=first)
    second_entry.refresh_from_db()
    assert second_entry.status == WaitlistEntry.Status.OFFERED
