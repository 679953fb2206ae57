"""A person replaces a lost or copied member card from their profile: the new card works at
the desk, every older one is refused there with a message saying so."""

from __future__ import annotations

import pytest
from django.core import signing
from django.urls import reverse
from django.utils import translation

from comptoir.community.tests.factories import PersonFactory
from comptoir.core.exceptions import NotAllowed
from comptoir.core.models import AuditEvent
from comptoir.presence import cards, services
from comptoir.presence.audit import Verb
from comptoir.presence.models import Visit

pytestmark = pytest.mark.django_db

REPLACE = "presence:my-card-replace"


def scan(client, place, payload):
    return client.post(reverse("presence:kiosk-scan", args=[place.slug]), {"card": payload})


def test_the_first_card_is_the_bare_id_as_before_versions(nomad):
    """Cards printed before versions existed keep working until their holder replaces them."""
    assert cards.card_payload(nomad) == signing.Signer(salt=cards.SALT).sign(str(nomad.pk))
    assert cards.card_read(cards.card_payload(nomad)) == cards.ScannedCard(nomad.pk, 1)


def test_replacing_the_card_from_the_profile_gives_a_new_code(login, nomad):
    client = login(nomad)
    old = cards.card_payload(nomad)
    response = client.post(reverse(REPLACE), {"back": "profile"})
    assert response.status_code == 302
    assert response["Location"] == reverse("community:profile")
    nomad.refresh_from_db()
    assert nomad.card_version == 2
    new = cards.card_payload(nomad)
    assert new != old and new.startswith(f"{nomad.pk}.2:")
    page = client.get(response["Location"]).content.decode()
    assert "The old one no longer works" in page or "ancienne ne fonctionne plus" in page
    event = AuditEvent.objects.get(verb=Verb.CARD_REPLACED)
    assert (event.actor, event.target_id, event.data) == (nomad, str(nomad.pk), {"version": 2})


def test_the_card_page_offers_to_replace_it_and_comes_back_to_it(login, nomad):
    client = login(nomad)
    page = client.get(reverse("presence:my-card")).content.decode()
    assert reverse(REPLACE) in page
    response = client.post(reverse(REPLACE), {"back": "card"})
    assert response["Location"] == reverse("presence:my-card")
    # An unknown `back` is no error: the card page.
    assert client.post(reverse(REPLACE), {"back": "//evil"})["Location"] == reverse(
        "presence:my-card"
    )
    nomad.refresh_from_db()
    assert nomad.card_version == 3


def test_the_profile_page_offers_to_replace_the_card(login, nomad):
    body = login(nomad).get(reverse("community:profile")).content.decode()
    assert reverse(REPLACE) in body and 'value="profile"' in body


def test_replacing_takes_a_logged_in_post(client, login, nomad):
    response = client.post(reverse(REPLACE))
    assert response.status_code == 302 and reverse("account_login") in response["Location"]
    assert login(nomad).get(reverse(REPLACE)).status_code == 405
    nomad.refresh_from_db()
    assert nomad.card_version == 1


def test_no_one_else_replaces_my_card(nomad, concierge):
    with pytest.raises(NotAllowed):
        services.card_replace(person=nomad, by=concierge)
    admin = PersonFactory(is_superuser=True, is_staff=True)
    assert services.card_replace(person=nomad, by=admin) == 2


def test_the_desk_refuses_the_old_card_and_takes_the_new_one(
    concierge_client, place, nomad, sell_book
):
    sell_book(nomad)
    old = cards.card_payload(nomad)
    services.card_replace(person=nomad, by=nomad)
    refused = scan(concierge_client, place, old)
    assert refused.status_code == 422
    body = refused.content.decode()
    assert "outcome refused" in body
    with translation.override("fr"):
        assert str(cards.CardRevoked.default_message) in body
    assert not Visit.objects.exists()
    accepted = scan(concierge_client, place, cards.card_payload(nomad))
    assert accepted.status_code == 302
    assert Visit.objects.filter(person=nomad).exists()


def test_the_refusal_of_an_old_card_is_translated(concierge_client, place, nomad):
    old = cards.card_payload(nomad)
    services.card_replace(person=nomad, by=nomad)
    body = scan(concierge_client, place, old).content.decode()
    assert "Cette carte a été remplacée par une nouvelle et ne fonctionne plus" in body


def test_a_card_of_a_version_never_issued_is_refused(concierge_client, place, nomad):
    """Signed with the key but ahead of the person's card (only the key's holder could make
    it): refused all the same."""
    ahead = signing.Signer(salt=cards.SALT).sign(f"{nomad.pk}.5")
    assert scan(concierge_client, place, ahead).status_code == 422
    for bad in (f"{nomad.pk}.", f"{nomad.pk}.x", f".{nomad.pk}", f"{nomad.pk}.2.3"):
        with pytest.raises(cards.BadCard):
            cards.card_read(signing.Signer(salt=cards.SALT).sign(bad))


def test_a_card_survives_a_key_rotation_while_the_old_key_is_a_fallback(
    login, concierge, place, nomad, settings
):
    old_key = settings.SECRET_KEY
    payload = cards.card_payload(nomad)
    settings.SECRET_KEY = "a-new-key-" + "z" * 40
    settings.SECRET_KEY_FALLBACKS = [old_key]
    assert cards.card_holder(payload) == nomad
    settings.SECRET_KEY_FALLBACKS = []
    with pytest.raises(cards.BadCard):
        cards.card_holder(payload)
    # (Logged in again: without the old key, the sessions it signed are over too.)
    assert scan(login(concierge), place, payload).status_code == 422
