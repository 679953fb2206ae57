from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from comptoir.core.exceptions import NotAllowed
from comptoir.core.models import AuditEvent
from comptoir.places import services
from comptoir.places.tests.factories import NetworkFactory
from comptoir.places.tests.helpers import superuser

pytestmark = pytest.mark.django_db


def _create(**extra):
    fields = {
        "name": "La Cartonnerie",
        "address": "1 rue Ponchardier",
        "postal_code": "42000",
        "commune": "Saint-Étienne",
        **extra,
    }
    return services.place_create(network=NetworkFactory(), **fields)


def test_it_creates_a_place_with_a_unique_slug_and_audits_it():
    admin = superuser()
    first = _create(by=admin, opening_hours="We-Sa 14:00-19:00")
    second = _create(by=admin)
    assert (first.slug, second.slug) == ("la-cartonnerie", "la-cartonnerie-2")
    assert AuditEvent.objects.filter(verb="place.created", place=first).count() == 1


def test_it_is_for_network_admins_only(concierge):
    with pytest.raises(NotAllowed):
        _create(by=concierge)


def test_it_refuses_invalid_hours_and_postal_codes():
    with pytest.raises(ValidationError) as error:
        _create(by=None, opening_hours="tous les jours", postal_code="4200")
    assert {"opening_hours", "postal_code"} <= set(error.value.message_dict)
