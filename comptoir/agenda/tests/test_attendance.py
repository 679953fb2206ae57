"""Attendance on the day: marks, walk-ins and a person's public (with consent only)."""

from __future__ import annotations

import zoneinfo
from datetime import datetime, timedelta
from typing import Any

import pytest

from comptoir.agenda.exceptions import (
    AlreadyRegistered,
    BadPhone,
    BadVocabulary,
    EventCancelled,
    RegistrationCancelled,
)
from comptoir.agenda.models import Event, EventKind, Registration
from comptoir.agenda.services import attendance as services
from comptoir.agenda.services.registrations import Guest, register_guest, registration_cancel
from comptoir.agenda.tests.conftest import local_at
from comptoir.core.exceptions import Conflict, InvalidInput, NotAllowed
from comptoir.core.models import AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def today(place: Any) -> Event:
    """A workshop of two seats at 14:00 today (place time)."""
    start = local_at(place, 0, 14)
    return Event.objects.create(
        place=place, title="Atelier", kind=EventKind.WORKSHOP, start=start,
        end=start + timedelta(hours=2), capacity=2,
    )  # fmt: skip


def guest(event: Event, name: str, email: str = "") -> Registration:
    email = email or f"{name.lower()}@example.org"
    return register_guest(
        event=event, guest=Guest(name=name, email=email), now=event.start - timedelta(days=1)
    )


def on_the_day(event: Event, hour: int = 9) -> datetime:
    tz = zoneinfo.ZoneInfo(event.place.timezone)
    return event.start.astimezone(tz).replace(hour=hour)


def test_a_concierge_marks_people_present_and_absent(today: Event, concierge: Any) -> None:
    alice, bob = guest(today, "Alice"), guest(today, "Bob")
    services.attendance_mark(registration=alice, by=concierge, present=True)
    services.attendance_mark(registration=bob, by=concierge, present=False)
    alice.refresh_from_db()
    bob.refresh_from_db()
    assert (alice.attendance, bob.attendance) == ("present", "absent")
    # A mark can be corrected.
    services.attendance_mark(registration=bob, by=concierge, present=True)
    bob.refresh_from_db()
    assert bob.attendance == "present"
    assert AuditEvent.objects.filter(verb="registration.marked").count() == 3


def test_marking_waits_for_the_day_of_the_event(make_event: Any, concierge: Any) -> None:
    event = make_event()  # three days from now
    alice = guest(event, "Alice")
    with pytest.raises(services.AttendanceTooEarly):
        services.attendance_mark(registration=alice, by=concierge, present=True)
    # From the morning of the day, before it starts, it is fine.
    services.attendance_mark(
        registration=alice, by=concierge, present=True, now=on_the_day(event, 8)
    )
    alice.refresh_from_db()
    assert alice.attendance == "present"


def test_the_day_is_the_places_day(place: Any, concierge: Any) -> None:
    place.timezone = "Pacific/Noumea"  # UTC+11
    place.save()
    tz = zoneinfo.ZoneInfo("Pacific/Noumea")
    start = datetime(2030, 3, 12, 9, tzinfo=tz)  # still 11 March in UTC
    event = Event.objects.create(place=place, title="Atelier", kind=EventKind.WORKSHOP,
                                 start=start, end=start + timedelta(hours=2))  # fmt: skip
    alice = guest(event, "Alice")
    the_evening_before = datetime(2030, 3, 11, 23, 30, tzinfo=tz)  # 11 March in UTC too
    with pytest.raises(services.AttendanceTooEarly):
        services.attendance_mark(
            registration=alice, by=concierge, present=True, now=the_evening_before
        )
    with pytest.raises(services.AttendanceTooEarly):
        services.walk_in_add(event=event, by=concierge, name="Zoé", now=the_evening_before)
    assert event.registrations.count() == 1


def test_only_people_who_can_edit_the_event_take_attendance(
    today: Event, nomad: Any, other_concierge: Any, person: Any, concierge: Any
) -> None:
    alice = guest(today, "Alice")
    for someone in (nomad, other_concierge):
        with pytest.raises(NotAllowed):
            services.attendance_mark(registration=alice, by=someone, present=True)
        with pytest.raises(NotAllowed):
            services.walk_in_add(event=today, by=someone, name="Zoé")
        with pytest.raises(NotAllowed):
            services.public_category_record(
                registration=alice, by=someone, category="Seniors", consent=True
            )
    # The organizer does.
    Event.objects.filter(pk=today.pk).update(organizer_person=person)
    services.attendance_mark(registration=alice, by=person, present=True)
    assert today.registrations.filter(attendance="present").count() == 1


def test_cancelled_events_and_registrations_are_refused(today: Event, concierge: Any) -> None:
    alice, bob = guest(today, "Alice"), guest(today, "Bob")
    registration_cancel(registration=bob, by=concierge, now=today.start - timedelta(days=1))
    with pytest.raises(RegistrationCancelled):
        services.attendance_mark(registration=bob, by=concierge, present=True)
    Event.objects.filter(pk=today.pk).update(status=Event.Status.CANCELLED)
    with pytest.raises(EventCancelled):
        services.attendance_mark(registration=alice, by=concierge, present=True)
    with pytest.raises(EventCancelled):
        services.walk_in_add(event=today, by=concierge, name="Zoé")


def test_someone_from_the_waitlist_who_came_is_confirmed(today: Event, concierge: Any) -> None:
    guest(today, "Alice")
    guest(today, "Bob")
    carol = guest(today, "Carol")
    assert carol.status == Registration.Status.WAITLISTED
    with pytest.raises(Conflict):
        services.attendance_mark(registration=carol, by=concierge, present=False)
    services.attendance_mark(registration=carol, by=concierge, present=True)
    carol.refresh_from_db()
    assert (carol.status, carol.attendance) == ("confirmed", "present")


def test_a_walk_in_is_present_even_beyond_the_seats(today: Event, concierge: Any) -> None:
    guest(today, "Alice")
    guest(today, "Bob")  # the two seats are taken
    zoe = services.walk_in_add(event=today, by=concierge, name="  Zoé   Martin ")
    assert (zoe.status, zoe.attendance, zoe.walk_in) == ("confirmed", "present", True)
    assert zoe.name == "Zoé Martin"
    assert zoe.identity == "n:zoé martin"
    assert zoe.registered_by == concierge
    assert today.registrations.filter(status="confirmed").count() == 3
    assert AuditEvent.objects.filter(verb="registration.walk_in").count() == 1


def test_a_walk_in_with_contact_details(today: Event, concierge: Any, person: Any) -> None:
    zoe = services.walk_in_add(
        event=today, by=concierge, name="Zoé", email="Zoe@Example.org", phone="06 12 34 56 78"
    )
    assert (zoe.email, zoe.phone, zoe.identity) == (
        "Zoe@Example.org", "+33612345678", "e:zoe@example.org"
    )  # fmt: skip
    member = services.walk_in_add(event=today, by=concierge, name="", person=person)
    assert (member.name, member.identity) == (person.display_name, f"p:{person.pk}")


@pytest.mark.parametrize(
    ("values", "error"),
    [
        ({"name": "   "}, InvalidInput),
        ({"name": "Zoé", "email": "not-an-email"}, InvalidInput),
        ({"name": "Zoé", "phone": "12"}, BadPhone),
        ({"name": "Zoé", "public_category": "Seniors"}, services.ConsentMissing),
        ({"name": "Zoé", "public_category": "Martiens", "consent": True}, BadVocabulary),
        ({"name": "Alice again", "email": "ALICE@example.org"}, AlreadyRegistered),
    ],
)
def test_a_bad_walk_in_is_refused_and_nothing_is_saved(
    today: Event, concierge: Any, values: dict[str, Any], error: type[Exception]
) -> None:
    guest(today, "Alice")
    with pytest.raises(error):
        services.walk_in_add(event=today, by=concierge, **values)
    assert today.registrations.count() == 1


def test_a_walk_in_can_give_their_public_with_consent(today: Event, concierge: Any) -> None:
    zoe = services.walk_in_add(
        event=today, by=concierge, name="Zoé", public_category="Jeunes", consent=True
    )
    assert (zoe.public_category, zoe.consent) == ("Jeunes", True)


def test_a_public_is_recorded_only_with_consent(today: Event, concierge: Any) -> None:
    alice = guest(today, "Alice")
    with pytest.raises(services.ConsentMissing) as refused:
        services.public_category_record(
            registration=alice, by=concierge, category="Seniors", consent=False
        )
    assert refused.value.field == "consent"
    with pytest.raises(BadVocabulary):
        services.public_category_record(
            registration=alice, by=concierge, category="Retraités", consent=True
        )
    alice.refresh_from_db()
    assert (alice.public_category, alice.consent) == ("", False)
    services.public_category_record(
        registration=alice, by=concierge, category="Seniors", consent=True
    )
    alice.refresh_from_db()
    assert (alice.public_category, alice.consent) == ("Seniors", True)
    # Withdrawn: the public goes with the consent; the log never holds the public.
    services.public_category_record(registration=alice, by=concierge, category="", consent=False)
    alice.refresh_from_db()
    assert (alice.public_category, alice.consent) == ("", False)
    logged = AuditEvent.objects.filter(verb="registration.public_recorded")
    assert logged.count() == 2
    assert all("Seniors" not in str(row.data) for row in logged)
