"""The FEC of a fiscal year: every entry balanced, its totals those of the invoices, credit
notes and payments of the year (no more, no less), awkward amounts to the cent, the chart of
accounts of the entity, and the file read by independent parsers: pandas, and frictionless
against a Table Schema of the 18 columns of article A47 A-1 of the LPF."""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path
from zoneinfo import ZoneInfo

import pandas as pd
import pytest
import time_machine
from frictionless import Dialect, Resource, Schema, formats

from comptoir.community.tests.factories import OrganizationFactory
from comptoir.invoicing import fec
from comptoir.invoicing.models import InvoicingProfile
from comptoir.invoicing.services import credit_note_issue, invoice_issue
from comptoir.invoicing.services.payments import payment_record, payment_refund
from comptoir.invoicing.tests.factories import line, make_order, make_seller

pytestmark = pytest.mark.django_db

PARIS = ZoneInfo("Europe/Paris")
YEAR = 2025
TEXT = ("JournalCode", "JournalLib", "EcritureNum", "CompteNum", "CompteLib", "PieceRef")
OPTIONAL = ("CompAuxNum", "CompAuxLib", "EcritureLet", "DateLet", "Montantdevise", "Idevise")
DATES = ("EcritureDate", "PieceDate", "ValidDate")

SCHEMA = {
    "fields": [
        *(
            {"name": name, "type": "date", "format": "%Y%m%d", "constraints": {"required": True}}
            if name in DATES
            else {
                "name": name,
                "type": "number",
                "decimalChar": ",",
                "constraints": {"required": True, "minimum": 0},
            }
            if name in ("Debit", "Credit")
            else {"name": name, "type": "date", "format": "%Y%m%d"}
            if name == "DateLet"
            else {"name": name, "type": "string", "constraints": {"required": name not in OPTIONAL}}
            for name in fec.COLUMNS
        )
    ],
    "missingValues": [""],
}


def on(day: dt.date) -> time_machine.travel:
    return time_machine.travel(dt.datetime.combine(day, dt.time(11), tzinfo=PARIS), tick=False)


@pytest.fixture
def world(place, concierge, person):
    """A year of an entity subject to VAT: awkward invoices, a partial credit note refunded,
    payments by card and in cash; one invoice the day before the year, one the day after."""
    seller = make_seller(place)
    structure = OrganizationFactory(name="Zoomacom")
    docs: dict[str, list] = {"invoices": [], "notes": [], "payments": []}

    def invoice(day, *lines, pay=None, **kwargs):
        with on(day):
            order = make_order(place, concierge, person, *lines, **kwargs)
            if pay:
                docs["payments"].append(
                    payment_record(
                        order=order, means=pay, amount_cents=order.total_cents, by=concierge
                    )
                )
            issued = invoice_issue(order=order, by=concierge)
        return issued

    invoice(dt.date(YEAR - 1, 12, 31), line(5000))  # not in the year
    docs["invoices"].append(invoice(dt.date(YEAR, 1, 2), line(1), pay="cash"))  # 0,01 €
    thirds = invoice(dt.date(YEAR, 3, 14), line(3333, 3, 2000), pay="card")
    docs["invoices"].append(thirds)
    mixed = invoice(
        dt.date(YEAR, 6, 30),
        line(1055, 1, 550),
        line(1100, 2, 1000),
        line(1200, 1, 2000),
        line(1000, 1, 0),
        buyer_organization=structure,
    )
    docs["invoices"].append(mixed)
    with on(dt.date(YEAR, 7, 1)):
        docs["payments"].append(
            payment_record(order=mixed.order, means="transfer", amount_cents=5000, by=concierge)
        )
    with on(dt.date(YEAR, 9, 9)):
        note = credit_note_issue(
            invoice=thirds,
            by=concierge,
            reason="Une journée annulée",
            lines={thirds.lines.get().pk: 1},
        )
        docs["notes"].append(note)
        docs["payments"].append(
            payment_refund(
                credit_note=note, means="card", amount_cents=note.total_cents, by=concierge
            )
        )
    invoice(dt.date(YEAR + 1, 1, 1), line(7000))  # not in the year
    return seller, docs


def export(seller) -> str:
    return fec.render(fec.rows_of_year(seller_id=seller.pk, year=YEAR))


def frame(text: str) -> pd.DataFrame:
    return pd.read_csv(
        io.StringIO(text),
        sep="\t",
        decimal=",",
        dtype={name: str for name in (*TEXT, *OPTIONAL, *DATES, "EcritureLib", "CompAuxLib")},
        keep_default_na=False,
    )


def test_pandas_reads_the_18_columns_and_every_entry_balances(world):
    seller, docs = world
    table = frame(export(seller))
    assert tuple(table.columns) == fec.COLUMNS
    assert table["Debit"].dtype.kind == "f" and table["Credit"].dtype.kind == "f"
    cents = table.assign(
        d=(table.Debit * 100).round().astype(int), c=(table.Credit * 100).round().astype(int)
    )
    sums = cents.groupby("EcritureNum")[["d", "c"]].sum()
    assert (sums.d == sums.c).all(), sums[sums.d != sums.c]
    # One entry per document of the year, none of another year.
    numbers = {d.number for kind in docs.values() for d in kind}
    assert set(table.EcritureNum) == numbers
    assert set(table.EcritureDate.str[:4]) == {str(YEAR)}
    assert ((cents.d == 0) ^ (cents.c == 0) | ((cents.d == 0) & (cents.c == 0))).all()


def test_the_totals_are_those_of_the_documents(world):
    seller, docs = world
    table = frame(export(seller))
    table["net"] = ((table.Debit - table.Credit) * 100).round().astype(int)
    by_account = table.groupby("CompteNum")["net"].sum().to_dict()
    invoices, notes, payments = docs["invoices"], docs["notes"], docs["payments"]
    invoiced = sum(i.total_cents for i in invoices) - sum(n.total_cents for n in notes)
    received = sum(p.amount_cents for p in payments)
    vat = sum(i.total_vat_cents for i in invoices) - sum(n.total_vat_cents for n in notes)
    before_tax = sum(i.total_before_tax_cents for i in invoices) - sum(
        n.total_before_tax_cents for n in notes
    )
    assert by_account["411"] == invoiced - received
    assert by_account["706"] == -before_tax
    assert by_account["44571"] == -vat
    cash = sum(p.amount_cents for p in payments if p.means == "cash")
    assert by_account["530"] == cash == 1
    assert by_account["512"] == received - cash
    # Awkward amounts, to the cent: 0,01 € without VAT line; 3 × 33,33 € at 20 %, its VAT
    # rounded once (16,67 €, not 3 × 5,56 €); 5,5 %, 10 %, 20 % and exempt on one invoice.
    penny = table[table.EcritureNum == invoices[0].number]
    assert list(zip(penny.CompteNum, penny.Debit, penny.Credit, strict=True)) == [
        ("411", 0.01, 0.0),
        ("706", 0.0, 0.01),
    ]
    thirds = table[table.EcritureNum == invoices[1].number]
    assert list(thirds[thirds.CompteNum == "44571"].Credit) == [16.67]
    assert list(thirds[thirds.CompteNum == "706"].Credit) == [83.32]
    mixed = table[table.EcritureNum == invoices[2].number]
    assert sorted(mixed[mixed.CompteNum == "44571"].Credit) == [0.55, 2.0, 2.0]
    assert len(mixed[mixed.CompteNum == "706"]) == 4
    assert set(mixed.CompAuxLib) >= {"Zoomacom"} and mixed.iloc[0].CompAuxNum.startswith("S")


def test_credit_notes_and_refunds_are_reversed(world):
    seller, docs = world
    table = frame(export(seller))
    note = table[table.EcritureNum == docs["notes"][0].number]
    assert list(note.CompteNum) == ["411", "706", "44571"]
    assert note.iloc[0].Credit == 33.33 and note.iloc[0].Debit == 0
    assert list(note.JournalCode.unique()) == ["VE"]
    refund = table[table.EcritureNum == docs["payments"][-1].number]
    assert list(
        zip(refund.JournalCode, refund.CompteNum, refund.Debit, refund.Credit, strict=True)
    ) == [
        ("BQ", "512", 0.0, 33.33),
        ("BQ", "411", 33.33, 0.0),
    ]
    cash = table[table.EcritureNum == docs["payments"][0].number]
    assert set(cash.JournalCode) == {"CA"} and set(cash.JournalLib) == {"Caisse"}


def test_frictionless_validates_the_file_against_the_table_schema(world, tmp_path: Path):
    seller, _docs = world
    text = export(seller)
    name = fec.file_name(siren=seller.siret[:9], year=YEAR)
    (tmp_path / name).write_text(text, encoding="utf-8")
    dialect = Dialect(controls=[formats.CsvControl(delimiter="\t")])
    resource = Resource(
        path=name,
        basepath=str(tmp_path),
        format="csv",
        dialect=dialect,
        schema=Schema.from_descriptor(SCHEMA),
    )
    report = resource.validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "message"])
    assert report.tasks[0].stats["rows"] == len(text.splitlines()) - 1 > 20


def test_the_text_follows_the_format(world):
    seller, _docs = world
    text = export(seller)
    lines = text.split("\r\n")
    assert lines[-1] == "" and all(line.count("\t") == 17 for line in lines[:-1])
    amount = re.compile(r"^\d+,\d{2}$")
    for row in lines[1:-1]:
        cells = row.split("\t")
        assert amount.match(cells[11]) and amount.match(cells[12]), row
        assert re.match(r"^\d{8}$", cells[3]) and re.match(r"^\d{8}$", cells[15]), row


def test_the_file_is_named_after_the_siren_and_the_year_end():
    assert fec.file_name(siren="123456789", year=2026) == "123456789FEC20261231.txt"


def test_amounts_and_labels():
    assert [fec.amount(c) for c in (0, 1, 99, 100, 123456)] == [
        "0,00",
        "0,01",
        "0,99",
        "1,00",
        "1234,56",
    ]
    row = fec.Row(
        "VE",
        "F1",
        dt.date(2026, 1, 2),
        ("706", "Ventes"),
        ("", "A\tB\nC"),
        "x\ty",
        1,
        0,
        dt.date(2026, 1, 2),
    )
    cells = row.cells()
    assert len(cells) == 18 and cells[7] == "A B C" and cells[10] == "x y"


def test_the_entity_s_chart_of_accounts_replaces_the_defaults(world):
    seller, _docs = world
    InvoicingProfile.objects.filter(organization=seller).update(
        accounts={"revenue": "7061", "bank": "5121", "vat": "TVA!", "unknown": "1"}
    )
    table = frame(export(seller))
    assert {"7061", "5121", "44571"} <= set(table.CompteNum)
    assert not {"706", "512"} & set(table.CompteNum)


def test_a_year_without_documents_is_a_header_alone(place):
    seller = make_seller(place)
    text = fec.render(fec.rows_of_year(seller_id=seller.pk, year=1999))
    assert text == "\t".join(fec.COLUMNS) + "\r\n"


def test_the_chart_is_set_by_its_service_and_audited(place, concierge):
    from comptoir.core.models import AuditEvent
    from comptoir.invoicing.exceptions import InvoicingNotConfigured
    from comptoir.invoicing.services.accounts import AccountNumberInvalid, chart_update

    seller = make_seller(place)
    profile = chart_update(
        seller_id=seller.pk, accounts={"cash": "5310", "vat": "44571", "grants": ""}, by=concierge
    )
    assert profile.accounts == {"cash": "5310"}
    assert fec.chart(profile)["cash"] == ("5310", "Caisse")
    assert AuditEvent.objects.filter(verb="chart_of_accounts.updated").count() == 1
    with pytest.raises(AccountNumberInvalid):
        chart_update(seller_id=seller.pk, accounts={"bank": "51 2"}, by=concierge)
    assert InvoicingProfile.objects.get(pk=profile.pk).accounts == {"cash": "5310"}
    with pytest.raises(InvoicingNotConfigured):
        chart_update(seller_id=OrganizationFactory().pk, accounts={}, by=concierge)
