from __future__ import annotations

import re

import pytest
from django.urls import reverse

from comptoir.presence import cards

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("name", ["presence:my-card", "presence:my-card-svg"])
def test_anonymous_visitors_are_sent_to_log_in(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_the_card_page_shows_a_big_qr_code_and_my_name(login, nomad):
    response = login(nomad).get(reverse("presence:my-card"))
    assert response.status_code == 200
    body = response.content.decode()
    assert '<svg role="img" aria-label=' in body and 'class="qr-code"' in body
    assert "Nina Martin" in body
    assert reverse("presence:my-card-svg") in body
    assert "private" in response["Cache-Control"]
    # Everything is served inline: no third-party QR service.
    assert (
        "http://" not in body.split("<main", 1)[1] and "https://" not in body.split("<main", 1)[1]
    )


def test_the_svg_file_is_a_standalone_image(login, nomad):
    response = login(nomad).get(reverse("presence:my-card-svg"))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    assert b"<svg" in response.content and b"xmlns" in response.content


def test_the_payload_names_me_and_only_me(nomad):
    payload = cards.card_payload(nomad)
    assert cards.person_id_from_card(payload) == nomad.pk
    tampered = re.sub(r"^\d+", str(nomad.pk + 1), payload)
    with pytest.raises(cards.BadCard):
        cards.person_id_from_card(tampered)


def test_the_profile_page_links_to_my_card_and_visits(login, nomad):
    body = login(nomad).get(reverse("community:profile")).content.decode()
    assert reverse("presence:my-card") in body
    assert reverse("presence:my-visits") in body
    assert '<svg role="img"' in body
    assert 'name="show_presence"' in body


def test_i_can_opt_in_to_be_shown_as_present(login, nomad):
    data = {
        "first_name": "Nina",
        "last_name": "Martin",
        "directory_visibility": "hidden",
        "preferred_language": "fr",
        "show_presence": "on",
    }
    response = login(nomad).post(reverse("community:profile"), data)
    assert response.status_code == 302
    nomad.refresh_from_db()
    assert nomad.show_presence


def test_the_card_page_costs_two_queries(login, nomad, django_assert_num_queries):
    client = login(nomad)
    # session, user: the QR code is computed, not stored.
    with django_assert_num_queries(2):
        assert client.get(reverse("presence:my-card")).status_code == 200
