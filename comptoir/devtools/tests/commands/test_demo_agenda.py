"""The demo agenda: a month of EPN workshops ahead and the month behind with who came,
the Semaine Tiers-Lieux programme and the Event42 hackathon, all through the services."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db.models import Count, Q
from django.utils import timezone

from comptoir.agenda.models import Event, EventKind, Registration
from comptoir.agenda.reports import activity_report
from comptoir.bookings.models import Booking
from comptoir.devtools.tests.commands.test_comptoir_demo import load
from comptoir.places.models import Place

pytestmark = pytest.mark.django_db


def test_it_schedules_a_month_of_epn_workshops_in_the_epn_room() -> None:
    load()

    now = timezone.now()
    main = Place.objects.get(slug="comptoir-numerique")
    coming = Event.objects.filter(place=main, start__gt=now, kind__in=["atelier", "permanence"])
    weeks = {event.start.isocalendar()[1] for event in coming.filter(series__isnull=False)}
    assert len(weeks) == 4
    assert coming.filter(series__isnull=False).values("series").distinct().count() == 5
    assert not coming.filter(series__isnull=False).exclude(space__slug="epn").exists()
    assert any("Seniors" in event.publics for event in coming)
    held = Booking.objects.filter(event__place=main, status="confirmed")
    assert held.count() == Event.objects.filter(place=main, booking__isnull=False).count() > 0


def test_it_has_the_tiers_lieux_week_and_the_event42_hackathon() -> None:
    load()

    week = Event.objects.filter(title__startswith="Semaine Tiers-Lieux")
    assert week.count() == 5
    assert len({event.start.date() for event in week}) == 5
    hackathon = Event.objects.get(title="Hackathon Event42")
    assert hackathon.kind == EventKind.HACKATHON
    assert hackathon.end - hackathon.start == timedelta(hours=48)
    assert hackathon.organizer_organization is not None
    assert hackathon.booking is not None and hackathon.booking.seats == 8  # every desk
    assert Event.objects.filter(place__slug="le-mixeur").count() == 2


def test_it_fills_a_workshop_with_a_waitlist_and_records_the_past_month() -> None:
    load()

    now = timezone.now()
    full = (
        Event.objects.filter(start__gt=now)
        .annotate(waiting=Count("registrations", filter=Q(registrations__status="waitlisted")))
        .get(waiting__gt=0)
    )
    assert full.title.startswith("Démarches")
    assert full.registrations.filter(status="confirmed").count() == full.capacity
    past = Registration.objects.filter(event__end__lt=now)
    assert past.filter(attendance="present").count() > past.filter(attendance="absent").count()
    assert past.filter(walk_in=True, consent=True).exclude(public_category="").exists()
    main = Place.objects.get(slug="comptoir-numerique")
    today = timezone.localdate()
    report = activity_report(place=main, start=today - timedelta(days=60), end=today)
    assert report.sessions == 20
    assert report.unique_people > 5


def test_it_loads_the_agenda_once() -> None:
    load()
    events, registrations = Event.objects.count(), Registration.objects.count()

    load()

    assert (Event.objects.count(), Registration.objects.count()) == (events, registrations)
