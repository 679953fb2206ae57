"""The README's tour works whatever the day and time (issue 14): the demo is loaded a few
minutes before, then the steps run with the clock frozen on a Sunday evening, in the middle
of a Monday night and on a public holiday, under the real rules."""

from __future__ import annotations

from datetime import datetime, timedelta
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from comptoir.agenda.models import Registration
from comptoir.bookings import services as bookings
from comptoir.bookings.models import Booking, Resource
from comptoir.community.models import Person
from comptoir.places.models import Place
from comptoir.presence.models import Access, Visit

pytestmark = pytest.mark.django_db

PARIS = ZoneInfo("Europe/Paris")
MOMENTS = [
    pytest.param(datetime(2026, 12, 6, 22, 0, tzinfo=PARIS), id="sunday-22h"),
    pytest.param(datetime(2026, 12, 7, 3, 0, tzinfo=PARIS), id="monday-03h"),
    pytest.param(datetime(2026, 12, 25, 15, 0, tzinfo=PARIS), id="christmas-15h"),
]


def _client(email: str) -> Client:
    client = Client()
    client.force_login(Person.objects.get(email=email))
    return client


@pytest.mark.parametrize("moment", MOMENTS)
def test_the_tour_succeeds_at_any_hour(moment: datetime, django_capture_on_commit_callbacks):
    with time_machine.travel(moment - timedelta(minutes=10), tick=False):
        call_command("comptoir_demo", "--if-empty", stdout=StringIO())
    with time_machine.travel(moment, tick=False):
        place = Place.objects.get(slug="comptoir-numerique")
        assert "Ouvert" in _client("victor@comptoir.test").get(place.get_absolute_url()).text

        # A concierge checks Victor in at the desk: his discovery visit pays.
        victor = Person.objects.get(email="victor@comptoir.test")
        desk = _client("claire@comptoir.test")
        kiosk = reverse("presence:kiosk-check-in", args=[place.slug])
        response = desk.post(kiosk, {"person": victor.pk, "q": "victor"})
        assert response.status_code == 302, response.text
        visit = Visit.objects.get(person=victor, place=place)
        assert visit.access == Access.DISCOVERY
        assert visit.override_reason == ""

        # A résidente checks herself in, then books the meeting room for the next hour.
        rosa = Person.objects.get(email="rosa@comptoir.test")
        presence = reverse("presence:self-check-in", args=[place.slug])
        assert _client("rosa@comptoir.test").post(presence).status_code == 302
        assert Visit.objects.filter(person=rosa, place=place, checked_out_at=None).exists()
        room = Resource.objects.get(place=place, slug="salle-de-reunion")
        start = timezone.now().replace(minute=0, second=0, microsecond=0) + timedelta(hours=1)
        booking = bookings.booking_create(
            resource=room, person=rosa, start=start, end=start + timedelta(hours=1), by=rosa
        )
        assert booking.status == Booking.Status.CONFIRMED


def test_loading_the_demo_emails_nobody_about_past_events(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("comptoir_demo", stdout=StringIO())
    now = timezone.now()
    assert Registration.objects.filter(event__end__lt=now).exclude(email="").exists()
    upcoming = Registration.objects.filter(event__end__gt=now).exclude(email="")
    assert len(mail.outbox) == upcoming.count() > 0
    titles = {title for title in upcoming.values_list("event__title", flat=True)}
    assert all(any(title in message.subject for title in titles) for message in mail.outbox)
