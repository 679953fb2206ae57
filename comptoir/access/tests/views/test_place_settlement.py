"""A place's dashboard links to its network's settlement through a stable redirect."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_it_redirects_to_the_settlement_of_the_network(concierge_client, place):
    response = concierge_client.get(reverse("access:place-settlement", args=[place.slug]))
    assert response.status_code == 302
    assert response["Location"] == reverse("access:settlement", args=[place.network.slug])


def test_an_unknown_place_is_not_found(concierge_client):
    response = concierge_client.get(reverse("access:place-settlement", args=["nulle-part"]))
    assert response.status_code == 404


def test_anonymous_visitors_are_sent_to_log_in(client, place):
    response = client.get(reverse("access:place-settlement", args=[place.slug]))
    assert response.status_code == 302
    assert "/comptes/login/" in response["Location"]
