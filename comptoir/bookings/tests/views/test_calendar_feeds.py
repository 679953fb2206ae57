"""My private calendar address: created from my bookings (shown once), revoked there."""

from __future__ import annotations

import re

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from comptoir.bookings.models import CalendarFeed
from comptoir.community.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

CREATE = reverse("bookings:calendar-feed-create")


def test_creating_an_address_shows_it_once_and_it_works(login, person):
    client = login(person)
    response = client.post(CREATE)
    assert response.status_code == 302
    (message,) = [str(m) for m in get_messages(response.wsgi_request)]
    address = re.search(r"https?://\S+\.ics", message).group(0)
    assert client.get(address).status_code == 200
    feed = CalendarFeed.objects.get(person=person)
    assert feed.secret_hash not in message  # only the secret's hash is kept
    page = client.get(reverse("bookings:my-bookings")).content.decode()
    assert reverse("bookings:calendar-feed-revoke", args=[feed.pk]) in page


def test_revoking_an_address_stops_it(login, person):
    client = login(person)
    response = client.post(CREATE)
    (message,) = [str(m) for m in get_messages(response.wsgi_request)]
    address = re.search(r"https?://\S+\.ics", message).group(0)
    feed = CalendarFeed.objects.get(person=person)
    assert client.post(reverse("bookings:calendar-feed-revoke", args=[feed.pk])).status_code == 302
    assert client.get(address).status_code == 404


def test_someone_else_cannot_revoke_my_address(login, person):
    login(person).post(CREATE)
    feed = CalendarFeed.objects.get(person=person)
    intruder = login(PersonFactory())
    assert (
        intruder.post(reverse("bookings:calendar-feed-revoke", args=[feed.pk])).status_code == 404
    )
    feed.refresh_from_db()
    assert feed.revoked_at is None


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.post(CREATE)
    assert response.status_code == 302 and "/comptes/login/" in response["Location"]
    assert not CalendarFeed.objects.exists()
