"""The sales journal (CSV read by pandas, the spreadsheet by openpyxl) and the other income
in the FEC: totals those of the invoices and credit notes, every entry balanced, the
income's accounts from the entity's chart."""

from __future__ import annotations

import datetime as dt
import io
from zoneinfo import ZoneInfo

import openpyxl
import pandas as pd
import pytest
import time_machine
from django.utils import translation

from comptoir.core.tests.csv_checks import read_spreadsheet_csv
from comptoir.economy import journal
from comptoir.economy.models import IncomeKind
from comptoir.economy.tests.factories import income
from comptoir.invoicing import fec
from comptoir.invoicing.models import CreditNote, Invoice, InvoicingProfile
from comptoir.invoicing.services import credit_note_issue, invoice_issue
from comptoir.invoicing.tests.factories import line, make_order, make_seller

pytestmark = pytest.mark.django_db
PARIS = ZoneInfo("Europe/Paris")
YEAR = 2025


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def on(day):
    return time_machine.travel(dt.datetime.combine(day, dt.time(11), tzinfo=PARIS), tick=False)


@pytest.fixture
def sales(place, concierge, person):
    """Awkward invoices of the year (0,01 €, 3 × 33,33 €, mixed rates), a partial credit
    note, and one invoice on each side of the period."""
    seller = make_seller(place)

    def invoice(day, *lines):
        with on(day):
            return invoice_issue(order=make_order(place, concierge, person, *lines), by=concierge)

    invoice(dt.date(YEAR - 1, 12, 31), line(5000))
    invoice(dt.date(YEAR, 1, 2), line(1))
    thirds = invoice(dt.date(YEAR, 3, 14), line(3333, 3, 2000))
    invoice(dt.date(YEAR, 6, 30), line(1055, 1, 550), line(1100, 2, 1000), line(1000, 1, 0))
    with on(dt.date(YEAR, 9, 9)):
        credit_note_issue(
            invoice=thirds, by=concierge, reason="Annulée", lines={thirds.lines.get().pk: 1}
        )
    invoice(dt.date(YEAR + 1, 1, 1), line(7000))
    return seller


def expected():
    invoices = Invoice.objects.filter(issue_date__year=YEAR)
    notes = CreditNote.objects.filter(issue_date__year=YEAR)
    return {
        key: sum(getattr(d, key) for d in invoices) - sum(getattr(d, key) for d in notes)
        for key in ("total_before_tax_cents", "total_vat_cents", "total_cents")
    }


def period_rows(place):
    return journal.rows(place_id=place.pk, start=dt.date(YEAR, 1, 1), end=dt.date(YEAR, 12, 31))


def test_the_csv_journal_read_by_pandas_totals_the_invoices(place, sales):
    rows = period_rows(place)
    frame = read_spreadsheet_csv(journal.as_csv(rows).encode("utf-8"))
    assert len(frame) == 4  # three invoices and the credit note of the year
    assert list(frame.columns)[:3] == ["Date", "Number", "Document"]
    cents = {
        key: int((frame[column] * 100).round().sum())
        for key, column in (
            ("total_before_tax_cents", "Before tax (€)"),
            ("total_vat_cents", "VAT (€)"),
            ("total_cents", "Including tax (€)"),
        )
    }
    assert cents == expected()
    assert (frame["Including tax (€)"] < 0).sum() == 1  # the credit note
    assert list(frame["Date"]) == sorted(frame["Date"])


def test_the_spreadsheet_read_by_openpyxl_totals_the_invoices_and_each_rate(place, sales):
    rows = period_rows(place)
    book = openpyxl.load_workbook(io.BytesIO(journal.as_xlsx(rows, title="Journal")))
    sheet, totals = book.worksheets
    values = list(sheet.iter_rows(min_row=2, values_only=True))
    assert len(values) == 4
    assert round(sum(row[7] for row in values) * 100) == expected()["total_cents"]
    assert round(sum(row[5] for row in values) * 100) == expected()["total_before_tax_cents"]
    by_rate = list(totals.iter_rows(min_row=2, values_only=True))
    assert [row[0] for row in by_rate[:-1]] == [0, 5.5, 10, 20]
    assert by_rate[-1][0] == "Total"
    assert round(by_rate[-1][3] * 100) == expected()["total_cents"]
    assert round(sum(row[3] for row in by_rate[:-1]) * 100) == expected()["total_cents"]
    assert round(sum(row[2] for row in by_rate[:-1]) * 100) == expected()["total_vat_cents"]


def test_a_period_without_sales_gives_a_header_only(place):
    frame = read_spreadsheet_csv(journal.as_csv(period_rows(place)).encode())
    assert frame.empty and len(frame.columns) == 8


def fec_frame(seller) -> pd.DataFrame:
    text = fec.render(fec.rows_of_year(seller_id=seller.pk, year=YEAR))
    return pd.read_csv(io.StringIO(text), sep="\t", decimal=",", dtype=str, keep_default_na=False)


def cents(column: pd.Series) -> pd.Series:
    return column.str.replace(",", ".").astype(float).mul(100).round().astype(int)


def test_other_income_is_in_the_fec_balanced_on_its_accounts(place, sales, treasurer):
    seller = sales
    grant = income(place, treasurer, received_on=dt.date(YEAR, 4, 1), amount_cents=1_234_567)
    for kind, day in (
        (IncomeKind.DONATION, 2),
        (IncomeKind.DUES, 3),
        (IncomeKind.PARTNER_SERVICES, 4),
        (IncomeKind.OTHER, 5),
    ):
        income(
            place,
            kind=kind,
            programme="",
            period_start=None,
            period_end=None,
            received_on=dt.date(YEAR, 5, day),
            amount_cents=1000 * day,
        )
    income(place, received_on=dt.date(YEAR + 1, 1, 5))  # another year
    frame = fec_frame(seller).assign(d=lambda f: cents(f.Debit), c=lambda f: cents(f.Credit))
    sums = frame.groupby("EcritureNum")[["d", "c"]].sum()
    assert (sums.d == sums.c).all()
    ours = frame[frame.EcritureNum.str.startswith("R")]
    assert set(ours.JournalCode) == {"BQ"}
    credited = ours[ours.c > 0].groupby("CompteNum").c.sum().to_dict()
    assert credited == {"74": 1_234_567, "754": 2000, "756": 3000, "758": 4000 + 5000}
    assert ours[ours.d > 0].CompteNum.unique().tolist() == ["512"]
    assert f"R{YEAR}-{grant.pk:06d}" in set(ours.EcritureNum)
    # The entries keep the file's date order.
    assert list(frame.EcritureDate) == sorted(frame.EcritureDate)


def test_the_entity_chart_of_accounts_places_the_income(place, sales):
    InvoicingProfile.objects.filter(organization=sales).update(
        accounts={"grants": "741", "bank": "5121"}
    )
    income(place, received_on=dt.date(YEAR, 4, 1))
    frame = fec_frame(sales)
    ours = frame[frame.EcritureNum.str.startswith("R")]
    assert set(ours.CompteNum) == {"741", "5121"}


def test_income_of_a_place_of_another_entity_stays_out(place, foreign_place, sales):
    income(foreign_place, received_on=dt.date(YEAR, 4, 1))
    assert not fec_frame(sales).EcritureNum.str.startswith("R").any()
