"""VAT from prices that include it: rounded once per rate, on awkward amounts."""

from __future__ import annotations

import pytest

from comptoir.invoicing import vat
from comptoir.invoicing.services import invoice_issue
from comptoir.invoicing.tests.factories import line, make_order, make_seller


def totals(*lines: tuple[int, int]) -> list[tuple[int, int, int, int]]:
    return [
        (t.rate_bp, t.before_tax_cents, t.vat_cents, t.total_cents) for t in vat.rate_totals(lines)
    ]


def test_one_cent_at_20_percent_carries_no_vat() -> None:
    assert totals((1, 2000)) == [(2000, 1, 0, 1)]


def test_three_lines_of_33_33_are_rounded_once_on_their_total() -> None:
    # 99.99 € at 20 %: 16.665 € of VAT, rounded half up to 16.67 € (line by line, 3 × 5.56 €
    # would make 16.68 €).
    assert totals((3333, 2000), (3333, 2000), (3333, 2000)) == [(2000, 8332, 1667, 9999)]


def test_mixed_rates_and_exempt_lines_have_a_total_each() -> None:
    got = totals((1200, 2000), (1100, 1000), (1055, 550), (3333, 2000), (500, 0))
    assert got == [
        (2000, 3777, 756, 4533),
        (1000, 1000, 100, 1100),
        (550, 1000, 55, 1055),
        (0, 500, 0, 500),
    ]
    for _rate, before, tax, total in got:
        assert before + tax == total


@pytest.mark.parametrize(
    ("cents", "rate", "tax"),
    [(0, 2000, 0), (1, 2000, 0), (3, 2000, 1), (1055, 550, 55), (100000000, 2000, 16666667)],
)
def test_the_vat_inside_a_price_rounds_half_up(cents: int, rate: int, tax: int) -> None:
    assert vat.vat_included(cents, rate) == tax


@pytest.mark.parametrize(
    ("cents", "rate", "before"),
    [(0, 2000, 0), (1, 550, 1), (6, 2000, 5), (3, 2000, 3), (100000000, 2000, 83333333)],
)
def test_before_tax_rounds_half_up(cents: int, rate: int, before: int) -> None:
    assert vat.before_tax(cents, rate) == before


@pytest.mark.django_db
def test_an_invoice_totals_each_rate_and_the_whole(place, concierge, person) -> None:
    make_seller(place)
    order = make_order(
        place,
        concierge,
        person,
        line(3333, 3, 2000),
        line(1, 1, 2000),
        line(1055, 2, 550),
        line(1100, 1, 1000),
        line(2500, 1, 0),
    )
    invoice = invoice_issue(order=order, by=concierge)
    assert invoice.vat_totals == [
        {"rate_bp": 2000, "before_tax_cents": 8333, "vat_cents": 1667, "total_cents": 10000},
        {"rate_bp": 1000, "before_tax_cents": 1000, "vat_cents": 100, "total_cents": 1100},
        {"rate_bp": 550, "before_tax_cents": 2000, "vat_cents": 110, "total_cents": 2110},
        {"rate_bp": 0, "before_tax_cents": 2500, "vat_cents": 0, "total_cents": 2500},
    ]
    assert (invoice.total_before_tax_cents, invoice.total_vat_cents) == (13833, 1877)
    assert invoice.total_cents == order.total_cents == 15710
