from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from comptoir.bookings import services
from comptoir.bookings.models import Booking, WaitlistEntry
from comptoir.bookings.tests.factories import ResourceFactory
from comptoir.bookings.tests.helpers import MONDAY, at, book, member
from comptoir.community.models import Role

pytestmark = pytest.mark.django_db

DAY = f"{MONDAY:%Y-%m-%d}"


def join_url(resource) -> str:
    return reverse("bookings:waitlist-join", args=[resource.place.slug, resource.slug])


def slot(start: str = "10:00", end: str = "11:00") -> dict[str, str]:
    return {"start": f"{DAY}T{start}", "end": f"{DAY}T{end}"}


def week_url(resource) -> str:
    year, week, _ = MONDAY.isocalendar()
    path = reverse("bookings:resource-week", args=[resource.place.slug, resource.slug])
    return f"{path}?semaine={year}-W{week:02d}"


@pytest.fixture
def taken(room, place):
    """Room booked on MONDAY 10:00-11:00 by someone else."""
    return book(room, member(place, Role.RESIDENT, first_name="Zoé"), at(MONDAY, 10))


def offered(entry: WaitlistEntry, minutes: int = 60) -> WaitlistEntry:
    entry.status = WaitlistEntry.Status.OFFERED
    entry.offer_expires_at = timezone.now() + dt.timedelta(minutes=minutes)
    entry.save()
    return entry


def waiting(room, person, hour: int = 10) -> WaitlistEntry:
    return WaitlistEntry.objects.create(
        resource=room, person=person, start=at(MONDAY, hour), end=at(MONDAY, hour + 1)
    )


def test_a_booked_cell_offers_to_join_the_waitlist(login, resident, room, taken):
    body = login(resident).get(week_url(room)).content.decode()
    assert f'action="{join_url(room)}"' in body
    assert f'name="start" value="{DAY}T10:00"' in body
    with translation.override("fr"):
        label = gettext("Join the waitlist")  # {% translate %} does not escape
    assert label in body


def test_joining_the_waitlist(login, resident, room, taken):
    response = login(resident).post(join_url(room), slot())
    assert response.status_code == 302
    assert response["Location"] == week_url(room)
    entry = WaitlistEntry.objects.get()
    assert (entry.person, entry.start, entry.end) == (resident, at(MONDAY, 10), at(MONDAY, 11))
    assert entry.status == WaitlistEntry.Status.WAITING


def test_joining_needs_a_login_and_a_post(client, login, resident, room, taken):
    response = client.post(join_url(room), slot())
    assert response.status_code == 302 and reverse("account_login") in response["Location"]
    assert login(resident).get(join_url(room)).status_code == 405
    assert not WaitlistEntry.objects.exists()


def test_a_free_slot_is_booked_not_waited_for(login, resident, room):
    response = login(resident).post(join_url(room), slot())
    assert response.status_code == 409
    assert 'role="alert"' in response.content.decode()
    assert not WaitlistEntry.objects.exists()


def test_joining_twice_is_409(login, resident, room, taken):
    client = login(resident)
    client.post(join_url(room), slot())
    assert client.post(join_url(room), slot()).status_code == 409
    assert WaitlistEntry.objects.count() == 1


@pytest.mark.parametrize(
    ("data", "status"),
    [
        (slot("11:00", "10:00"), 422),  # end before start
        ({"start": "bientôt", "end": f"{DAY}T11:00"}, 422),  # not a date
        ({}, 422),  # nothing
        (slot("10:10", "11:00"), 422),  # not on a slot (a rule)
    ],
)
def test_bad_input_is_refused_and_nothing_saved(login, resident, room, taken, data, status):
    response = login(resident).post(join_url(room), data)
    assert response.status_code == status
    assert 'role="alert"' in response.content.decode()
    assert not WaitlistEntry.objects.exists()


def test_the_rules_still_apply(login, person, room, taken):
    assert login(person).post(join_url(room), slot()).status_code == 403  # not a member
    assert not WaitlistEntry.objects.exists()


def test_unknown_resource_is_404(login, resident, place):
    path = reverse("bookings:waitlist-join", args=[place.slug, "nothing"])
    assert login(resident).post(path, slot()).status_code == 404


def test_my_bookings_lists_my_entries(login, resident, room, place):
    mine = waiting(room, resident, 10)
    offer = offered(waiting(room, resident, 14))
    waiting(room, member(place, Role.RESIDENT), 15)  # someone else's
    response = login(resident).get(reverse("bookings:my-bookings"))
    assert response.context["waitlist"] == [offer, mine]
    body = response.content.decode()
    leave = reverse("bookings:waitlist-leave", args=[mine.pk])
    confirm = reverse("bookings:waitlist-confirm", args=[offer.pk])
    assert f'action="{leave}"' in body and f'action="{confirm}"' in body
    assert reverse("bookings:waitlist-confirm", args=[mine.pk]) not in body
    expires = offer.offer_expires_at.astimezone(ZoneInfo(place.timezone))
    assert expires.strftime("%H:%M") in body


def test_leaving_the_waitlist(login, resident, room):
    entry = waiting(room, resident)
    response = login(resident).post(reverse("bookings:waitlist-leave", args=[entry.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("bookings:my-bookings")
    entry.refresh_from_db()
    assert entry.status == WaitlistEntry.Status.LEFT


def test_confirming_an_offer_books_the_slot(login, resident, room, taken):
    entry = waiting(room, resident)
    services.booking_cancel(booking=taken, by=taken.person)  # the slot is offered to the resident
    entry.refresh_from_db()
    assert entry.status == WaitlistEntry.Status.OFFERED
    response = login(resident).post(reverse("bookings:waitlist-confirm", args=[entry.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("bookings:my-bookings")
    booking = Booking.objects.confirmed().get()
    assert (booking.person, booking.start) == (resident, at(MONDAY, 10))
    entry.refresh_from_db()
    assert entry.status == WaitlistEntry.Status.BOOKED


def test_an_offer_that_ran_out_is_409(login, resident, room):
    entry = offered(waiting(room, resident), minutes=-5)
    response = login(resident).post(reverse("bookings:waitlist-confirm", args=[entry.pk]))
    assert response.status_code == 409
    assert 'role="alert"' in response.content.decode()
    assert not Booking.objects.exists()


def test_a_waiting_entry_cannot_be_confirmed(login, resident, room):
    entry = waiting(room, resident)
    assert (
        login(resident).post(reverse("bookings:waitlist-confirm", args=[entry.pk])).status_code
        == 409
    )
    assert not Booking.objects.exists()


def test_someone_elses_entry_is_404(login, resident, room, place):
    entry = offered(waiting(room, resident))
    stranger = login(member(place, Role.RESIDENT))
    for name in ("bookings:waitlist-leave", "bookings:waitlist-confirm"):
        assert stranger.post(reverse(name, args=[entry.pk])).status_code == 404
        assert stranger.post(reverse(name, args=[999999])).status_code == 404
    entry.refresh_from_db()
    assert entry.status == WaitlistEntry.Status.OFFERED
    assert not Booking.objects.exists()


def test_leave_and_confirm_need_a_login_and_a_post(client, login, resident, room):
    entry = offered(waiting(room, resident))
    for name in ("bookings:waitlist-leave", "bookings:waitlist-confirm"):
        path = reverse(name, args=[entry.pk])
        response = client.post(path)
        assert response.status_code == 302 and reverse("account_login") in response["Location"]
        assert login(resident).get(path).status_code == 405
    entry.refresh_from_db()
    assert entry.status == WaitlistEntry.Status.OFFERED


@pytest.mark.parametrize("count", [2, 12])
def test_my_bookings_query_count_is_pinned_with_entries(
    login, resident, place, django_assert_num_queries, count
):
    for n in range(count):
        resource = ResourceFactory(place=place)
        entry = waiting(resource, resident, 9 + n % 8)
        if n % 2:
            offered(entry)
    book(ResourceFactory(place=place), resident, at(MONDAY, 9))
    client = login(resident)
    with django_assert_num_queries(6):  # with the calendar addresses
        response = client.get(reverse("bookings:my-bookings"))
    assert len(response.context["waitlist"]) == count
