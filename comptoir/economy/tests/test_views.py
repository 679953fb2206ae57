"""The economy's pages: who opens them (treasurers write; concierges read the model and the
income; members and other places' concierges 403; unknown 404), a grant entered from the
page, bad input a translated field error and a 422 with nothing saved, the budget, the
sales journal downloads, and query counts flat with the amount of data."""

from __future__ import annotations

import io
import re

import openpyxl
import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

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
    "amount": "50000.00",
    "received_on": "2025-03-10",
    "period_start": "2025-01-01",
    "period_end": "2025-12-31",
    "note": "",
}


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_treasurer_enters_a_grant_from_the_page(treasurer_client, place, treasurer):
    page = treasurer_client.get(reverse("economy:income-list", args=[place.slug]))
    assert page.status_code == 200
    assert "Enregistrer une recette" in page.content.decode()
    response = treasurer_client.post(
        reverse("economy:income-create", args=[place.slug]), GRANT, follow=True
    )
    stored = OtherIncome.objects.get()
    assert (stored.amount_cents, stored.programme, stored.recorded_by) == (
        5_000_000,
        "Fabriques de territoire",
        treasurer,
    )
    text = response.content.decode()
    assert "Recette enregistrée : Fabrique de territoire" in text and "ANCT" in text
    assert re.search(r"50\s000,00\s€", text)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"amount": "0"}, "Indiquez un montant supérieur à zéro"),
        ({"amount": "-5"}, "Indiquez un montant supérieur à zéro"),
        ({"amount": "99999999999"}, "Ce montant est trop élevé"),
        ({"amount": "abc"}, "Saisissez un nombre"),
        ({"period_end": "2024-01-01"}, "La période se termine avant de commencer"),
        ({"period_start": "", "period_end": ""}, "Une subvention couvre une période"),
        ({"programme": ""}, "Une subvention relève d’un programme"),
        ({"kind": "loan"}, "Sélectionnez un choix valide"),
        ({"received_on": "1066-10-14"}, "entre 1900 et 2199"),
    ],
)
def test_bad_input_is_a_422_with_its_message_and_nothing_saved(
    treasurer_client, place, changes, message
):
    response = treasurer_client.post(
        reverse("economy:income-create", args=[place.slug]), GRANT | changes
    )
    assert response.status_code == 422
    assert message in response.content.decode()
    assert not OtherIncome.objects.exists()


def test_the_treasurer_changes_then_deletes_an_income(treasurer_client, place, treasurer):
    grant = income(place, treasurer)
    url = reverse("economy:income-edit", args=[place.slug, grant.pk])
    assert treasurer_client.get(url).status_code == 200
    response = treasurer_client.post(url, GRANT | {"amount": "40000"})
    assert response.status_code == 302
    assert OtherIncome.objects.get().amount_cents == 4_000_000
    response = treasurer_client.post(reverse("economy:income-delete", args=[place.slug, grant.pk]))
    assert response.status_code == 302 and not OtherIncome.objects.exists()


def test_an_income_of_another_place_is_not_found(treasurer_client, place, foreign_place):
    other = income(foreign_place)
    url = reverse("economy:income-edit", args=[place.slug, other.pk])
    assert treasurer_client.get(url).status_code == 404
    assert treasurer_client.post(url, GRANT).status_code == 404
    assert OtherIncome.objects.get().amount_cents == 5_000_000


def test_who_opens_what(place, concierge, person, other_concierge, treasurer):
    readers = {"concierge": client_of(concierge), "treasurer": client_of(treasurer)}
    refused = {"member": client_of(person), "other": client_of(other_concierge)}
    for name in ("place", "income-list"):
        url = reverse(f"economy:{name}", args=[place.slug])
        for client in readers.values():
            assert client.get(url).status_code == 200, name
        for client in refused.values():
            assert client.get(url).status_code == 403, name
    for name in ("budget", "sales-journal"):
        url = reverse(f"economy:{name}", args=[place.slug])
        assert readers["treasurer"].get(url).status_code == 200
        assert readers["concierge"].get(url).status_code == 403
    url = reverse("economy:income-create", args=[place.slug])
    assert readers["concierge"].post(url, GRANT).status_code == 403
    assert not OtherIncome.objects.exists()
    assert readers["treasurer"].get(reverse("economy:place", args=["nowhere"])).status_code == 404
    network_url = reverse("economy:network", args=[place.network.slug])
    assert readers["treasurer"].get(network_url).status_code == 403
    assert Client().get(network_url).status_code == 302


def test_the_budget_is_entered_then_set_against_the_actual(treasurer_client, place, treasurer):
    income(place, treasurer, amount_cents=300_000)
    url = reverse("economy:budget", args=[place.slug])
    assert treasurer_client.get(url, {"annee": YEAR}).status_code == 200
    response = treasurer_client.post(url, {"year": YEAR, "grant": "4000", "dues": ""})
    assert response.status_code == 302
    assert dict(Budget.objects.values_list("source", "amount_cents")) == {"grant": 400_000}
    page = treasurer_client.get(response["Location"]).content.decode()
    assert "Réel par rapport au budget" in page
    assert re.search(r"−1\s000,00\s€ \(75,0 %\)", page)
    bad = treasurer_client.post(url, {"year": YEAR, "grant": "-1"})
    assert bad.status_code == 422
    assert Budget.objects.get().amount_cents == 400_000


def test_the_model_page_shows_charts_and_their_tables(treasurer_client, place, concierge, person):
    world(place, concierge, person)
    page = treasurer_client.get(reverse("economy:place", args=[place.slug]), {"annee": YEAR})
    text = page.content.decode()
    assert page.status_code == 200
    assert text.count('role="img"') >= 2 and "<table" in text
    assert "Recettes par source en 2025" in text and "Prestations" in text


def test_the_sales_journal_downloads_as_csv_and_spreadsheet(
    treasurer_client, place, concierge, person
):
    make_seller(place)
    invoice = invoice_issue(order=make_order(place, concierge, person), by=concierge)
    url = reverse("economy:sales-journal", args=[place.slug])
    day = invoice.issue_date.isoformat()
    response = treasurer_client.get(url, {"du": day, "au": day, "format": "csv"})
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('.csv"')
    frame = read_spreadsheet_csv(response.content)
    assert list(frame.iloc[:, 1]) == [invoice.number]
    response = treasurer_client.get(url, {"du": day, "au": day, "format": "xlsx"})
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert book.worksheets[0]["B2"].value == invoice.number
    assert round(book.worksheets[0]["H2"].value * 100) == invoice.total_cents
    bad = treasurer_client.get(url, {"du": day, "au": "2000-01-01", "format": "csv"})
    assert bad.status_code == 422
    assert "La période se termine avant de commencer" in bad.content.decode()


def count(client, url, params=None) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, params or {}).status_code == 200
    return len(queries)


def test_page_queries_are_pinned_and_flat_with_the_data(
    treasurer_client, place, concierge, person, superuser
):
    admin = client_of(superuser)
    pages = [
        (treasurer_client, reverse("economy:place", args=[place.slug]), {"annee": YEAR}),
        (treasurer_client, reverse("economy:income-list", args=[place.slug]), {}),
        (admin, reverse("economy:network", args=[place.network.slug]), {"annee": YEAR}),
    ]
    world(place, concierge, person)
    small = [count(*page) for page in pages]
    world(place, concierge, person, scale=4)
    large = [count(*page) for page in pages]
    assert small == large
    # The models read a seventh query for the volunteer hours (within the bench's 12).
    assert small == [11, 6, 12]
