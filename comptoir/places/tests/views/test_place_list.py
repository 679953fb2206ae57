from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from comptoir.places.tests.factories import PlaceFactory

pytestmark = pytest.mark.django_db
URL = reverse("places:place-list")


def test_it_shows_active_places_as_cards_with_their_open_state_and_typology():
    PlaceFactory(name="Comptoir Numérique", commune="Saint-Étienne", typology=["EPN"])
    PlaceFactory(name="Fermé pour de bon", is_active=False)

    response = Client().get(URL)

    assert response.status_code == 200
    html = response.content.decode()
    assert "Comptoir Numérique" in html
    assert "Fermé pour de bon" not in html
    assert 'class="badge open"' in html or 'class="badge closed"' in html
    assert "(EPN)" in html


@pytest.mark.parametrize("count", [3, 10])
def test_it_costs_the_same_queries_whatever_the_number_of_places(count, django_assert_num_queries):
    PlaceFactory.create_batch(count)
    with django_assert_num_queries(2):  # count + page
        response = Client().get(URL)
    assert response.content.decode().count('class="card place-card"') == count


def test_it_paginates(settings):
    settings.COMPTOIR_PAGE_SIZE = 2
    PlaceFactory.create_batch(3)
    response = Client().get(URL, {"page": 2})
    assert response.content.decode().count('class="card place-card"') == 1
    assert Client().get(URL, {"page": "nonsense"}).status_code == 200
