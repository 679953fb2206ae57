"""GET /people/me/statement and GET /organizations/{slug}/statement."""

from __future__ import annotations

import pytest

from comptoir.api.tests.conftest import ApiClient, assert_error, token_for
from comptoir.community.tests.factories import AffiliationFactory, OrganizationFactory
from comptoir.invoicing.services import invoice_issue
from comptoir.invoicing.services.payments import payment_record
from comptoir.invoicing.tests.factories import line, make_order, make_seller

pytestmark = pytest.mark.django_db


def test_my_statement(member_api, place, concierge, person):
    make_seller(place)
    order = make_order(place, concierge, person, line(3000))
    invoice = invoice_issue(order=order, by=concierge)
    payment_record(order=order, means="card", amount_cents=1000, by=concierge)
    response = member_api.get("/people/me/statement")
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["invoiced_cents"], body["paid_cents"], body["due_cents"]) == (3000, 1000, 2000)
    assert [(x["kind"], x["balance_cents"]) for x in body["lines"]] == [
        ("invoiced", 3000),
        ("paid", 2000),
    ]
    [item] = body["items"]
    assert (item["reference"], item["due_cents"]) == (invoice.number, 2000)
    assert item["due_date"] == invoice.due_date.isoformat()


def test_my_statement_needs_a_caller(anonymous_api):
    assert anonymous_api.get("/people/me/statement").status_code == 401


def test_a_structures_statement_for_its_managers_only(
    member_api, concierge_api, place, concierge, person
):
    structure = OrganizationFactory()
    AffiliationFactory(person=person, organization=structure, is_manager=True)
    make_seller(place)
    make_order(place, concierge, person, line(5000), buyer_organization=structure)
    response = member_api.get(f"/organizations/{structure.slug}/statement")
    assert response.status_code == 200, response.content
    assert response.json()["due_cents"] == 5000
    assert_error(concierge_api.get(f"/organizations/{structure.slug}/statement"), 403)
    assert_error(member_api.get("/organizations/inconnue/statement"), 404)


def test_the_network_admin_reads_any_structures_statement(superuser):
    structure = OrganizationFactory()
    api = ApiClient(token_for(superuser))
    assert api.get(f"/organizations/{structure.slug}/statement").json()["lines"] == []
