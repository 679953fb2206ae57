"""A place's permanent concierges add bookable resources and set their rules."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from comptoir.bookings.models import Resource
from comptoir.core.models import AuditEvent
from comptoir.places.tests.factories import SpaceFactory

pytestmark = pytest.mark.django_db


def url(place: Any) -> str:
    return reverse("bookings:resources", args=[place.slug])


def edit_url(resource: Any) -> str:
    return reverse("bookings:resource-edit", args=[resource.place.slug, resource.slug])


def form(**changes: Any) -> dict[str, Any]:
    data = {
        "name": "Salle Verte",
        "kind": "room",
        "capacity": "1",
        "allowed_roles": ["resident", "nomad"],
        "slot_minutes": "30",
        "min_minutes": "30",
        "max_minutes": "180",
        "book_before_minutes": "0",
        "cancel_before_minutes": "60",
        "hourly_price": "12,50",
        "partner_hourly_price": "20",
        "nomad_payment": "money",
        "minutes_per_ticket": "240",
        "horizon_traveller": "7",
        "horizon_nomad": "14",
        "horizon_resident": "60",
        "horizon_partner": "90",
        "is_active": "on",
    }
    data.update(changes)
    return data


def test_a_permanent_concierge_adds_a_room_with_its_rules(concierge_client, place):
    response = concierge_client.post(url(place), form())
    assert response.status_code == 302
    room = Resource.objects.get(place=place)
    assert (room.slug, room.hourly_price_cents, room.partner_hourly_cents) == (
        "salle-verte",
        1250,
        2000,
    )
    assert room.allowed_roles == ["resident", "nomad"]
    assert room.horizon_days == {"traveller": 7, "nomad": 14, "resident": 60, "partner": 90}
    assert AuditEvent.objects.filter(verb="resource.created").exists()
    assert "Salle Verte" in concierge_client.get(url(place)).content.decode()


def test_a_concierge_changes_the_rules(concierge_client, place, room):
    page = concierge_client.get(edit_url(room)).content.decode()
    assert 'value="Salle Jaune"' in page
    response = concierge_client.post(edit_url(room), form(name="Salle Jaune", capacity="1"))
    assert response.status_code == 302
    room.refresh_from_db()
    assert (room.max_minutes, room.cancel_before_minutes) == (180, 60)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"max_minutes": "20", "min_minutes": "30"}, "max_minutes"),
        ({"hourly_price": "abc"}, "hourly_price"),
        ({"hourly_price": "-3"}, "hourly_price"),
        ({"capacity": "0"}, "capacity"),
        ({"name": ""}, "name"),
        ({"horizon_resident": "-1"}, "horizon_resident"),
    ],
)
def test_bad_rules_are_refused_and_nothing_is_saved(concierge_client, place, changes, field):
    response = concierge_client.post(url(place), form(**changes))
    assert response.status_code == 422
    assert field in response.context["form"].errors
    assert not Resource.objects.exists()


def test_a_space_of_another_place_cannot_be_chosen(concierge_client, place):
    elsewhere = SpaceFactory()
    response = concierge_client.post(url(place), form(space=str(elsewhere.pk)))
    assert response.status_code == 422
    assert not Resource.objects.exists()


@pytest.mark.parametrize("who", ["occasional_concierge", "nomad"])
def test_others_may_not_manage_resources(login, place, room, request, who):
    client = login(request.getfixturevalue(who))
    assert client.get(url(place)).status_code == 403
    assert client.post(edit_url(room), form(name="Piratée")).status_code == 403
    room.refresh_from_db()
    assert room.name == "Salle Jaune"


def test_anonymous_visitors_are_sent_to_log_in(client, place):
    response = client.get(url(place))
    assert response.status_code == 302 and "/comptes/login/" in response["Location"]


def test_an_unknown_place_or_resource_is_not_found(concierge_client, place):
    assert (
        concierge_client.get(reverse("bookings:resources", args=["nulle-part"])).status_code == 404
    )
    missing = reverse("bookings:resource-edit", args=[place.slug, "inconnue"])
    assert concierge_client.get(missing).status_code == 404
