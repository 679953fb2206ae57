"""The desk's row says what pays before the check-in, and selling stays at hand after it,
with the person named on the sale page (issue 14)."""

from __future__ import annotations

import re
from html import unescape
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from comptoir.access.tests.factories import discovery_plan
from comptoir.community.models import Person, Role
from comptoir.places.models import Place
from comptoir.presence.tests.views.conftest import member_of

pytestmark = pytest.mark.django_db


def kiosk(place):
    return reverse("presence:kiosk", args=[place.slug])


def test_victor_of_the_demo_is_told_his_discovery_visit_pays():
    call_command("comptoir_demo", stdout=StringIO())
    place = Place.objects.get(slug="comptoir-numerique")
    client = Client()
    client.force_login(Person.objects.get(email="claire@comptoir.test"))
    body = client.get(kiosk(place), {"q": "victor"}, HTTP_ACCEPT_LANGUAGE="en").text
    row = body[body.index('id="kiosk-person-') :]
    assert "Pays: the free discovery visit" in row
    assert "Nothing valid today" not in row


def test_a_refusal_reason_shows_on_the_row(concierge_client, place):
    member_of(place, Role.NOMAD, first_name="Sans", last_name="Rien")
    body = concierge_client.get(kiosk(place), {"q": "sans rien"}, HTTP_ACCEPT_LANGUAGE="en").text
    assert 'class="badge closed kiosk-pays"' in body
    assert "No subscription, ticket book or day pass is valid here today." in body


def test_sell_stays_after_a_check_in_and_names_the_person(concierge_client, place, htmx):
    discovery_plan(place)
    victor = member_of(place, Role.TRAVELLER, first_name="Victor", last_name="Leroy")
    url = reverse("presence:kiosk-check-in", args=[place.slug])
    response = concierge_client.post(url, {"person": victor.pk, "q": "victor"}, **htmx)
    assert response.status_code == 200
    body = response.text
    sell = reverse("access:sell", args=[place.slug])
    links = [unescape(h) for h in re.findall(r'href="([^"]+)"', body) if h.startswith(sell)]
    assert len(links) == 1, body
    page = concierge_client.get(links[0]).text
    assert "Victor Leroy" in page
    [field] = re.findall(r'<input[^>]*name="person"[^>]*>', page)
    assert 'type="hidden"' in field
    assert f'value="{victor.pk}"' not in field
    assert not re.search(r'<input[^>]*type="text"[^>]*name="person"', page)
