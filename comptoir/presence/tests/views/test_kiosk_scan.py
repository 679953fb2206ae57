from __future__ import annotations

import pytest
from django.core import signing
from django.urls import reverse

from comptoir.presence import cards
from comptoir.presence.models import Access, Visit
from comptoir.presence.tests.views.conftest import member_of

pytestmark = pytest.mark.django_db


def url(place):
    return reverse("presence:kiosk-scan", args=[place.slug])


def test_a_scanned_card_checks_the_person_in(concierge_client, place, nomad, sell_book, htmx):
    sell_book(nomad)
    # Scanners type a newline (or spaces) after the code: they are ignored.
    payload = cards.card_payload(nomad) + "\n"
    response = concierge_client.post(url(place), {"card": payload}, **htmx)
    assert response.status_code == 200
    assert "Nina Martin" in response.content.decode()
    assert Visit.objects.get(person=nomad).access == Access.TICKET


def test_without_javascript_it_redirects_with_a_message(concierge_client, place, nomad, sell_book):
    sell_book(nomad)
    response = concierge_client.post(url(place), {"card": cards.card_payload(nomad)})
    assert response.status_code == 302
    assert Visit.objects.filter(person=nomad).exists()


@pytest.mark.parametrize(
    "payload",
    [
        "",
        "hello",
        "12",
        "12:forged-signature",
        "x" * 500,
        # Signed with the right key but another salt: not a card.
        signing.Signer(salt="other").sign("1"),
        # A signed value that is not an id.
        signing.Signer(salt=cards.SALT).sign("abc"),
    ],
)
def test_a_bad_payload_is_refused_with_a_message(concierge_client, place, payload):
    response = concierge_client.post(url(place), {"card": payload})
    assert response.status_code == 422
    body = response.content.decode()
    assert "outcome refused" in body
    assert not Visit.objects.exists()


def test_a_card_of_an_unknown_person_is_refused(concierge_client, place):
    payload = signing.Signer(salt=cards.SALT).sign("987654")
    assert concierge_client.post(url(place), {"card": payload}).status_code == 422


def test_a_card_of_a_deactivated_account_is_refused(concierge_client, place):
    gone = member_of(place, is_active=False)
    assert concierge_client.post(url(place), {"card": cards.card_payload(gone)}).status_code == 422
    assert not Visit.objects.exists()


def test_a_refused_check_in_by_card_says_why(concierge_client, place, offers):
    walker = member_of(place)
    response = concierge_client.post(url(place), {"card": cards.card_payload(walker)})
    assert response.status_code == 403
    assert offers["day_pass"].name in response.content.decode()
    assert not Visit.objects.exists()


def test_only_concierges_may_scan(login, place, nomad, sell_book):
    sell_book(nomad)
    response = login(nomad).post(url(place), {"card": cards.card_payload(nomad)})
    assert response.status_code == 403
    assert not Visit.objects.exists()


def test_anonymous_visitors_are_sent_to_log_in(client, place, nomad):
    response = client.post(url(place), {"card": cards.card_payload(nomad)})
    assert response.status_code == 302
    assert not Visit.objects.exists()
