"""/events/{id}/registrations and /registrations/…/cancel: anonymous, member and desk
registrations, the waitlist, cancellation by token or by id, and every refusal."""

from __future__ import annotations

from contextlib import contextmanager
from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from comptoir.agenda.models import Event, Registration
from comptoir.agenda.services import registrations
from comptoir.api.tests.agenda_support import FIXTURES, api_for, local_at
from comptoir.api.tests.conftest import assert_error
from comptoir.community.tests.factories import PersonFactory

epn_space, make_event, workshop = FIXTURES
pytestmark = pytest.mark.django_db

CAMILLE = {"name": "Camille Martin", "email": "camille@example.org"}


@contextmanager
def nothing_saved():
    count = Registration.objects.count()
    yield
    assert Registration.objects.count() == count


def register(api, event, body=None):
    return api.post(f"/events/{event.pk}/registrations", {} if body is None else body)


# --- POST /events/{id}/registrations --------------------------------------------------------


def test_someone_without_an_account_registers_and_gets_a_cancel_token(
    anonymous_api, workshop, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = register(anonymous_api, workshop, CAMILLE)

    assert response.status_code == 201, response.content
    body = response.json()
    registration = Registration.objects.get()
    assert (body["id"], body["status"], body["position"]) == (registration.pk, "confirmed", None)
    assert registrations.registration_from_token(body["cancel_token"]) == registration
    assert (registration.person, registration.email, registration.registered_by) == (
        None,
        "camille@example.org",
        None,
    )
    assert [message.to for message in mail.outbox] == [["camille@example.org"]]


def test_a_phone_is_enough_and_is_normalised(anonymous_api, workshop):
    response = register(anonymous_api, workshop, {"name": "Léo", "phone": "06 12 34 56 78"})

    assert response.status_code == 201, response.content
    assert Registration.objects.get().phone == "+33612345678"


def test_a_member_registers_with_an_empty_body(member_api, person, workshop):
    response = register(member_api, workshop)

    assert response.status_code == 201, response.content
    registration = Registration.objects.get()
    assert (registration.person, registration.registered_by) == (person, person)
    assert response.json()["name"] == person.display_name
    assert_error(register(member_api, workshop), 409, "already_registered")
    assert_error(register(member_api, workshop, {"person_id": person.pk}), 409)
    # No body at all, as `curl -X POST` sends, is the same as `{}`.
    another = PersonFactory()
    response = api_for(another).post(f"/events/{workshop.pk}/registrations")
    assert response.status_code == 201, response.content
    assert Registration.objects.get(pk=response.json()["id"]).person == another


def test_a_member_may_register_someone_without_an_account(member_api, workshop):
    response = register(member_api, workshop, CAMILLE)

    assert response.status_code == 201, response.content
    assert Registration.objects.get().person is None


def test_a_full_event_puts_people_on_the_waitlist_in_order(anonymous_api, make_event):
    event = make_event(capacity=1)
    assert register(anonymous_api, event, CAMILLE).json()["status"] == "confirmed"

    first = register(anonymous_api, event, {"name": "Léo", "phone": "0612345678"})
    second = register(anonymous_api, event, {"name": "Inès", "email": "ines@example.org"})

    assert first.status_code == second.status_code == 201
    assert (first.json()["status"], first.json()["position"]) == ("waitlisted", 1)
    assert (second.json()["status"], second.json()["position"]) == ("waitlisted", 2)
    assert event.registrations.filter(status="confirmed").count() == 1


def test_a_concierge_registers_a_member_or_someone_at_the_desk(concierge_api, concierge, workshop):
    member = PersonFactory()

    by_id = register(concierge_api, workshop, {"person_id": member.pk})
    by_name = register(concierge_api, workshop, {"name": "Léo", "phone": "+33 6 12 34 56 79"})

    assert by_id.status_code == by_name.status_code == 201, (by_id.content, by_name.content)
    saved = {r.name: r for r in Registration.objects.all()}
    assert (saved[member.display_name].person, saved["Léo"].registered_by) == (member, concierge)
    assert saved[member.display_name].registered_by == concierge


def test_only_concierges_register_others_by_id(member_api, other_concierge_api, workshop):
    other = PersonFactory()
    with nothing_saved():
        assert_error(register(member_api, workshop, {"person_id": other.pk}), 403, "forbidden")
        assert_error(register(member_api, workshop, {"person_id": 999999}), 403, "forbidden")
        assert_error(register(other_concierge_api, workshop, {"person_id": other.pk}), 403)


def test_an_unknown_member_is_a_field_error(concierge_api, workshop):
    with nothing_saved():
        body = assert_error(register(concierge_api, workshop, {"person_id": 999999}), 422)
    assert "person_id" in body["fields"]


@pytest.mark.parametrize(
    ("body", "code", "field"),
    [
        ({"name": "Camille"}, "contact_missing", "email"),
        ({"name": "Camille", "phone": "12"}, "bad_phone", "phone"),
        ({"name": "Camille", "phone": "06 12 34 56 7a"}, "bad_phone", "phone"),
        ({"name": "Camille", "email": "camille@"}, "invalid", "email"),
        ({"email": "camille@example.org"}, "invalid", "name"),
        ({}, "invalid", "name"),
        ({**CAMILLE, "age": 30}, "invalid_body", "age"),
        ({**CAMILLE, "name": None}, "invalid_body", "name"),
        ({"name": "Camille", "email": "a\x00@example.org"}, "invalid_body", "email"),
    ],
)
def test_bad_registrations_are_refused(anonymous_api, workshop, body, code, field):
    with nothing_saved():
        error = assert_error(register(anonymous_api, workshop, body), 422, code)
    assert field in error["fields"], error


def test_twice_with_the_same_email_is_refused(anonymous_api, workshop):
    register(anonymous_api, workshop, CAMILLE)
    with nothing_saved():
        again = {"name": "C. Martin", "email": "Camille@Example.org"}
        assert_error(register(anonymous_api, workshop, again), 409, "already_registered")


def test_past_cancelled_closed_and_unknown_events_are_refused(anonymous_api, place, make_event):
    start = local_at(place, -2)
    past = make_event(start=start, now=start - timedelta(days=1))
    cancelled = make_event()
    cancelled.status = Event.Status.CANCELLED
    cancelled.save()
    closed = make_event(registration_required=False)
    hidden = make_event(is_public=False)

    with nothing_saved():
        assert_error(register(anonymous_api, past, CAMILLE), 409, "event_past")
        assert_error(register(anonymous_api, cancelled, CAMILLE), 409, "event_cancelled")
        assert_error(register(anonymous_api, closed, CAMILLE), 409, "registration_closed")
        assert_error(register(anonymous_api, hidden, CAMILLE), 404, "not_found")
        assert_error(anonymous_api.post("/events/999999/registrations", CAMILLE), 404)


@pytest.mark.parametrize("raw", ["{", "[]", "null"])
def test_malformed_registration_bodies_are_refused(anonymous_api, workshop, raw):
    with nothing_saved():
        response = anonymous_api.post(f"/events/{workshop.pk}/registrations", raw=raw)
    assert response.status_code in (400, 422)
    assert set(response.json()) >= {"code", "detail"}


# --- POST /registrations/cancel -------------------------------------------------------------


def test_the_token_cancels_and_the_waitlist_moves_up(anonymous_api, make_event):
    event = make_event(capacity=1)
    token = register(anonymous_api, event, CAMILLE).json()["cancel_token"]
    waiting = register(anonymous_api, event, {"name": "Léo", "phone": "0612345678"}).json()

    response = anonymous_api.post("/registrations/cancel", {"token": token})

    assert response.status_code == 200, response.content
    assert response.json()["status"] == "cancelled"
    assert Registration.objects.get(pk=waiting["id"]).status == "confirmed"
    again = anonymous_api.post("/registrations/cancel", {"token": token})
    assert_error(again, 409, "registration_cancelled")


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        ({"token": "12:nope"}, 404, "invalid_link"),
        ({"token": ""}, 404, "invalid_link"),
        ({}, 422, "invalid_body"),
        ({"token": 12}, 422, "invalid_body"),
    ],
)
def test_bad_tokens_are_refused(anonymous_api, workshop, body, status, code):
    token = register(anonymous_api, workshop, CAMILLE).json()["cancel_token"]
    assert_error(anonymous_api.post("/registrations/cancel", body), status, code)
    tampered = token[:-1] + ("A" if token[-1] != "A" else "B")
    assert_error(anonymous_api.post("/registrations/cancel", {"token": tampered}), 404)
    assert Registration.objects.get().status == "confirmed"


def test_the_token_of_an_event_that_is_over_has_expired(anonymous_api, workshop):
    token = register(anonymous_api, workshop, CAMILLE).json()["cancel_token"]
    now = timezone.now()
    Event.objects.filter(pk=workshop.pk).update(
        start=now - timedelta(hours=3), end=now - timedelta(hours=1)
    )
    response = anonymous_api.post("/registrations/cancel", {"token": token})
    assert_error(response, 410, "link_expired")
    assert Registration.objects.get().status == "confirmed"


# --- POST /registrations/{id}/cancel --------------------------------------------------------


def test_a_member_cancels_their_registration(member_api, workshop):
    registration_id = register(member_api, workshop).json()["id"]

    response = member_api.post(f"/registrations/{registration_id}/cancel")

    assert response.status_code == 200, response.content
    assert Registration.objects.get().status == "cancelled"
    assert_error(member_api.post(f"/registrations/{registration_id}/cancel"), 409)


def test_a_concierge_cancels_anyones_registration(concierge_api, anonymous_api, workshop):
    registration_id = register(anonymous_api, workshop, CAMILLE).json()["id"]

    response = concierge_api.post(f"/registrations/{registration_id}/cancel")

    assert response.status_code == 200, response.content
    assert response.json()["status"] == "cancelled"


def test_others_cannot_cancel_a_registration(
    anonymous_api, member_api, other_concierge_api, workshop
):
    registration_id = register(anonymous_api, workshop, CAMILLE).json()["id"]

    assert_error(anonymous_api.post(f"/registrations/{registration_id}/cancel"), 401)
    assert_error(member_api.post(f"/registrations/{registration_id}/cancel"), 404, "not_found")
    assert_error(other_concierge_api.post(f"/registrations/{registration_id}/cancel"), 404)
    assert_error(member_api.post("/registrations/999999/cancel"), 404)
    assert Registration.objects.get().status == "confirmed"


# --- GET /events/{id}/registrations ---------------------------------------------------------


def test_the_concierges_list_the_registrations_with_waitlist_positions(
    concierge_api, anonymous_api, make_event
):
    event = make_event(capacity=1)
    for n in range(3):
        register(anonymous_api, event, {"name": f"P{n}", "email": f"p{n}@example.org"})

    response = concierge_api.get(f"/events/{event.pk}/registrations")

    assert response.status_code == 200, response.content
    items = response.json()["items"]
    assert [(i["name"], i["status"], i["position"]) for i in items] == [
        ("P0", "confirmed", None),
        ("P1", "waitlisted", 1),
        ("P2", "waitlisted", 2),
    ]
    assert items[0]["email"] == "p0@example.org"
    waiting = concierge_api.get(f"/events/{event.pk}/registrations", status="waitlisted")
    assert [i["position"] for i in waiting.json()["items"]] == [1, 2]
    page = concierge_api.get(f"/events/{event.pk}/registrations", limit=1, offset=2)
    assert page.json()["items"][0]["position"] == 2


def test_the_organizer_lists_the_registrations_others_may_not(
    anonymous_api, member_api, make_event
):
    organizer = PersonFactory()
    event = make_event(organizer_person=organizer)

    assert api_for(organizer).get(f"/events/{event.pk}/registrations").status_code == 200
    assert_error(member_api.get(f"/events/{event.pk}/registrations"), 403, "forbidden")
    assert_error(anonymous_api.get(f"/events/{event.pk}/registrations"), 401)
    assert_error(member_api.get("/events/999999/registrations"), 404)
    bad = member_api.get(f"/events/{event.pk}/registrations", status="maybe")
    assert_error(bad, 422, "invalid_params")


def test_the_list_of_registrations_costs_a_fixed_number_of_queries(
    concierge, anonymous_api, make_event
):
    event = make_event(capacity=2)
    api = api_for(concierge)

    def count_queries():
        with CaptureQueriesContext(connection) as queries:
            response = api.get(f"/events/{event.pk}/registrations")
        assert response.status_code == 200
        return len(queries)

    register(anonymous_api, event, CAMILLE)
    count_queries()  # the token's first use is recorded once
    few = count_queries()
    for n in range(4):
        register(anonymous_api, event, {"name": f"P{n}", "email": f"p{n}@example.org"})

    # The token with the caller's roles, the event, the count and the page.
    assert (few, count_queries()) == (4, 4)
