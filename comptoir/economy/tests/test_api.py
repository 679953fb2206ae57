"""The economy API: other income (treasurers write; concierges read), the budget, the
economic model of a place and of the network, the sales journal, the settlement invoices;
bad input a 422 with its field, nothing saved; refusals 403, unknown 404."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest

from comptoir.api.tests.conftest import ApiClient, assert_error, token_for
from comptoir.core.tests.csv_checks import read_spreadsheet_csv
from comptoir.economy.models import Budget, OtherIncome
from comptoir.economy.tests.factories import income
from comptoir.economy.tests.test_model import YEAR, world
from comptoir.invoicing.services import invoice_issue
from comptoir.invoicing.tests.factories import make_order, make_seller

pytestmark = pytest.mark.django_db

GRANT = {
    "kind": "grant",
    "label": "Fabrique de territoire",
    "payer": "ANCT",
    "programme": "Fabriques de territoire",
    "amount_cents": 5_000_000,
    "received_on": "2025-03-10",
    "period_start": "2025-01-01",
    "period_end": "2025-12-31",
}


@pytest.fixture
def treasurer_api(treasurer) -> ApiClient:
    return ApiClient(token_for(treasurer))


@pytest.fixture
def concierge_api(concierge) -> ApiClient:
    return ApiClient(token_for(concierge))


def test_a_grant_is_recorded_read_changed_and_deleted(treasurer_api, place):
    base = f"/places/{place.slug}/other-income"
    created = treasurer_api.post(base, GRANT)
    assert created.status_code == 201, created.content
    body = created.json()
    assert (body["amount_cents"], body["programme"], body["period_end"]) == (
        5_000_000,
        "Fabriques de territoire",
        "2025-12-31",
    )
    listed = treasurer_api.get(base, year=2025).json()
    assert [item["id"] for item in listed["items"]] == [body["id"]]
    assert treasurer_api.get(base, year=2024).json()["items"] == []
    one = f"{base}/{body['id']}"
    assert treasurer_api.get(one).json()["payer"] == "ANCT"
    changed = treasurer_api._send("put", one, GRANT | {"amount_cents": 100})
    assert changed.status_code == 200 and changed.json()["amount_cents"] == 100
    gone = treasurer_api._send("delete", one)
    assert gone.status_code == 204
    assert not OtherIncome.objects.exists()
    assert treasurer_api.get(one).status_code == 404


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"amount_cents": 0}, "amount_cents"),
        ({"amount_cents": -1}, "amount_cents"),
        ({"amount_cents": 1.5}, "amount_cents"),
        ({"period_end": "2024-12-31"}, "period_end"),
        ({"period_end": None}, "period_end"),
        ({"programme": ""}, "programme"),
        ({"kind": "loan"}, "kind"),
        ({"received_on": "3000-01-01"}, "received_on"),
        ({"label": ""}, "label"),
    ],
)
def test_bad_income_is_a_422_on_its_field(treasurer_api, place, changes, field):
    response = treasurer_api.post(f"/places/{place.slug}/other-income", GRANT | changes)
    body = assert_error(response, 422)
    assert field in (body.get("fields") or {}), body
    assert not OtherIncome.objects.exists()


def test_concierges_read_but_do_not_write(concierge_api, place, other_concierge):
    income(place)
    base = f"/places/{place.slug}/other-income"
    assert concierge_api.get(base).status_code == 200
    assert concierge_api.get(f"/places/{place.slug}/economic-model").status_code == 200
    assert_error(concierge_api.post(base, GRANT), 403, "forbidden")
    assert_error(
        concierge_api._send("put", f"/places/{place.slug}/budget", {"year": 2025, "amounts": {}}),
        403,
    )
    assert_error(
        concierge_api.get(
            f"/places/{place.slug}/sales-journal", start="2025-01-01", end="2025-12-31"
        ),
        403,
    )
    stranger = ApiClient(token_for(other_concierge))
    assert_error(stranger.get(base), 403)
    assert_error(stranger.get(f"/networks/{place.network.slug}/economic-model"), 403)
    assert OtherIncome.objects.count() == 1
    assert_error(concierge_api.get("/places/nowhere/other-income"), 404)


def test_the_budget_is_set_then_read_against_the_actual(treasurer_api, place, concierge, person):
    world(place, concierge, person)
    response = treasurer_api._send(
        "put",
        f"/places/{place.slug}/budget",
        {"year": YEAR, "amounts": {"grant": 400_000, "event": None}},
    )
    assert response.status_code == 200, response.content
    assert response.json() == {"year": YEAR, "amounts": {"grant": 400_000}}
    assert treasurer_api.get(f"/places/{place.slug}/budget", year=YEAR).json()["amounts"] == {
        "grant": 400_000
    }
    model = treasurer_api.get(f"/places/{place.slug}/economic-model", year=YEAR).json()
    grant = next(item for item in model["sources"] if item["source"] == "grant")
    assert (grant["total_cents"], grant["budget_cents"], grant["gap_cents"]) == (
        300_000,
        400_000,
        -100_000,
    )
    assert sum(model["month_totals"]) == model["total_cents"] == 1_241_500
    assert model["outstanding_cents"] == 11_500
    bad = treasurer_api._send(
        "put", f"/places/{place.slug}/budget", {"year": YEAR, "amounts": {"grant": -5}}
    )
    assert_error(bad, 422)
    unknown = treasurer_api._send(
        "put", f"/places/{place.slug}/budget", {"year": YEAR, "amounts": {"lottery": 5}}
    )
    assert_error(unknown, 422)
    assert Budget.objects.get().amount_cents == 400_000


def test_the_network_model_is_for_network_admins(superuser, place, sister_place, concierge, person):
    world(place, concierge, person)
    world(sister_place, concierge, person)
    admin = ApiClient(token_for(superuser))
    body = admin.get(f"/networks/{place.network.slug}/economic-model", year=YEAR).json()
    assert body["total_cents"] == 2 * 1_241_500
    assert_error(admin.get("/networks/nowhere/economic-model"), 404)


def test_the_sales_journal_as_csv_and_xlsx(treasurer_api, place, concierge, person):
    make_seller(place)
    invoice = invoice_issue(order=make_order(place, concierge, person), by=concierge)
    day = invoice.issue_date.isoformat()
    path = f"/places/{place.slug}/sales-journal"
    csv = treasurer_api.get(path, start=day, end=day)
    assert csv.status_code == 200 and csv["Content-Type"].startswith("text/csv")
    assert list(read_spreadsheet_csv(csv.content).iloc[:, 1]) == [invoice.number]
    xlsx = treasurer_api.get(path, start=day, end=day, format="xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.content)).worksheets[0]
    assert round(sheet["H2"].value * 100) == invoice.total_cents
    assert_error(treasurer_api.get(path, start=day, end="2000-01-01"), 422)
    assert_error(treasurer_api.get(path, start=day, end=day, format="pdf"), 422)
    assert_error(treasurer_api.get(path, start="2000-01-01", end="2020-01-01"), 422)


def test_settlement_invoices_by_api(superuser, place, sister_place, person):
    from comptoir.access.tests.helpers import buy_book
    from comptoir.economy.tests.test_settlement import used

    make_seller(place)
    make_seller(sister_place)
    book = buy_book(person, place=place, by=superuser, network_wide=True, price_cents=8000)
    used(book, sister_place, 2)
    admin = ApiClient(token_for(superuser))
    path = f"/networks/{place.network.slug}/settlement-invoices"
    response = admin.post(path, {"month": "2025-11"})
    assert response.status_code == 201, response.content
    (row,) = response.json()["created"]
    assert (row["creditor"], row["debtor"], row["tickets"]) == (sister_place.name, place.name, 2)
    assert row["invoice_number"].startswith("F")
    assert admin.post(path, {"month": "2025-11"}).json() == {"created": [], "existing": 1}
    assert_error(admin.post(path, {"month": "2025-13"}), 422)
    assert_error(admin.post(path, {"month": "2025-01"}), 409, "nothing_to_settle")
    assert dt.date  # the month parses as a date of the supported range
