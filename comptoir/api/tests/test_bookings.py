"""/bookings, /waitlist and availability: rights, refusals (nothing saved), availability."""

from __future__ import annotations

import datetime as dt
from contextlib import contextmanager

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from comptoir.api.tests.conftest import ApiClient, assert_error, token_for
from comptoir.bookings import services
from comptoir.bookings.models import Booking, Resource, WaitlistEntry
from comptoir.bookings.tests.factories import ResourceFactory, TrainingFactory
from comptoir.bookings.tests.helpers import MONDAY, SATURDAY, at, book, member
from comptoir.community.models import Role
from comptoir.community.tests.factories import PersonFactory
from comptoir.core.models import AuditEvent

pytestmark = pytest.mark.django_db

TUESDAY = MONDAY + dt.timedelta(days=1)


def iso(moment: dt.datetime) -> str:
    return moment.isoformat()


def slot(hour: int, minute: int = 0, hours: float = 1, day: dt.date = MONDAY) -> dict:
    start = at(day, hour, minute)
    return {"start": iso(start), "end": iso(start + dt.timedelta(hours=hours))}


@pytest.fixture
def room(place):
    return ResourceFactory(place=place, name="Salle Jacquard", hourly_price_cents=1200)


@pytest.fixture
def resident(place):
    return member(place, Role.RESIDENT)


@pytest.fixture
def resident_api(resident):
    return ApiClient(token_for(resident))


def api_for(person) -> ApiClient:
    return ApiClient(token_for(person))


@contextmanager
def nothing_saved():
    counts = (Booking.objects.count(), WaitlistEntry.objects.count(), AuditEvent.objects.count())
    yield
    assert counts == (
        Booking.objects.count(),
        WaitlistEntry.objects.count(),
        AuditEvent.objects.count(),
    )


# --- GET /places/{slug}/resources -----------------------------------------------------------


def test_anyone_lists_the_bookable_resources_with_their_rules(anonymous_api, place, room):
    ResourceFactory(place=place, name="Ancienne", is_active=False)
    room.required_training = TrainingFactory(place=place, name="Laser")
    room.save()

    response = anonymous_api.get(f"/places/{place.slug}/resources")

    assert response.status_code == 200, response.content
    [body] = response.json()
    assert (body["id"], body["slot_minutes"], body["hourly_price_cents"]) == (room.pk, 30, 1200)
    assert body["required_training"] == "Laser"
    assert body["horizon_days"]["resident"] == 90


def test_the_resources_of_an_unknown_place_are_a_404(anonymous_api):
    assert_error(anonymous_api.get("/places/nowhere/resources"), 404, "not_found")


# --- Availability ---------------------------------------------------------------------------


def test_the_availability_of_a_resource_shows_places_left_without_names(
    anonymous_api, room, resident
):
    book(room, resident, at(MONDAY, 10))

    response = anonymous_api.get(
        f"/resources/{room.pk}/availability", start=iso(at(MONDAY, 0)), end=iso(at(TUESDAY, 0))
    )

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["resource"]["id"] == room.pk
    free = {dt.datetime.fromisoformat(s["start"]): s["free"] for s in body["slots"]}
    assert (free[at(MONDAY, 10)], free[at(MONDAY, 9)], len(free)) == (0, 1, 18)
    assert set(body["slots"][0]) == {"start", "end", "free"}
    assert resident.last_name not in response.content.decode()


def test_the_availability_of_a_place_costs_a_fixed_number_of_queries(anonymous_api, place, room):
    desks = ResourceFactory(place=place, name="Desks", capacity=3, slot_minutes=60)
    for _n in range(2):
        book(desks, member(place), at(MONDAY, 10))
    week = {"start": iso(at(MONDAY, 0)), "end": iso(at(MONDAY + dt.timedelta(days=7), 0))}

    with CaptureQueriesContext(connection) as queries:
        response = anonymous_api.get(f"/places/{place.slug}/availability", **week)

    assert response.status_code == 200, response.content
    # The place, its resources, the bookings, the waitlist offers.
    assert len(queries) == 4
    body = response.json()
    assert body["place"] == place.slug
    by_name = {r["resource"]["name"]: r["slots"] for r in body["resources"]}
    assert {s["start"]: s["free"] for s in by_name["Desks"]}[iso(at(MONDAY, 10))] == 1
    assert not [s for s in by_name["Desks"] if s["start"].startswith(SATURDAY.isoformat())]


@pytest.mark.parametrize(
    ("params", "status", "field"),
    [
        ({"start": "2030-01-07T09:00:00", "end": "2030-01-08T09:00:00+01:00"}, 422, "start"),
        ({"start": "2030-01-07T09:00:00+01:00"}, 422, "end"),
        ({"start": "2030-01-07T09:00:00+01:00", "end": "2030-02-08T09:00:00+01:00"}, 422, "end"),
        ({"start": "2030-01-07T09:00:00+01:00", "end": "2030-01-07T08:00:00+01:00"}, 422, "end"),
    ],
)
def test_availability_refuses_bad_ranges(anonymous_api, place, room, params, status, field):
    for path in (f"/resources/{room.pk}/availability", f"/places/{place.slug}/availability"):
        body = assert_error(anonymous_api.get(path, **params), status)
        assert field in body["fields"], body


def test_the_availability_of_unknown_or_inactive_resources_is_a_404(anonymous_api, place):
    hidden = ResourceFactory(place=place, is_active=False)
    week = {"start": iso(at(MONDAY, 0)), "end": iso(at(TUESDAY, 0))}

    assert_error(anonymous_api.get(f"/resources/{hidden.pk}/availability", **week), 404)
    assert_error(anonymous_api.get("/resources/999999/availability", **week), 404)
    assert_error(anonymous_api.get("/places/nowhere/availability", **week), 404)


# --- POST /bookings/quote and POST /bookings ------------------------------------------------


def test_a_resident_gets_a_quote_and_nothing_is_saved(resident_api, room):
    with nothing_saved():
        response = resident_api.post(
            "/bookings/quote", {"resource_id": room.pk, **slot(10, hours=1.5)}
        )

    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["minutes"], body["price_cents"], body["tickets"]) == (90, 1800, 0)
    assert body["included_minutes"] == 0 and body["description"]


def test_a_resident_books_a_room(resident_api, resident, room):
    response = resident_api.post(
        "/bookings", {"resource_id": room.pk, "title": "Réunion", **slot(10)}
    )

    assert response.status_code == 201, response.content
    booking = Booking.objects.get()
    body = response.json()
    assert (body["id"], body["status"], body["title"]) == (booking.pk, "confirmed", "Réunion")
    assert (body["person"]["id"], body["resource"]["place"]) == (resident.pk, room.place.slug)
    assert dt.datetime.fromisoformat(body["start"]) == at(MONDAY, 10)
    assert booking.person == resident


def test_a_concierge_books_for_someone(concierge, place, room, resident):
    response = api_for(concierge).post(
        "/bookings", {"resource_id": room.pk, "person_id": resident.pk, **slot(10)}
    )

    assert response.status_code == 201, response.content
    assert Booking.objects.get().person == resident


def test_a_member_may_not_book_for_someone_else(resident_api, place, room):
    other = member(place)
    with nothing_saved():
        assert_error(
            resident_api.post(
                "/bookings", {"resource_id": room.pk, "person_id": other.pk, **slot(10)}
            ),
            403,
            "forbidden",
        )
        assert_error(
            resident_api.post(
                "/bookings", {"resource_id": room.pk, "person_id": 999999, **slot(10)}
            ),
            403,
        )


def test_a_concierge_booking_for_an_unknown_person_gets_a_field_error(concierge, room):
    body = assert_error(
        api_for(concierge).post(
            "/bookings", {"resource_id": room.pk, "person_id": 999999, **slot(10)}
        ),
        422,
    )
    assert "person_id" in body["fields"]


def test_anonymous_writes_are_401(anonymous_api, room):
    with nothing_saved():
        for path, body in [
            ("/bookings", {"resource_id": room.pk, **slot(10)}),
            ("/bookings/quote", {"resource_id": room.pk, **slot(10)}),
            ("/waitlist", {"resource_id": room.pk, **slot(10)}),
            ("/bookings/1/move", slot(11)),
            ("/bookings/1/cancel", None),
            ("/waitlist/1/confirm", None),
        ]:
            assert_error(anonymous_api.post(path, body), 401, "unauthenticated")
        assert_error(anonymous_api._send("delete", "/waitlist/1"), 401)
        assert_error(anonymous_api.get("/bookings"), 401)
        assert_error(anonymous_api.get("/bookings/1"), 401)


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"start": "2030-01-07T10:00:00", "end": "2030-01-07T11:00:00+01:00"}, "start"),
        ({"start": "2030-01-07T10:00:00+01:00", "end": "2030-01-07T11:00:00"}, "end"),
        ({"start": "2030-01-07T10:00:00+01:00", "end": "soon"}, "end"),
        ({"start": "2030-01-07T10:00:00+01:00"}, "end"),
        ({"start": "2030-01-07T10:00:00+01:00", "end": "2030-01-07T11:00:00+01:00", "x": 1}, "x"),
    ],
)
def test_bad_bodies_are_422_field_errors(resident_api, room, body, field):
    with nothing_saved():
        for path in ("/bookings", "/bookings/quote", "/waitlist"):
            error = assert_error(
                resident_api.post(path, {"resource_id": room.pk, **body}), 422, "invalid_body"
            )
            assert field in error["fields"], error


def test_unknown_resources_and_structures_are_field_errors(resident_api, room):
    with nothing_saved():
        error = assert_error(
            resident_api.post("/bookings", {"resource_id": 999999, **slot(10)}), 422
        )
        assert "resource_id" in error["fields"]
        error = assert_error(
            resident_api.post(
                "/bookings", {"resource_id": room.pk, "organization": "nobody", **slot(10)}
            ),
            422,
        )
        assert "organization" in error["fields"]


def test_each_rule_refuses_with_its_code_and_saves_nothing(place, room, resident, resident_api):
    book(room, member(place), at(MONDAY, 14))
    trained = ResourceFactory(place=place, required_training=TrainingFactory(place=place))
    late = ResourceFactory(place=place, book_before_minutes=60 * 24 * 60)
    closed = ResourceFactory(place=place, is_active=False)
    last_week = MONDAY - dt.timedelta(days=21)
    cases = [
        (room, slot(14), 409, "slot_taken"),
        (room, slot(10, day=SATURDAY), 422, "outside_opening_hours"),
        (room, slot(10, day=last_week), 422, "in_the_past"),
        (room, slot(10, 10), 422, "bad_slot"),
        (room, slot(9, hours=5), 422, "bad_duration"),
        (room, {"start": iso(at(MONDAY, 11)), "end": iso(at(MONDAY, 10))}, 422, "end_before_start"),
        (trained, slot(10), 403, "training_required"),
        (late, slot(10), 409, "too_late"),
        (closed, slot(10), 403, "not_bookable"),
    ]
    with nothing_saved():
        for resource, times, status, code in cases:
            for path in ("/bookings", "/bookings/quote"):
                body = {"resource_id": resource.pk, **times}
                assert_error(resident_api.post(path, body), status, code)


def test_a_traveller_may_not_book_too_far_ahead_and_a_stranger_not_at_all(place, room):
    traveller = api_for(member(place, Role.TRAVELLER))
    stranger = api_for(PersonFactory())
    with nothing_saved():
        assert_error(
            traveller.post("/bookings", {"resource_id": room.pk, **slot(10)}), 422, "too_far_ahead"
        )
        assert_error(
            stranger.post("/bookings", {"resource_id": room.pk, **slot(10)}), 403, "not_bookable"
        )


# --- GET /bookings and /bookings/{id} -------------------------------------------------------


def test_people_list_their_own_bookings_only(place, room, resident, resident_api):
    mine = book(room, resident, at(MONDAY, 10))
    book(room, member(place), at(MONDAY, 14))

    response = resident_api.get("/bookings")

    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["count"], [b["id"] for b in body["items"]]) == (1, [mine.pk])
    assert resident_api.get("/bookings", resource=room.pk).json()["count"] == 1


def test_concierges_list_a_resource_or_a_person(concierge, place, room, resident):
    book(room, resident, at(MONDAY, 10))
    book(room, member(place), at(MONDAY, 14))
    elsewhere = ResourceFactory()
    book(elsewhere, member(elsewhere.place), at(MONDAY, 10), by=PersonFactory(is_superuser=True))
    api = api_for(concierge)

    assert api.get("/bookings", resource=room.pk).json()["count"] == 2
    assert api.get("/bookings", person_id=resident.pk).json()["count"] == 1
    assert api.get("/bookings").json()["count"] == 0
    assert api.get("/bookings", resource=elsewhere.pk).json()["count"] == 0


def test_listing_someone_else_is_refused_to_members(resident_api, place, concierge):
    assert_error(resident_api.get("/bookings", person_id=concierge.pk), 403)
    assert_error(api_for(concierge).get("/bookings", person_id=999999), 422)
    assert_error(resident_api.get("/bookings", resource=999999), 422)


def test_a_booking_is_seen_by_its_booker_and_the_concierges_only(
    place, room, resident, resident_api, concierge, other_concierge
):
    booking = book(room, resident, at(MONDAY, 10))

    assert resident_api.get(f"/bookings/{booking.pk}").json()["id"] == booking.pk
    assert api_for(concierge).get(f"/bookings/{booking.pk}").status_code == 200
    assert_error(api_for(other_concierge).get(f"/bookings/{booking.pk}"), 404, "not_found")
    assert_error(api_for(member(place)).get(f"/bookings/{booking.pk}"), 404)
    assert_error(resident_api.get("/bookings/999999"), 404)


# --- Move and cancel ------------------------------------------------------------------------


def test_the_booker_moves_then_cancels_a_booking(room, resident, resident_api):
    booking = book(room, resident, at(MONDAY, 10))

    moved = resident_api.post(f"/bookings/{booking.pk}/move", slot(15))
    assert moved.status_code == 200, moved.content
    assert dt.datetime.fromisoformat(moved.json()["start"]) == at(MONDAY, 15)

    cancelled = resident_api.post(f"/bookings/{booking.pk}/cancel")
    assert cancelled.status_code == 200, cancelled.content
    assert cancelled.json()["status"] == "cancelled"
    assert_error(resident_api.post(f"/bookings/{booking.pk}/cancel"), 409, "already_cancelled")


def test_a_move_keeps_to_the_rules(place, room, resident, resident_api):
    booking = book(room, resident, at(MONDAY, 10))
    book(room, member(place), at(MONDAY, 14))

    assert_error(resident_api.post(f"/bookings/{booking.pk}/move", slot(14)), 409, "slot_taken")
    assert_error(resident_api.post(f"/bookings/{booking.pk}/move", {**slot(15), "title": "x"}), 422)
    booking.refresh_from_db()
    assert booking.start == at(MONDAY, 10)


def test_others_cannot_move_or_cancel_a_booking(place, room, resident, concierge, other_concierge):
    booking = book(room, resident, at(MONDAY, 10))

    for api in (api_for(member(place)), api_for(other_concierge)):
        assert_error(api.post(f"/bookings/{booking.pk}/move", slot(15)), 404)
        assert_error(api.post(f"/bookings/{booking.pk}/cancel"), 404)
    assert api_for(concierge).post(f"/bookings/{booking.pk}/cancel").status_code == 200


# --- Waitlist -------------------------------------------------------------------------------


def test_the_waitlist_join_offer_confirm_round(place, room, resident, resident_api):
    first = member(place)
    taken = book(room, first, at(MONDAY, 10))

    joined = resident_api.post("/waitlist", {"resource_id": room.pk, **slot(10)})
    assert joined.status_code == 201, joined.content
    entry_id = joined.json()["id"]
    assert joined.json()["status"] == "waiting"
    assert_error(resident_api.post(f"/waitlist/{entry_id}/confirm"), 409, "offer_over")

    services.booking_cancel(booking=taken, by=first)
    confirmed = resident_api.post(f"/waitlist/{entry_id}/confirm")

    assert confirmed.status_code == 201, confirmed.content
    assert Booking.objects.confirmed().get().person == resident
    assert confirmed.json()["person"]["id"] == resident.pk


def test_a_free_slot_cannot_be_waited_for(resident_api, room):
    with nothing_saved():
        assert_error(
            resident_api.post("/waitlist", {"resource_id": room.pk, **slot(10)}), 409, "slot_free"
        )


def test_people_leave_their_own_entries_only(place, room, resident, resident_api):
    book(room, member(place), at(MONDAY, 10))
    entry_id = resident_api.post("/waitlist", {"resource_id": room.pk, **slot(10)}).json()["id"]
    stranger = api_for(member(place))

    assert_error(stranger._send("delete", f"/waitlist/{entry_id}"), 404)
    assert_error(stranger.post(f"/waitlist/{entry_id}/confirm"), 404)
    left = resident_api._send("delete", f"/waitlist/{entry_id}")

    assert left.status_code == 200, left.content
    assert left.json()["status"] == "left"
    assert_error(resident_api._send("delete", "/waitlist/999999"), 404)


def test_the_resource_kind_is_exposed(anonymous_api, place):
    ResourceFactory(place=place, kind=Resource.Kind.DESK, capacity=4)

    [body] = anonymous_api.get(f"/places/{place.slug}/resources").json()

    assert (body["kind"], body["capacity"]) == ("desk", 4)
