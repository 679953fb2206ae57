"""The membership API: settings (treasurers), recording a membership and reading the
register of the year (concierges and treasurers), the card's data (its member), and the
share register kept through its movements; bad input a 4xx, nothing saved."""

from __future__ import annotations

import pytest

from comptoir.api.tests.conftest import ApiClient, assert_error, token_for
from comptoir.community.tests.factories import PersonFactory
from comptoir.membership.models import Associate, Membership, ShareMovement
from comptoir.membership.tests.factories import make_association, make_treasurer

pytestmark = pytest.mark.django_db


@pytest.fixture
def treasurer(place):
    return make_treasurer(place)


@pytest.fixture
def treasurer_api(treasurer) -> ApiClient:
    return ApiClient(token_for(treasurer))


def test_settings_then_a_membership_then_the_register(
    place, treasurer, treasurer_api, concierge_api, member_api, person
):
    from comptoir.invoicing.tests.factories import make_seller

    make_seller(place)
    settings_url = f"/places/{place.slug}/membership-settings"
    assert_error(
        treasurer_api._send("put", settings_url, {"period": "calendar", "fee_cents": -1}), 422
    )
    assert_error(
        concierge_api._send("put", settings_url, {"period": "calendar", "fee_cents": 100}), 403
    )
    done = treasurer_api._send("put", settings_url, {"period": "rolling", "fee_cents": 1200})
    assert done.status_code == 200, done.content
    created = concierge_api.post(f"/places/{place.slug}/memberships", {"person_id": person.pk})
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["fee_cents"] == 1200 and body["card_number"].startswith("ADH-")
    twice = concierge_api.post(f"/places/{place.slug}/memberships", {"person_id": person.pk})
    assert_error(twice, 409, "already_member")
    assert Membership.objects.count() == 1
    listed = concierge_api.get(f"/places/{place.slug}/members").json()
    assert [m["person_id"] for m in listed["items"]] == [person.pk]
    assert member_api.get(f"/memberships/{body['id']}").status_code == 200
    assert_error(member_api.get(f"/places/{place.slug}/members"), 403)


def test_the_share_register_through_the_api(place, treasurer, treasurer_api, concierge_api):
    make_association(place, treasurer, cooperative=True)
    alice, bob = PersonFactory(), PersonFactory()
    url = f"/places/{place.slug}/share-subscriptions"
    body = {"person_id": alice.pk, "category": "employees", "shares": 2, "paid_cents": 10000}
    assert_error(concierge_api.post(url, body), 403)
    assert_error(treasurer_api.post(url, {**body, "shares": 0}), 422)
    assert treasurer_api.post(url, body).status_code == 201
    associate = Associate.objects.get(person=alice)
    base = f"/places/{place.slug}/associates/{associate.pk}"
    assert_error(treasurer_api.post(f"{base}/redemptions", {"shares": 3}), 409, "not_enough_shares")
    moved = treasurer_api.post(
        f"{base}/transfers", {"shares": 1, "to_person_id": bob.pk, "category": "others"}
    )
    assert moved.status_code == 201, moved.content
    register = concierge_api.get(f"/places/{place.slug}/share-register").json()
    assert register["total"]["shares"] == 2 and register["total"]["capital_cents"] == 10000
    movements = concierge_api.get(f"/places/{place.slug}/share-movements").json()["items"]
    assert [m["number"] for m in movements] == [3, 2, 1]
    assert ShareMovement.objects.count() == 3
