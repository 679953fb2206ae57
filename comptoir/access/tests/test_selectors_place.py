"""access.selectors.active_place_with_settings: the place a check-in names, in one statement."""

from __future__ import annotations

from datetime import time

import pytest

from comptoir.access import selectors
from comptoir.access.models import PlaceAccessSettings
from comptoir.places.tests.factories import PlaceFactory

pytestmark = pytest.mark.django_db


def test_it_brings_the_settings_of_the_place(django_assert_num_queries):
    place = PlaceFactory()
    PlaceAccessSettings.objects.create(
        place=place,
        afternoon_starts_at=time(13, 30),
        over_seats=PlaceAccessSettings.OverSeats.REFUSE,
    )

    with django_assert_num_queries(1):
        found = selectors.active_place_with_settings(slug=place.slug)
        assert found is not None
        settings = found.access_settings

    assert found == place and found.name == place.name and found.network_id == place.network_id
    assert settings.afternoon_starts_at == time(13, 30)
    assert settings.over_seats == PlaceAccessSettings.OverSeats.REFUSE
    assert settings.place is found and not settings._state.adding


def test_a_place_without_settings_says_so_without_a_query(django_assert_num_queries):
    place = PlaceFactory()

    with django_assert_num_queries(1):
        found = selectors.active_place_with_settings(slug=place.slug)
        assert found is not None
        with pytest.raises(PlaceAccessSettings.DoesNotExist):
            found.access_settings  # noqa: B018 (the access is the test)


def test_an_unknown_or_inactive_place_is_none():
    closed = PlaceFactory(is_active=False)

    assert selectors.active_place_with_settings(slug=closed.slug) is None
    assert selectors.active_place_with_settings(slug="nulle-part") is None
