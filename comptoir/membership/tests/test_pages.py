"""The membership pages: the register (search, CSV read back by the csv module), recording a
membership and its card (with its QR code), the settings, and the share register (its
movements, CSV and Excel exports read back by csv and openpyxl)."""

from __future__ import annotations

import csv
import io

import openpyxl
import pandas
import pytest
from django.urls import reverse
from django.utils import timezone

from comptoir.community.tests.factories import PersonFactory
from comptoir.membership import services
from comptoir.membership.models import Associate, Association, Membership, ShareMovement
from comptoir.membership.tests.factories import make_association, make_treasurer

pytestmark = pytest.mark.django_db


@pytest.fixture
def treasurer(place):
    return make_treasurer(place)


@pytest.fixture
def coop(place, treasurer):
    return make_association(place, treasurer, cooperative=True)


def test_a_concierge_records_a_membership_and_opens_its_card(place, concierge, coop, login):
    alice = PersonFactory(first_name="Alice", last_name="Martin", email="alice@example.org")
    client = login(concierge)
    response = client.post(
        reverse("membership:record", args=[place.slug]),
        {"email": "alice@example.org", "payment_method": "cash"},
    )
    membership = Membership.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("membership:card", args=[place.slug, membership.pk])
    page = client.get(response.url)
    assert page.status_code == 200
    assert membership.card_number in page.content.decode()
    assert b"<svg" in page.content and b"qr-code" in page.content
    long_query = client.get(response.url, {"x": "y" * 5000})  # the code holds the path alone
    assert long_query.status_code == 200
    # The member sees their own card, another member does not.
    assert login(alice).get(response.url).status_code == 200
    assert login(PersonFactory()).get(response.url).status_code == 403
    assert login(alice).get(reverse("membership:mine")).status_code == 200


def test_bad_membership_input_answers_422_and_saves_nothing(place, concierge, coop, login):
    client = login(concierge)
    url = reverse("membership:record", args=[place.slug])
    for data in (
        {"email": "nobody@example.org", "payment_method": "cash"},
        {"payment_method": "cash"},
        {"email": "x@example.org", "payment_method": "gold"},
        {"email": "x@example.org", "organization": "Zoo", "payment_method": "cash"},
    ):
        assert client.post(url, data).status_code == 422
    assert not Membership.objects.exists()


def test_the_register_is_searched_and_exported(place, concierge, coop, login):
    for first, last in (("Alice", "Martin"), ("Bob", "Durand")):
        services.membership_record(
            place=place, person=PersonFactory(first_name=first, last_name=last), by=concierge
        )
    client = login(concierge)
    url = reverse("membership:register", args=[place.slug])
    page = client.get(url, {"q": "durand"}).content.decode()
    assert "Bob Durand" in page and "Alice Martin" not in page
    assert client.get(url, {"year": "nope"}).status_code == 200
    exported = client.get(reverse("membership:register-csv", args=[place.slug]))
    assert exported["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(exported.content.decode("utf-8-sig")), delimiter=";"))
    year = timezone.localdate().year
    assert len(rows) == 3
    assert rows[1][0] == f"ADH-{year}-00001"
    assert rows[1][1] == "Alice Martin"
    assert rows[1][5] == "20,00"
    # pandas reads it as one regular table: one line per member, the amounts as numbers.
    table = pandas.read_csv(
        io.BytesIO(exported.content), sep=";", decimal=",", encoding="utf-8-sig"
    )
    assert table.shape[0] == 2 and float(table.iloc[0, 5]) == 20.0


def test_the_treasurer_sets_the_membership_settings(place, treasurer, concierge, login):
    from comptoir.invoicing.tests.factories import make_seller

    make_seller(place)
    url = reverse("membership:settings", args=[place.slug])
    assert login(concierge).get(url).status_code == 403
    client = login(treasurer)
    assert client.get(url).status_code == 200
    bad = client.post(url, {"period": "calendar", "fee": "-3", "vat_rate_bp": "0"})
    assert bad.status_code == 422
    coop_without_price = {
        "period": "rolling",
        "fee": "15",
        "vat_rate_bp": "0",
        "is_cooperative": "on",
    }
    assert client.post(url, coop_without_price).status_code == 422
    assert not Association.objects.exists()
    good = client.post(url, {**coop_without_price, "share_price": "50"})
    assert good.status_code == 302
    association = Association.objects.get()
    assert (association.period, association.fee_cents, association.share_price_cents) == (
        "rolling",
        1500,
        5000,
    )


def test_the_share_register_page_records_movements_and_exports(place, treasurer, coop, login):
    alice = PersonFactory(first_name="Alice", last_name="Martin", email="alice@example.org")
    PersonFactory(first_name="Bob", last_name="Durand", email="bob@example.org")
    client = login(treasurer)
    subscribe = reverse("membership:shares-subscribe", args=[place.slug])
    assert (
        client.post(
            subscribe,
            {
                "subscribe-email": "alice@example.org",
                "subscribe-category": "employees",
                "subscribe-shares": "4",
                "subscribe-paid": "200",
            },
        ).status_code
        == 302
    )
    holder = Associate.objects.get(person=alice)
    move = reverse("membership:shares-movement", args=[place.slug])
    too_many = {
        "movement-associate": holder.pk,
        "movement-kind": "redeemed",
        "movement-shares": "9",
    }
    response = client.post(move, too_many)
    assert response.status_code == 422
    transfer = {
        "movement-associate": holder.pk,
        "movement-kind": "transferred",
        "movement-shares": "1",
        "movement-to_email": "bob@example.org",
        "movement-category": "beneficiaries",
    }
    assert client.post(move, transfer).status_code == 302
    assert list(ShareMovement.objects.values_list("number", "kind")) == [
        (1, "subscribed"),
        (2, "paid"),
        (3, "transferred"),
    ]
    page = client.get(reverse("membership:shares", args=[place.slug]))
    assert page.status_code == 200
    exported = client.get(reverse("membership:shares-csv", args=[place.slug]))
    rows = list(csv.reader(io.StringIO(exported.content.decode("utf-8-sig")), delimiter=";"))
    by_name = {row[0]: row for row in rows[1:]}
    table = pandas.read_csv(
        io.BytesIO(exported.content), sep=";", decimal=",", encoding="utf-8-sig"
    )
    assert table.shape[0] == len(rows) - 1
    assert by_name["Alice Martin"][2:4] == ["3", "150,00"]
    assert by_name["Bob Durand"][2] == "1"
    workbook = openpyxl.load_workbook(
        io.BytesIO(client.get(reverse("membership:shares-xlsx", args=[place.slug])).content)
    )
    totals = list(workbook.worksheets[1].iter_rows(values_only=True))
    assert totals[-1][1:] == (2, 4, 200.0, 0.0)


def test_who_sees_the_registers(place, nomad, concierge, coop, login):
    for name in ("register", "shares", "register-csv", "shares-csv", "shares-xlsx"):
        url = reverse(f"membership:{name}", args=[place.slug])
        assert login(nomad).get(url).status_code == 403
        assert login(concierge).get(url).status_code == 200
    subscribe = reverse("membership:shares-subscribe", args=[place.slug])
    assert login(concierge).post(subscribe, {}).status_code == 403


def test_the_pages_keep_their_query_counts(
    place, treasurer, concierge, coop, login, django_assert_max_num_queries
):
    for _ in range(15):
        person = PersonFactory()
        services.membership_record(place=place, person=person, by=concierge)
        services.shares_subscribe(
            place=place, person=person, category="beneficiaries", shares=2, by=treasurer
        )
    client = login(treasurer)
    for name in ("register", "shares", "register-csv", "shares-csv", "shares-xlsx"):
        url = reverse(f"membership:{name}", args=[place.slug])
        with django_assert_max_num_queries(12):
            assert client.get(url).status_code == 200


def test_a_large_register_is_shown_a_page_at_a_time_and_every_associate_can_be_moved(
    place, treasurer, coop, login, settings
):
    settings.COMPTOIR_PAGE_SIZE = 4
    people = [PersonFactory(first_name=f"Associé{i:02d}", last_name="Coop") for i in range(6)]
    for person in people:
        services.shares_subscribe(
            place=place, shares=1, by=treasurer, person=person, category="employees"
        )
    for _ in range(35):  # more movements than the page shows
        services.shares_pay(
            place=place,
            by=treasurer,
            associate=Associate.objects.get(person=people[0]),
            amount_cents=1,
        )
    client = login(treasurer)
    url = reverse("membership:shares", args=[place.slug])
    first, second = client.get(url).content.decode(), client.get(url, {"page": 2}).content.decode()
    row = '<th scope="row">{}</th><td>'
    shown = [p for p in people if row.format(p.get_full_name()) in first]
    rest = [p for p in people if row.format(p.get_full_name()) in second]
    assert shown == people[:4] and rest == people[4:]
    assert "Page 1" in first and 'rel="next"' in first
    # The movement form offers every associate, whatever page is shown.
    for person in people:
        holder = Associate.objects.get(person=person)
        assert f'<option value="{holder.pk}">{person.get_full_name()}</option>' in second
    movements = first.split('id="movements-heading"')[1]
    assert movements.count("<tr>") == 30 + 1  # the latest 30, and the header row
    assert client.get(url, {"page": "abc"}).status_code == 200  # a bad page shows the first
