"""Attendance (/registrations/{id}/attendance, /events/{id}/walk-ins,
/registrations/{id}/public) and /places/{slug}/activity-report: who may, and every
refusal with its code (nothing saved)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from comptoir.agenda.models import EventKind, Registration
from comptoir.agenda.services import attendance, registrations
from comptoir.api.tests.agenda_support import FIXTURES, api_for, local_at, put
from comptoir.api.tests.conftest import assert_error
from comptoir.community.tests.factories import PersonFactory
from comptoir.core import mediation

epn_space, make_event, workshop = FIXTURES
pytestmark = pytest.mark.django_db

SENIORS = mediation.PUBLICS[3]


@pytest.fixture
def today(place, make_event):
    """A workshop today (scheduled yesterday), so that attendance can be taken."""
    start = local_at(place, 0, 10)
    return make_event(start=start, now=start - timedelta(days=1))


def guest(event, name="Camille", email="camille@example.org", person=None):
    before = event.start - timedelta(hours=2)
    if person is not None:
        return registrations.register_member(event=event, person=person, now=before)
    return registrations.register_guest(
        event=event, guest=registrations.Guest(name, email=email), now=before
    )


# --- PUT /registrations/{id}/attendance -----------------------------------------------------


def test_a_concierge_marks_people_present_or_absent(concierge_api, today):
    registration = guest(today)

    present = put(concierge_api, f"/registrations/{registration.pk}/attendance", {"present": True})
    assert present.status_code == 200, present.content
    assert present.json()["attendance"] == "present"

    absent = put(concierge_api, f"/registrations/{registration.pk}/attendance", {"present": False})
    assert absent.json()["attendance"] == "absent"
    registration.refresh_from_db()
    assert registration.attendance == Registration.Attendance.ABSENT


def test_the_organizer_takes_attendance(place, make_event):
    organizer = PersonFactory()
    start = local_at(place, 0, 11)
    event = make_event(start=start, now=start - timedelta(days=1), organizer_person=organizer)
    registration = guest(event)

    response = put(
        api_for(organizer), f"/registrations/{registration.pk}/attendance", {"present": True}
    )

    assert response.status_code == 200, response.content


def test_someone_from_the_waitlist_who_came_is_confirmed(concierge_api, place, make_event):
    start = local_at(place, 0, 12)
    event = make_event(start=start, now=start - timedelta(days=1), capacity=1)
    guest(event)
    waiting = guest(event, "Léo", "leo@example.org")
    assert waiting.status == Registration.Status.WAITLISTED
    path = f"/registrations/{waiting.pk}/attendance"

    assert_error(put(concierge_api, path, {"present": False}), 409, "conflict")
    response = put(concierge_api, path, {"present": True})

    assert response.status_code == 200, response.content
    assert (response.json()["status"], response.json()["position"]) == ("confirmed", None)


def test_attendance_is_refused_when_it_must_be(
    anonymous_api, member_api, person, concierge_api, other_concierge_api, today, workshop
):
    mine = guest(today, person=person)
    early = guest(workshop)
    cancelled = guest(today, "Léo", "leo@example.org")
    registrations.registration_cancel(
        registration=cancelled, by=None, now=today.start - timedelta(hours=1)
    )
    body = {"present": True}

    assert_error(put(anonymous_api, f"/registrations/{mine.pk}/attendance", body), 401)
    assert_error(put(member_api, f"/registrations/{mine.pk}/attendance", body), 403, "forbidden")
    assert_error(put(member_api, f"/registrations/{early.pk}/attendance", body), 404)
    assert_error(put(other_concierge_api, f"/registrations/{mine.pk}/attendance", body), 404)
    assert_error(put(concierge_api, "/registrations/999999/attendance", body), 404, "not_found")
    too_early = put(concierge_api, f"/registrations/{early.pk}/attendance", body)
    assert_error(too_early, 409, "attendance_too_early")
    again = put(concierge_api, f"/registrations/{cancelled.pk}/attendance", body)
    assert_error(again, 409, "registration_cancelled")
    for bad in ({}, {"present": "peut-être"}, {"present": True, "late": True}):
        response = put(concierge_api, f"/registrations/{mine.pk}/attendance", bad)
        assert_error(response, 422, "invalid_body")
    assert_error(put(concierge_api, f"/registrations/{mine.pk}/attendance", raw="{"), 400)
    assert not Registration.objects.exclude(attendance="").exists()


# --- POST /events/{id}/walk-ins -------------------------------------------------------------


def test_a_concierge_adds_a_walk_in_with_their_public(concierge_api, concierge, today):
    body = {"name": "Léo", "phone": "06 12 34 56 78", "public_category": SENIORS, "consent": True}

    response = concierge_api.post(f"/events/{today.pk}/walk-ins", body)

    assert response.status_code == 201, response.content
    data = response.json()
    assert (data["walk_in"], data["attendance"], data["status"]) == (True, "present", "confirmed")
    registration = Registration.objects.get()
    assert (registration.phone, registration.public_category, registration.consent) == (
        "+33612345678",
        SENIORS,
        True,
    )
    assert registration.registered_by == concierge


def test_a_member_who_came_is_added_by_id(concierge_api, today):
    member = PersonFactory()

    response = concierge_api.post(f"/events/{today.pk}/walk-ins", {"person_id": member.pk})

    assert response.status_code == 201, response.content
    assert (response.json()["person_id"], response.json()["name"]) == (
        member.pk,
        member.display_name,
    )


@pytest.mark.parametrize(
    ("body", "status", "code", "field"),
    [
        ({"name": "Léo", "public_category": SENIORS}, 422, "consent_missing", "consent"),
        (
            {"name": "Léo", "public_category": "Martiens", "consent": True},
            422,
            "bad_vocabulary",
            "public_category",
        ),
        ({"name": "Léo", "phone": "12"}, 422, "bad_phone", "phone"),
        ({"name": "Léo", "email": "leo@"}, 422, "invalid", "email"),
        ({"name": " "}, 422, "invalid", "name"),
        ({"person_id": 999999}, 422, "invalid", "person_id"),
        ({"name": "Camille", "email": "CAMILLE@example.org"}, 409, "already_registered", "name"),
        ({"name": "Léo", "consent": "oui"}, 422, "invalid_body", "consent"),
    ],
)
def test_bad_walk_ins_are_refused(concierge_api, today, body, status, code, field):
    guest(today)
    error = assert_error(concierge_api.post(f"/events/{today.pk}/walk-ins", body), status, code)
    assert field in error["fields"], error
    assert Registration.objects.count() == 1


def test_only_those_who_run_the_event_add_walk_ins(
    anonymous_api, member_api, other_concierge_api, concierge_api, today, workshop
):
    body = {"name": "Léo"}
    assert_error(anonymous_api.post(f"/events/{today.pk}/walk-ins", body), 401)
    assert_error(member_api.post(f"/events/{today.pk}/walk-ins", body), 403, "forbidden")
    assert_error(other_concierge_api.post(f"/events/{today.pk}/walk-ins", body), 403)
    assert_error(concierge_api.post("/events/999999/walk-ins", body), 404)
    too_early = concierge_api.post(f"/events/{workshop.pk}/walk-ins", body)
    assert_error(too_early, 409, "attendance_too_early")
    assert not Registration.objects.exists()


# --- PUT /registrations/{id}/public ---------------------------------------------------------


def test_a_public_is_recorded_with_consent_and_forgotten(concierge_api, today):
    registration = guest(today)
    path = f"/registrations/{registration.pk}/public"

    response = put(concierge_api, path, {"category": SENIORS, "consent": True})
    assert response.status_code == 200, response.content
    assert (response.json()["public_category"], response.json()["consent"]) == (SENIORS, True)

    forgotten = put(concierge_api, path, {"category": "", "consent": False})
    assert (forgotten.json()["public_category"], forgotten.json()["consent"]) == ("", False)


def test_bad_publics_are_refused(concierge_api, member_api, person, today):
    registration = guest(today, person=person)
    path = f"/registrations/{registration.pk}/public"
    seniors_without_consent = {"category": SENIORS, "consent": False}
    unknown = {"category": "Martiens", "consent": True}

    assert_error(put(concierge_api, path, seniors_without_consent), 422, "consent_missing")
    assert_error(put(concierge_api, path, unknown), 422, "bad_vocabulary")
    assert_error(put(concierge_api, path, {"category": SENIORS}), 422, "invalid_body")
    assert_error(put(member_api, path, {"category": SENIORS, "consent": True}), 403)
    forget = {"category": "", "consent": False}
    assert_error(put(concierge_api, "/registrations/999999/public", forget), 404)
    registration.refresh_from_db()
    assert (registration.public_category, registration.consent) == ("", False)


# --- GET /places/{slug}/activity-report -----------------------------------------------------


def past_session(place, make_event, days, kind=EventKind.WORKSHOP, people=2, present=1):
    """A session `days` ago with `people` registered, the first `present` of them came."""
    start = local_at(place, -days, 10)
    event = make_event(start=start, now=start - timedelta(days=1), kind=kind, publics=[SENIORS])
    for n in range(people):
        registration = guest(event, f"P{n}", f"p{n}@example.org")
        attendance.attendance_mark(
            registration=registration,
            by=event.created_by,
            present=n < present,
            now=start + timedelta(minutes=5),
        )
    return event


def report_of(api, place, **span):
    return api.get(f"/places/{place.slug}/activity-report", **span)


def test_a_concierge_reads_the_activity_report(concierge_api, place, make_event):
    past_session(place, make_event, 3, people=2, present=1)
    past_session(place, make_event, 2, kind=EventKind.TALK, people=2, present=2)
    today = local_at(place, 0).date()
    span = {"start": (today - timedelta(days=7)).isoformat(), "end": today.isoformat()}

    response = report_of(concierge_api, place, **span)

    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["place"], body["start"], body["end"]) == (place.slug, span["start"], span["end"])
    assert (body["sessions"], body["mediation_sessions"], body["mediation_hours"]) == (2, 1, 2.0)
    assert (body["registrations"], body["present"], body["marked_absent"]) == (4, 3, 1)
    assert body["attendance_rate"] == 0.75
    assert (body["unique_people"], body["first_time"], body["returning"]) == (2, 2, 0)
    kinds = {row["key"]: row["sessions"] for row in body["by_kind"]}
    assert (kinds["atelier"], kinds["conference"], kinds["hackathon"]) == (1, 1, 0)
    publics = {row["key"]: row["sessions"] for row in body["by_public"]}
    assert publics[SENIORS] == 2


def test_the_report_costs_a_fixed_number_of_queries(concierge, place, make_event):
    api = api_for(concierge)
    today = local_at(place, 0).date()
    span = {"start": (today - timedelta(days=30)).isoformat(), "end": today.isoformat()}
    past_session(place, make_event, 10)
    report_of(api, place, **span)  # the token's first use is recorded once

    with CaptureQueriesContext(connection) as few:
        assert report_of(api, place, **span).status_code == 200
    for days in (3, 4, 5):
        past_session(place, make_event, days, people=3)
    with CaptureQueriesContext(connection) as many:
        assert report_of(api, place, **span).json()["sessions"] == 4

    assert len(few) == len(many)


def test_the_report_is_for_the_concierges_of_the_place(
    anonymous_api, member_api, other_concierge_api, place
):
    span = {"start": "2030-01-01", "end": "2030-01-31"}
    assert_error(report_of(anonymous_api, place, **span), 401)
    assert_error(report_of(member_api, place, **span), 403, "forbidden")
    assert_error(report_of(other_concierge_api, place, **span), 403, "forbidden")


@pytest.mark.parametrize(
    ("span", "code", "field"),
    [
        ({"start": "2030-02-01", "end": "2030-01-01"}, "invalid", "end"),
        ({"start": "2030-02-01"}, "invalid_params", "end"),
        ({"start": "1er février", "end": "2030-03-01"}, "invalid_params", "start"),
        ({"start": "2030-02-30", "end": "2030-03-01"}, "invalid_params", "start"),
    ],
)
def test_bad_periods_are_refused(concierge_api, place, span, code, field):
    error = assert_error(report_of(concierge_api, place, **span), 422, code)
    assert field in error["fields"], error


def test_the_report_of_an_unknown_place_is_a_404(concierge_api):
    span = {"start": "2030-01-01", "end": "2030-01-31"}
    assert_error(concierge_api.get("/places/nowhere/activity-report", **span), 404, "not_found")
