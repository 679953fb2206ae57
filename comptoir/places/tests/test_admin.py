from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from comptoir.community.tests.factories import PersonFactory
from comptoir.places.tests.factories import EquipmentFactory, NearbyPlaceFactory

pytestmark = pytest.mark.django_db

PAGES = ["network", "place", "space", "nearbyplace"]


def test_a_network_admin_uses_the_places_admin_with_its_inlines():
    nearby = NearbyPlaceFactory()
    space = EquipmentFactory().space
    client = Client()
    client.force_login(PersonFactory(is_superuser=True, is_staff=True))
    for model in PAGES:
        assert client.get(reverse(f"admin:places_{model}_changelist")).status_code == 200
    assert (
        client.get(reverse("admin:places_place_change", args=[nearby.place.pk])).status_code == 200
    )
    assert client.get(reverse("admin:places_space_change", args=[space.pk])).status_code == 200


def test_staff_who_are_not_superusers_cannot_use_it(concierge):
    concierge.is_staff = True
    concierge.save()
    client = Client()
    client.force_login(concierge)
    for model in PAGES:
        response = client.get(reverse(f"admin:places_{model}_changelist"))
        assert response.status_code == 302  # sent to the admin login: the site refuses them
        assert "/admin/login/" in response["Location"]
