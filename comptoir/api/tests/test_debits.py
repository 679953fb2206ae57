"""The direct-debit API of a place: mandates (record, list, revoke), the creditor details,
the monthly batch (prepare once, detail, its pain.008 file read back against the XSD) and
returns; for its concierges and treasurers; bad input a translated 4xx, nothing saved."""

from __future__ import annotations

import pytest
from django.utils import timezone

from comptoir.api.tests.conftest import ApiClient, assert_error, token_for
from comptoir.billing.models import Order
from comptoir.community.models import Role
from comptoir.community.tests.factories import PersonFactory, PlaceRoleFactory
from comptoir.debits.models import Batch, Mandate
from comptoir.debits.tests.factories import (
    IBAN_LA_BANQUE_POSTALE,
    make_creditor,
    make_mandate,
    subscription_order,
)
from comptoir.debits.tests.test_services import _valid
from comptoir.invoicing.tests.factories import make_seller

pytestmark = pytest.mark.django_db


@pytest.fixture
def treasurer_api(place) -> ApiClient:
    who = PersonFactory(first_name="Théo")
    PlaceRoleFactory(person=who, place=place, role=Role.TREASURER)
    return ApiClient(token_for(who))


def test_a_concierge_records_lists_and_revokes_a_mandate(concierge_api, place, person):
    make_creditor(place)
    body = {"person_id": person.pk, "iban": IBAN_LA_BANQUE_POSTALE, "signed_on": "2026-01-15"}
    created = concierge_api.post(f"/places/{place.slug}/sepa-mandates", body)
    assert created.status_code == 201, created.content
    assert created.json()["bic"] == "PSSTFRPP"
    listed = concierge_api.get(f"/places/{place.slug}/sepa-mandates").json()
    assert [m["reference"] for m in listed["items"]] == [created.json()["reference"]]
    revoked = concierge_api.post(
        f"/places/{place.slug}/sepa-mandates/{created.json()['id']}/revoke"
    )
    assert revoked.status_code == 200 and revoked.json()["status"] == "revoked"


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"iban": "FR1420041010050500013M02607"}, "iban_invalid"),
        ({"signed_on": None}, "signature_date_missing"),
        ({"bic": "XX"}, "bic_invalid"),
        ({"person_id": 0}, "invalid"),
    ],
)
def test_bad_mandates_are_a_422_and_save_nothing(concierge_api, place, person, change, code):
    make_creditor(place)
    body = {"person_id": person.pk, "iban": IBAN_LA_BANQUE_POSTALE, "signed_on": "2026-01-15"}
    answer = concierge_api.post(f"/places/{place.slug}/sepa-mandates", {**body, **change})
    assert_error(answer, 422, code)
    assert not Mandate.objects.exists()


def test_the_monthly_batch_its_file_and_a_return(treasurer_api, place, concierge, person):
    make_creditor(place)
    month = timezone.localdate().strftime("%Y-%m")
    nothing = treasurer_api.post(f"/places/{place.slug}/debit-batches", {"month": month})
    assert_error(nothing, 409, "nothing_to_collect")
    make_mandate(place, person, concierge)
    order = subscription_order(place, concierge, person, 9900)
    made = treasurer_api.post(f"/places/{place.slug}/debit-batches", {"month": month})
    assert made.status_code == 201, made.content
    assert (made.json()["debit_count"], made.json()["total_cents"]) == (1, 9900)
    again = treasurer_api.post(f"/places/{place.slug}/debit-batches", {"month": month})
    assert_error(again, 409, "batch_exists")
    batch_id = made.json()["id"]
    detail = treasurer_api.get(f"/places/{place.slug}/debit-batches/{batch_id}").json()
    assert detail["debits"][0]["sequence_type"] == "FRST"
    xml = treasurer_api.get(f"/places/{place.slug}/debit-batches/{batch_id}/pain008")
    assert xml["Content-Type"].startswith("application/xml")
    _valid(xml.content.decode())
    debit_id = detail["debits"][0]["id"]
    bad = treasurer_api.post(f"/places/{place.slug}/debits/{debit_id}/return", {"reason": "X"})
    assert bad.status_code == 422
    back = treasurer_api.post(f"/places/{place.slug}/debits/{debit_id}/return", {"reason": "MS02"})
    assert back.status_code == 200 and back.json()["status"] == "returned"
    order.refresh_from_db()
    assert order.status == Order.Status.PENDING
    assert Batch.objects.count() == 1


def test_the_creditor_details_are_the_treasurers(treasurer_api, concierge_api, place):
    make_seller(place)
    body = {"creditor_id": "FR72ZZZ123456", "iban": "FR7630006000011234567890189"}
    assert_error(concierge_api._send("put", f"/places/{place.slug}/sepa-creditor", body), 403)
    bad = treasurer_api._send("put", f"/places/{place.slug}/sepa-creditor", {**body, "iban": "x"})
    assert_error(bad, 422, "iban_invalid")
    ok = treasurer_api._send("put", f"/places/{place.slug}/sepa-creditor", body)
    assert ok.status_code == 200 and ok.json()["bic"] == "AGRIFRPPXXX"


def test_members_are_refused(member_api, place):
    make_creditor(place)
    assert_error(member_api.get(f"/places/{place.slug}/sepa-mandates"), 403)
    assert_error(member_api.get(f"/places/{place.slug}/debit-batches"), 403)
