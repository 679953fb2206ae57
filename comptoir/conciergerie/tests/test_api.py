"""The conciergerie API: the public catalogue, asking, the desk's queue and moves (one
owner), messages, parcels; bad input a 4xx with its code, nothing saved."""

from __future__ import annotations

import pytest

from comptoir.api.tests.conftest import ApiClient, assert_error, token_for
from comptoir.conciergerie.models import Parcel, Request
from comptoir.conciergerie.tests.factories import make_parcel, make_service

pytestmark = pytest.mark.django_db


def test_the_catalogue_is_public(place, printing):
    response = ApiClient().get(f"/places/{place.slug}/conciergerie/services")
    assert response.status_code == 200
    assert [s["name"] for s in response.json()["items"]] == ["Impressions"]


def test_a_member_asks_the_desk_takes_and_closes_it(place, printing, nomad, concierge, person):
    member, desk = ApiClient(token_for(nomad)), ApiClient(token_for(concierge))
    made = member.post(f"/places/{place.slug}/conciergerie/requests", {"service_id": printing.pk})
    assert made.status_code == 201, made.content
    pk = made.json()["id"]
    queue = desk.get(f"/places/{place.slug}/conciergerie/requests").json()["items"]
    assert [r["id"] for r in queue] == [pk]
    assert_error(member.get(f"/places/{place.slug}/conciergerie/requests"), 403)
    assert_error(ApiClient(token_for(person)).get(f"/conciergerie/requests/{pk}"), 404)
    moved = desk.post(f"/conciergerie/requests/{pk}/moves", {"to": "taken"})
    assert moved.json()["assignee_id"] == concierge.pk
    again = desk.post(f"/conciergerie/requests/{pk}/moves", {"to": "taken"})
    assert_error(again, 409, "request_already_taken")
    assert (
        member.post(f"/conciergerie/requests/{pk}/messages", {"body": "Merci"}).status_code == 201
    )
    done = desk.post(f"/conciergerie/requests/{pk}/moves", {"to": "done"}).json()
    assert done["status"] == "done" and done["order_id"] is not None
    detail = member.get(f"/conciergerie/requests/{pk}").json()
    assert [m["body"] for m in detail["messages"]] == ["Merci"]
    assert [r["id"] for r in member.get("/people/me/conciergerie-requests").json()["items"]] == [pk]


def test_a_service_not_offered_to_the_role_is_refused_and_nothing_saved(place, nomad):
    pressing = make_service(place, name="Pressing", roles=["resident"], price_cents=900)
    response = ApiClient(token_for(nomad)).post(
        f"/places/{place.slug}/conciergerie/requests", {"service_id": pressing.pk}
    )
    assert_error(response, 422, "service_not_offered")
    assert not Request.objects.exists()


def test_a_parcel_for_nobody_is_refused_and_nothing_saved(place, concierge):
    desk = ApiClient(token_for(concierge))
    response = desk.post(f"/places/{place.slug}/parcels", {"addressee_id": 0, "carrier": "DPD"})
    assert_error(response, 422, "parcel_addressee_missing")
    assert not Parcel.objects.exists()


def test_the_desk_logs_and_hands_over_a_parcel(place, concierge, nomad):
    desk = ApiClient(token_for(concierge))
    made = desk.post(f"/places/{place.slug}/parcels", {"addressee_id": nomad.pk, "carrier": "DPD"})
    assert made.status_code == 201, made.content
    pk = made.json()["id"]
    handed = desk.post(f"/places/{place.slug}/parcels/{pk}/hand-over", {"collected_by": "Sam"})
    assert handed.json()["status"] == "handed_over" and handed.json()["collected_by"] == "Sam"
    mine = ApiClient(token_for(nomad)).get("/people/me/parcels").json()["items"]
    assert [p["id"] for p in mine] == [pk]
    assert_error(ApiClient(token_for(nomad)).get(f"/places/{place.slug}/parcels"), 403)


def test_a_parcel_waiting_is_listed_for_the_desk(place, concierge, nomad):
    parcel = make_parcel(place, nomad, by=concierge)
    listed = ApiClient(token_for(concierge)).get(f"/places/{place.slug}/parcels").json()
    assert [p["id"] for p in listed["items"]] == [parcel.pk]
