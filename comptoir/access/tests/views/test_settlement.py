"""The monthly settlement between the places of a network, as a page and as CSV."""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from comptoir.access.models import TicketMovement
from comptoir.access.tests.helpers import buy_book
from comptoir.access.tests.timing import at
from comptoir.core.tests.csv_checks import read_spreadsheet_csv
from comptoir.places.tests.factories import PlaceFactory

pytestmark = pytest.mark.django_db
ENGLISH = {"Accept-Language": "en"}
MONTH = "2025-11"
IN_MONTH = at(dt.date(2025, 11, 10), 10)


def url(network, **params):
    return reverse("access:settlement", args=[network.slug]), params


def csv_url(network):
    return reverse("access:settlement-csv", args=[network.slug])


def used(book, place, times, when=IN_MONTH):
    TicketMovement.objects.bulk_create(
        [
            TicketMovement(book=book, kind="consumption", quantity=-1, place=place, at=when)
            for _n in range(times)
        ]
    )


@pytest.fixture
def third_place(place):
    return PlaceFactory(network=place.network, name="Zèbre")


@pytest.fixture
def report(place, sister_place, third_place, superuser, person):
    """A book of `place` used 3 times in its sister; one of the sister used twice in a third."""
    first = buy_book(person, place=place, by=superuser, network_wide=True, price_cents=8000)
    used(first, sister_place, 3)
    used(first, place, 1)  # at home: not settled
    second = buy_book(person, place=sister_place, by=superuser, network_wide=True, price_cents=5000)
    used(second, third_place, 2)
    used(second, third_place, 4, when=at(dt.date(2025, 12, 1), 10))  # another month
    return first, second


def get(client, network, **params):
    return client.get(reverse("access:settlement", args=[network.slug]), params, headers=ENGLISH)


# --- Who may --------------------------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_log_in(client, place):
    response = get(client, place.network)
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("person", 403),
        ("nomad", 403),
        ("other_concierge", 403),
        ("concierge", 200),
        ("occasional_concierge", 200),
        ("sister_concierge", 200),
        ("superuser", 200),
    ],
)
def test_concierges_of_the_network_and_admins_see_it(login, request, place, who, status):
    response = get(login(request.getfixturevalue(who)), place.network, mois=MONTH)
    assert response.status_code == status
    assert login(request.getfixturevalue(who)).get(csv_url(place.network)).status_code == status


def test_an_unknown_network_is_a_404(concierge_client):
    assert concierge_client.get("/reseaux/nulle-part/compensation/").status_code == 404
    assert concierge_client.get("/reseaux/nulle-part/compensation.csv").status_code == 404


# --- What it shows --------------------------------------------------------------------------------


def test_a_network_admin_sees_every_pair_and_every_balance(
    login, superuser, place, sister_place, third_place, report
):
    response = get(login(superuser), place.network, mois=MONTH)
    rows = [(r.seller, r.used_in, r.tickets, r.value_cents) for r in response.context["rows"]]
    assert rows == [
        (place.name, sister_place.name, 3, 2400),
        (sister_place.name, third_place.name, 2, 1000),
    ]
    assert dict(response.context["balances"]) == {
        place.name: -2400,
        sister_place.name: 1400,
        third_place.name: 1000,
    }
    body = response.content.decode()
    assert "24.00\u00a0€" in body and "10.00\u00a0€" in body


def test_a_concierge_sees_the_rows_of_their_place_only(
    concierge_client, place, sister_place, report
):
    response = get(concierge_client, place.network, mois=MONTH)
    rows = [(r.seller, r.used_in) for r in response.context["rows"]]
    assert rows == [(place.name, sister_place.name)]
    assert dict(response.context["balances"]) == {place.name: -2400}
    assert "Only the rows involving your places are shown." in response.content.decode()


def test_it_defaults_to_this_month(concierge_client, place, report):
    response = get(concierge_client, place.network)
    assert response.status_code == 200
    assert response.context["month"] == timezone.localdate().replace(day=1)
    assert response.context["rows"] == []
    assert "No ticket of one place was used in another this month." in response.content.decode()


def test_it_links_the_months_around_and_the_csv(concierge_client, place):
    body = get(concierge_client, place.network, mois="2026-01").content.decode()
    assert "?mois=2025-12" in body and "?mois=2026-02" in body
    assert f"{csv_url(place.network)}?mois=2026-01" in body


@pytest.mark.parametrize("month", ["2026-13", "novembre", "2026-1", ""])
def test_a_bad_month_is_a_400_with_a_message(concierge_client, place, month):
    response = get(concierge_client, place.network, mois=month)
    assert response.status_code == 400
    assert "mois" in response.context["form"].errors
    response = concierge_client.get(csv_url(place.network), {"mois": month})
    assert response.status_code == 400
    assert response.content


def test_the_csv_has_one_line_per_pair(login, superuser, place, sister_place, third_place, report):
    response = login(superuser).get(csv_url(place.network), {"mois": MONTH}, headers=ENGLISH)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert f"compensation-{place.network.slug}-2025-11.csv" in response["Content-Disposition"]
    assert response.content.startswith(codecs.BOM_UTF8)
    lines = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert lines == [
        ["Sold by", "Used in", "Tickets", "Value (cents)", "Value (euros)"],
        [place.name, sister_place.name, "3", "2400", "24,00"],
        [sister_place.name, third_place.name, "2", "1000", "10,00"],
    ]
    frame = read_spreadsheet_csv(response.content)
    assert frame["Value (euros)"].tolist() == [24.0, 10.0]  # decimal comma read as a number
    assert frame["Tickets"].dtype == "int64" and frame["Value (cents)"].dtype == "int64"
    assert frame["Sold by"].tolist() == [place.name, sister_place.name]


@pytest.mark.parametrize("count", [1, 6])
def test_the_query_count_does_not_grow(
    concierge_client, place, sister_place, superuser, person, django_assert_num_queries, count
):
    for _n in range(count):
        book = buy_book(person, place=place, by=superuser, network_wide=True)
        used(book, sister_place, 2)
        used(buy_book(person, place=sister_place, by=superuser, network_wide=True), place, 1)
    # session, user, roles, network, the places of the network among theirs, the report.
    with django_assert_num_queries(6):
        assert get(concierge_client, place.network, mois=MONTH).status_code == 200
