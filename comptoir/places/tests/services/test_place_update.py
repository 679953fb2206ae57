from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from comptoir.community.models import Role
from comptoir.core.exceptions import NotAllowed
from comptoir.core.models import AuditEvent
from comptoir.places import services
from comptoir.places.models import Place
from comptoir.places.tests.factories import PlaceFactory
from comptoir.places.tests.helpers import nomad, occasional_concierge, person_with_role, superuser

pytestmark = pytest.mark.django_db


def test_it_lets_a_permanent_concierge_update_their_place_and_audits_it(place, concierge):
    services.place_update(
        place=place,
        by=concierge,
        summary="Un tiers-lieu",
        opening_hours="Mo-Fr 09:00-19:00; Sa 10:00-13:00",
        latitude=Decimal("45.443700"),
    )

    place.refresh_from_db()
    assert place.summary == "Un tiers-lieu"
    assert place.opening_hours == "Mo-Fr 09:00-19:00; Sa 10:00-13:00"
    event = AuditEvent.objects.get(verb="place.updated")
    assert event.place_id == place.pk
    assert event.actor_id == concierge.pk
    assert event.data == {"fields": ["latitude", "opening_hours", "summary"]}


def test_it_lets_a_network_admin_update_any_place(place):
    services.place_update(place=place, by=superuser(), commune="Firminy")
    assert Place.objects.get(pk=place.pk).commune == "Firminy"


@pytest.mark.parametrize("who", ["occasional", "nomad", "other_place", "anonymous"])
def test_it_refuses_anyone_but_permanent_concierges_and_admins(place, who):
    from django.contrib.auth.models import AnonymousUser

    by = {
        "occasional": lambda: occasional_concierge(place),
        "nomad": lambda: nomad(place),
        "other_place": lambda: person_with_role(PlaceFactory(), Role.CONCIERGE_PERMANENT),
        "anonymous": AnonymousUser,
    }[who]()
    with pytest.raises(NotAllowed):
        services.place_update(place=place, by=by, name="Renamed")
    assert Place.objects.get(pk=place.pk).name == place.name
    assert not AuditEvent.objects.filter(verb="place.updated").exists()


def test_it_refuses_invalid_opening_hours_and_saves_nothing(place, concierge):
    before = place.opening_hours
    with pytest.raises(ValidationError) as error:
        services.place_update(
            place=place, by=concierge, name="Renamed", opening_hours="lundi 9h-18h"
        )
    assert "opening_hours" in error.value.message_dict
    fresh = Place.objects.get(pk=place.pk)
    assert fresh.opening_hours == before
    assert fresh.name != "Renamed"
    assert not AuditEvent.objects.filter(verb="place.updated").exists()


def test_it_refuses_an_unknown_typology_and_a_bad_time_zone(place, concierge):
    with pytest.raises(ValidationError) as error:
        services.place_update(place=place, by=concierge, typology=["CASINO"])
    assert "typology" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.place_update(place=place, by=concierge, timezone="Mars/Olympus")
    assert "timezone" in error.value.message_dict


def test_it_cleans_the_services_list(place, concierge):
    services.place_update(
        place=place, by=concierge, services=[" Coworking ", "", "Give  Box", "Coworking"]
    )
    assert Place.objects.get(pk=place.pk).services == ["Coworking", "Give Box"]


def test_it_refuses_fields_that_are_not_editable(place, concierge):
    with pytest.raises(ValueError):
        services.place_update(place=place, by=concierge, slug="hijack")
