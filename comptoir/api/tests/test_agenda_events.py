"""/events and /event-series: the public agenda, its filters and query count, and the
concierges' writes with their refusals (nothing saved)."""

from __future__ import annotations

from contextlib import contextmanager
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from comptoir.agenda.models import Event, EventKind, EventSeries, Registration
from comptoir.api.tests.agenda_support import FIXTURES, api_for, iso, local_at
from comptoir.api.tests.conftest import assert_error
from comptoir.bookings.models import Booking
from comptoir.community.tests.factories import OrganizationFactory, PersonFactory
from comptoir.core import mediation
from comptoir.places.tests.factories import SpaceFactory

epn_space, make_event, workshop = FIXTURES
pytestmark = pytest.mark.django_db

SENIORS, FIRST_STEPS = mediation.PUBLICS[3], mediation.SERVICES[1]


@contextmanager
def nothing_saved():
    counts = (Event.objects.count(), EventSeries.objects.count(), Booking.objects.count())
    yield
    assert counts == (Event.objects.count(), EventSeries.objects.count(), Booking.objects.count())


def new_event(where, space=None, days=10, **overrides):
    start = local_at(where, days, 10)
    body = {
        "place": where.slug,
        "title": "Atelier smartphone",
        "kind": EventKind.WORKSHOP,
        "start": iso(start),
        "end": iso(start + timedelta(hours=2)),
        "capacity": 8,
        "publics": [SENIORS],
        "services": [FIRST_STEPS],
    }
    if space is not None:
        body["space"] = space.slug
    overrides = {key.rstrip("_"): value for key, value in overrides.items()}
    return {**body, **overrides}


def ids(response):
    assert response.status_code == 200, response.content
    return [item["id"] for item in response.json()["items"]]


# --- GET /events ----------------------------------------------------------------------------


def test_anyone_lists_the_public_scheduled_events_soonest_first(
    anonymous_api, make_event, sister_place, sister_concierge
):
    first, second = make_event(capacity=3), make_event(is_public=False)
    third = make_event(place=sister_place, by=sister_concierge, capacity=None)
    cancelled = make_event()
    cancelled.status = Event.Status.CANCELLED
    cancelled.save()
    Registration.objects.create(event=first, name="Ana", identity="n:ana")

    response = anonymous_api.get("/events")

    assert ids(response) == [first.pk, third.pk] and second.pk
    body = response.json()
    [item, other] = body["items"]
    assert (item["capacity"], item["seats_left"], item["place"]["slug"]) == (3, 2, first.place.slug)
    assert (item["space"]["slug"], item["kind"], item["status"]) == (
        "salle-epn",
        "atelier",
        "scheduled",
    )
    assert (other["capacity"], other["seats_left"], other["space"]) == (None, None, None)
    assert body["count"] == 2


def test_the_events_are_filtered(anonymous_api, place, make_event, sister_place, sister_concierge):
    seniors = make_event(kind=EventKind.TALK, publics=[SENIORS], services=[FIRST_STEPS])
    later = make_event()
    elsewhere = make_event(place=sister_place, by=sister_concierge, publics=[SENIORS])

    assert ids(anonymous_api.get("/events", place=place.slug)) == [seniors.pk, later.pk]
    assert ids(anonymous_api.get("/events", kind="conference")) == [seniors.pk]
    assert ids(anonymous_api.get("/events", public=SENIORS)) == [seniors.pk, elsewhere.pk]
    assert ids(anonymous_api.get("/events", service=FIRST_STEPS)) == [seniors.pk]
    day = later.start.date()
    assert ids(anonymous_api.get("/events", **{"from": day.isoformat()})) == [
        later.pk,
        elsewhere.pk,
    ]
    assert ids(anonymous_api.get("/events", to=seniors.start.date().isoformat())) == [seniors.pk]
    window = {"from": iso(later.start - timedelta(hours=1)), "to": iso(later.end)}
    assert ids(anonymous_api.get("/events", **window)) == [later.pk]
    assert ids(anonymous_api.get("/events", place="nowhere")) == []


def test_past_events_are_listed_only_when_asked(anonymous_api, place, concierge, make_event):
    start = local_at(place, -2)
    past = make_event(start=start, now=start - timedelta(days=1))
    coming = make_event()

    assert ids(anonymous_api.get("/events")) == [coming.pk]
    since = (start.date() - timedelta(days=1)).isoformat()
    assert ids(anonymous_api.get("/events", **{"from": since})) == [past.pk, coming.pk]


@pytest.mark.parametrize(
    ("params", "status", "code", "field"),
    [
        ({"kind": "karaoke"}, 422, "bad_vocabulary", "kind"),
        ({"public": "Martiens"}, 422, "bad_vocabulary", "public"),
        ({"service": "Cuisine"}, 422, "bad_vocabulary", "service"),
        ({"from": "2030-02-10", "to": "2030-02-01"}, 422, "invalid", "to"),
        ({"from": "demain"}, 422, "invalid_params", "from"),
        ({"to": "2030-02-10T10:00:00"}, 422, "invalid_params", "to"),
        ({"limit": 0}, 422, "invalid_params", "limit"),
    ],
)
def test_bad_filters_are_refused(anonymous_api, params, status, code, field):
    body = assert_error(anonymous_api.get("/events", **params), status, code)
    assert field in body["fields"], body


def test_the_agenda_costs_a_fixed_number_of_queries(anonymous_api, make_event):
    def count_queries():
        with CaptureQueriesContext(connection) as queries:
            response = anonymous_api.get("/events")
        assert response.status_code == 200
        return len(queries), response.json()["count"]

    event = make_event(organizer_organization=OrganizationFactory())
    Registration.objects.create(event=event, name="Ana", identity="n:ana")
    few = count_queries()
    for n in range(4):
        other = make_event(organizer_organization=OrganizationFactory())
        Registration.objects.create(event=other, name=f"P{n}", identity=f"n:p{n}")

    many = count_queries()
    # The count and the page.
    assert (few, many) == ((2, 1), (2, 5))


def test_the_agenda_is_paginated(anonymous_api, make_event):
    events = [make_event() for _n in range(3)]

    response = anonymous_api.get("/events", limit=2, offset=1)

    assert ids(response) == [events[1].pk, events[2].pk]
    assert response.json()["count"] == 3


# --- GET /events/{id} -----------------------------------------------------------------------


def test_anyone_reads_a_public_event_with_its_counts(anonymous_api, make_event):
    event = make_event(capacity=1, description="**Venez** !", accessibility="Rampe")
    Registration.objects.create(event=event, name="Ana", identity="n:ana")
    Registration.objects.create(
        event=event, name="Bob", identity="n:bob", status=Registration.Status.WAITLISTED
    )

    response = anonymous_api.get(f"/events/{event.pk}")

    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["id"], body["description"], body["accessibility"]) == (
        event.pk,
        "**Venez** !",
        "Rampe",
    )
    assert (body["confirmed"], body["waitlisted"], body["seats_left"]) == (1, 1, 0)


def test_an_event_kept_out_of_the_agenda_is_seen_only_by_its_editors(
    anonymous_api, member_api, concierge_api, make_event
):
    hidden = make_event(is_public=False)

    assert_error(anonymous_api.get(f"/events/{hidden.pk}"), 404, "not_found")
    assert_error(member_api.get(f"/events/{hidden.pk}"), 404, "not_found")
    assert concierge_api.get(f"/events/{hidden.pk}").status_code == 200
    assert_error(anonymous_api.get("/events/999999"), 404, "not_found")


# --- POST /events ---------------------------------------------------------------------------


def test_a_concierge_schedules_an_event_that_holds_its_space(
    concierge_api, concierge, place, epn_space
):
    organization = OrganizationFactory()
    organizer = PersonFactory()
    body = new_event(
        place,
        epn_space,
        organizer_organization=organization.slug,
        organizer_person_id=organizer.pk,
    )

    response = concierge_api.post("/events", body)

    assert response.status_code == 201, response.content
    event = Event.objects.get()
    data = response.json()
    assert (data["id"], data["title"], data["seats_left"]) == (event.pk, "Atelier smartphone", 8)
    assert data["organizer_organization"]["slug"] == organization.slug
    assert (data["organizer_person_id"], data["publics"]) == (organizer.pk, [SENIORS])
    assert event.booking is not None and event.created_by == concierge


def test_only_the_concierges_of_the_place_schedule_events(
    anonymous_api, member_api, other_concierge_api, place
):
    with nothing_saved():
        assert_error(anonymous_api.post("/events", new_event(place)), 401, "unauthenticated")
        assert_error(member_api.post("/events", new_event(place)), 403, "forbidden")
        assert_error(other_concierge_api.post("/events", new_event(place)), 403, "forbidden")


@pytest.mark.parametrize(
    ("changes", "status", "code", "field"),
    [
        ({"kind": "karaoke"}, 422, "bad_vocabulary", "kind"),
        ({"publics": ["Martiens"]}, 422, "bad_vocabulary", "publics"),
        ({"services": ["Cuisine"]}, 422, "bad_vocabulary", "services"),
        ({"place_": "nowhere"}, 422, "invalid", "place"),
        ({"space_": "grenier"}, 422, "invalid", "space"),
        ({"organizer_person_id": 999999}, 422, "invalid", "organizer_person_id"),
        ({"organizer_organization": "inconnue"}, 422, "invalid", "organizer_organization"),
        ({"title": "  "}, 422, "invalid", "title"),
        ({"capacity": 0}, 422, "invalid", "capacity"),
        ({"capacity": 40}, 422, "invalid", "capacity"),
        ({"price_cents": -5}, 422, "invalid", "price_cents"),
        ({"start": "2020-01-06T10:00:00+01:00"}, 422, "in_the_past", "start"),
        ({"start": "2030-01-06T10:00:00"}, 422, "invalid_body", "start"),
        ({"title": None}, 422, "invalid_body", "title"),
        ({"colour": "red"}, 422, "invalid_body", "colour"),
        ({"title": "x" * 161}, 422, "invalid_body", "title"),
    ],
)
def test_bad_events_are_refused_and_nothing_is_saved(
    concierge_api, place, epn_space, changes, status, code, field
):
    with nothing_saved():
        body = assert_error(
            concierge_api.post("/events", new_event(place, epn_space, **changes)), status, code
        )
    assert field in body["fields"], body


def test_the_end_must_follow_the_start(concierge_api, place):
    body = new_event(place)
    body["end"] = body["start"]
    with nothing_saved():
        assert_error(concierge_api.post("/events", body), 422)


def test_an_event_cannot_take_a_space_already_taken(concierge_api, place, workshop):
    body = new_event(
        place, workshop.space, start=iso(workshop.start), end=iso(workshop.end + timedelta(hours=1))
    )
    with nothing_saved():
        errors = assert_error(concierge_api.post("/events", body), 409, "space_taken")
    assert "start" in errors["fields"]


def test_a_space_without_booking_resource_is_held_by_its_events(concierge_api, place):
    hall = SpaceFactory(place=place, slug="grande-salle", capacity=80)
    assert concierge_api.post("/events", new_event(place, hall)).status_code == 201

    with nothing_saved():
        assert_error(concierge_api.post("/events", new_event(place, hall)), 409, "space_taken")


@pytest.mark.parametrize("raw", ["{", "[]", '"x"'])
def test_malformed_bodies_are_refused(concierge_api, raw):
    response = concierge_api.post("/events", raw=raw)
    assert response.status_code in (400, 422)
    assert set(response.json()) >= {"code", "detail"}


# --- PATCH /events/{id} ---------------------------------------------------------------------


def test_a_concierge_moves_and_renames_an_event(concierge_api, workshop):
    start = workshop.start + timedelta(days=1, hours=1)
    response = concierge_api.patch(
        f"/events/{workshop.pk}",
        {"title": "Atelier tablette", "start": iso(start), "end": iso(start + timedelta(hours=1))},
    )

    assert response.status_code == 200, response.content
    workshop.refresh_from_db()
    workshop.booking.refresh_from_db()
    assert (response.json()["title"], workshop.title, workshop.booking.start) == (
        "Atelier tablette",
        "Atelier tablette",
        start,
    )
    assert workshop.capacity == 12 and workshop.space is not None


def test_the_organizer_edits_their_event_and_null_clears(make_event, person):
    event = make_event(organizer_person=person)

    response = api_for(person).patch(f"/events/{event.pk}", {"space": None, "capacity": None})

    assert response.status_code == 200, response.content
    event.refresh_from_db()
    assert (event.space, event.capacity, event.booking) == (None, None, None)
    assert response.json()["seats_left"] is None


def test_editing_an_event_is_refused_when_it_must_be(
    member_api, concierge_api, other_concierge_api, make_event, workshop
):
    other = make_event()
    before = (workshop.title, workshop.start)

    assert_error(member_api.patch(f"/events/{workshop.pk}", {"title": "X"}), 403, "forbidden")
    assert_error(other_concierge_api.patch(f"/events/{workshop.pk}", {"title": "X"}), 403)
    assert_error(concierge_api.patch("/events/999999", {"title": "X"}), 404, "not_found")
    taken = {"start": iso(other.start), "end": iso(other.end)}
    assert_error(concierge_api.patch(f"/events/{workshop.pk}", taken), 409, "space_taken")
    for bad in ({"title": None}, {"kind": "karaoke"}, {"seats": 3}, {"space": "grenier"}):
        assert_error(concierge_api.patch(f"/events/{workshop.pk}", bad), 422)
    workshop.refresh_from_db()
    assert (workshop.title, workshop.start) == before


def test_seats_cannot_go_below_the_people_confirmed(concierge_api, workshop):
    for n in range(3):
        Registration.objects.create(event=workshop, name=f"P{n}", identity=f"n:p{n}")

    body = assert_error(concierge_api.patch(f"/events/{workshop.pk}", {"capacity": 2}), 422)
    assert "capacity" in body["fields"]


# --- POST /events/{id}/cancel ---------------------------------------------------------------


def test_a_concierge_cancels_an_event_and_frees_its_space(concierge_api, workshop):
    booking = workshop.booking

    response = concierge_api.post(f"/events/{workshop.pk}/cancel")

    assert response.status_code == 200, response.content
    assert (response.json()["status"], response.json()["cancelled_at"] is not None) == (
        "cancelled",
        True,
    )
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CANCELLED
    assert_error(concierge_api.post(f"/events/{workshop.pk}/cancel"), 409, "event_cancelled")
    assert_error(
        concierge_api.patch(f"/events/{workshop.pk}", {"title": "X"}), 409, "event_cancelled"
    )


def test_members_do_not_cancel_events(member_api, anonymous_api, workshop):
    assert_error(member_api.post(f"/events/{workshop.pk}/cancel"), 403, "forbidden")
    assert_error(anonymous_api.post(f"/events/{workshop.pk}/cancel"), 401)
    assert_error(member_api.post("/events/999999/cancel"), 404)
    workshop.refresh_from_db()
    assert workshop.status == Event.Status.SCHEDULED


# --- POST /event-series ---------------------------------------------------------------------


def test_a_concierge_schedules_a_series(concierge_api, place, epn_space):
    response = concierge_api.post(
        "/event-series", {**new_event(place, epn_space), "every_weeks": 1, "count": 3}
    )

    assert response.status_code == 201, response.content
    body = response.json()
    series = EventSeries.objects.get()
    assert (body["series_id"], body["skipped"]) == (series.pk, [])
    assert sorted(body["created"]) == sorted(series.events.values_list("pk", flat=True))
    assert len(body["created"]) == 3


def test_a_series_skips_taken_dates_only_when_asked(concierge_api, place, epn_space, make_event):
    body = new_event(place, epn_space, days=10)
    taken = make_event(start=local_at(place, 17, 10))

    with nothing_saved():
        assert_error(concierge_api.post("/event-series", {**body, "count": 3}), 409, "space_taken")
    response = concierge_api.post("/event-series", {**body, "count": 3, "skip_conflicts": True})

    assert response.status_code == 201, response.content
    data = response.json()
    assert len(data["created"]) == 2
    [skipped] = data["skipped"]
    assert skipped["start"] == iso(taken.start) and skipped["reason"]


@pytest.mark.parametrize(
    ("changes", "code", "field"),
    [
        ({}, "invalid", "count"),
        ({"count": 60}, "invalid", "count"),
        ({"count": 2, "every_weeks": 0}, "invalid_body", "every_weeks"),
        ({"count": 2, "kind": "karaoke"}, "bad_vocabulary", "kind"),
        ({"until": "demain"}, "invalid_body", "until"),
    ],
)
def test_bad_series_are_refused(concierge_api, place, epn_space, changes, code, field):
    with nothing_saved():
        body = assert_error(
            concierge_api.post("/event-series", {**new_event(place, epn_space), **changes}),
            422,
            code,
        )
    assert field in body["fields"], body


def test_members_do_not_schedule_series(member_api, place):
    with nothing_saved():
        assert_error(
            member_api.post("/event-series", {**new_event(place), "count": 2}), 403, "forbidden"
        )


# --- OpenAPI --------------------------------------------------------------------------------

AGENDA_PATHS = {
    "/api/v1/events",
    "/api/v1/events/{event_id}",
    "/api/v1/events/{event_id}/cancel",
    "/api/v1/event-series",
    "/api/v1/events/{event_id}/registrations",
    "/api/v1/registrations/cancel",
    "/api/v1/registrations/{registration_id}/cancel",
    "/api/v1/registrations/{registration_id}/attendance",
    "/api/v1/events/{event_id}/walk-ins",
    "/api/v1/registrations/{registration_id}/public",
    "/api/v1/places/{slug}/activity-report",
}


def test_the_openapi_document_lists_the_agenda(anonymous_api):
    document = anonymous_api.get("/openapi.json").json()

    assert AGENDA_PATHS <= set(document["paths"])
    listing = document["paths"]["/api/v1/events"]["get"]
    assert {"place", "kind", "public", "service", "from", "to", "limit"} <= {
        p["name"] for p in listing["parameters"]
    }
    assert {"401", "403", "409", "422"} <= set(
        document["paths"]["/api/v1/events"]["post"]["responses"]
    )
