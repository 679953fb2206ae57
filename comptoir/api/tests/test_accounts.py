"""The accounts API of a place's legal entity: its closings (list, close) and its FEC; for
the place's treasurers and the network admins; the concierges get 403, strangers 403 too
(the place is public, its accounts are not), an unknown place 404."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from comptoir.api.tests.conftest import ApiClient, assert_error, token_for
from comptoir.community.models import Role
from comptoir.community.tests.factories import PersonFactory, PlaceRoleFactory
from comptoir.invoicing.models import Closing
from comptoir.invoicing.services import invoice_issue
from comptoir.invoicing.services.closings import closing_close
from comptoir.invoicing.tests.factories import make_order, make_seller

pytestmark = pytest.mark.django_db


@pytest.fixture
def treasurer_api(place) -> ApiClient:
    who = PersonFactory(first_name="Théo")
    PlaceRoleFactory(person=who, place=place, role=Role.TREASURER)
    return ApiClient(token_for(who))


def yesterday() -> str:
    return (timezone.localdate() - dt.timedelta(days=1)).isoformat()


def test_the_treasurer_closes_a_day_and_lists_the_closings(treasurer_api, place):
    seller = make_seller(place)
    response = treasurer_api.post(
        f"/places/{place.slug}/closings", {"kind": "day", "day": yesterday()}
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["kind"], body["period_start"], body["chain_position"]) == ("day", yesterday(), 1)
    assert body["hash"] == Closing.objects.get(seller=seller).hash
    listed = treasurer_api.get(f"/places/{place.slug}/closings")
    assert listed.status_code == 200
    assert [c["hash"] for c in listed.json()["items"]] == [body["hash"]]
    again = treasurer_api.post(
        f"/places/{place.slug}/closings", {"kind": "day", "day": yesterday()}
    )
    assert_error(again, 409, "already_closed")


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({"kind": "week", "day": "2025-01-01"}, "invalid_body"),
        ({"kind": "day", "day": "1200-01-01"}, None),
        ({"kind": "day"}, "invalid_body"),
        ({"kind": "day", "day": "2025-01-01", "extra": 1}, "invalid_body"),
        ({"kind": "year", "day": "2025-01-01"}, "months_open"),
        ({"kind": "month", "day": "2199-01-01"}, "period_not_over"),
    ],
)
def test_bad_closings_are_4xx_and_close_nothing(treasurer_api, place, body, code):
    make_seller(place)
    response = treasurer_api.post(f"/places/{place.slug}/closings", body)
    assert 400 <= response.status_code < 500, response.content
    if code:
        assert response.json()["code"] == code
    assert not Closing.objects.exists()


def test_concierges_and_members_are_refused(concierge_api, member_api, place):
    make_seller(place)
    for api in (concierge_api, member_api):
        assert_error(api.get(f"/places/{place.slug}/closings"), 403, "forbidden")
        assert_error(api.get(f"/places/{place.slug}/fec"), 403, "forbidden")
        closing = api.post(f"/places/{place.slug}/closings", {"kind": "day", "day": yesterday()})
        assert_error(closing, 403, "forbidden")
    assert not Closing.objects.exists()
    assert_error(ApiClient().get(f"/places/{place.slug}/fec"), 401)


def test_an_unknown_place_is_404(treasurer_api):
    assert_error(treasurer_api.get("/places/inconnu/fec"), 404)


def test_the_fec_of_a_year(treasurer_api, place, concierge, person):
    seller = make_seller(place)
    invoice = invoice_issue(order=make_order(place, concierge, person), by=concierge)
    year = invoice.issue_date.year
    response = treasurer_api.get(f"/places/{place.slug}/fec", year=year)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert f'filename="{seller.siret[:9]}FEC{year}1231.txt"' in response["Content-Disposition"]
    assert (
        response.content.decode().count(invoice.number) == 3 * 3
    )  # EcritureNum, PieceRef, EcritureLib
    # This year's by default; another year holds nothing.
    assert treasurer_api.get(f"/places/{place.slug}/fec").content == response.content
    empty = treasurer_api.get(f"/places/{place.slug}/fec", year=year - 1).content.decode()
    assert empty.count("\r\n") == 1


@pytest.mark.parametrize("year", ["1899", "2200", "deux", "2025.5"])
def test_a_bad_year_is_422(treasurer_api, place, year):
    make_seller(place)
    assert_error(treasurer_api.get(f"/places/{place.slug}/fec", year=year), 422)


def test_a_place_without_legal_entity_has_no_accounts(treasurer_api, place):
    assert_error(treasurer_api.get(f"/places/{place.slug}/fec"), 409, "no_accounts")
    assert_error(treasurer_api.get(f"/places/{place.slug}/closings"), 409, "no_accounts")


def test_the_admin_closes_too(place, superuser):
    seller = make_seller(place)
    closing_close(seller_id=seller.pk, kind="day", day=dt.date(2025, 1, 1), by=None)
    api = ApiClient(token_for(superuser))
    assert api.get(f"/places/{place.slug}/closings").json()["count"] == 1
