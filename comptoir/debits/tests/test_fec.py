"""A returned direct debit in the FEC: its own balanced entry, the bank credited and the
customer debited again, labelled as a return with the mandate's reference (RUM), not as a
refund; the file still passes the table schema the FEC tests validate it against."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import time_machine
from frictionless import Dialect, Resource, Schema, formats

from comptoir.debits import services
from comptoir.debits.tests.factories import make_creditor, make_mandate, subscription_order
from comptoir.invoicing import fec
from comptoir.invoicing.services import credit_note_issue, invoice_issue
from comptoir.invoicing.services.payments import payment_record, payment_refund
from comptoir.invoicing.tests.test_fec import SCHEMA, frame

pytestmark = pytest.mark.django_db

MONTH = dt.date(2026, 12, 1)


@pytest.fixture(autouse=True)
def december():
    with time_machine.travel(dt.datetime(2026, 12, 2, 10, tzinfo=dt.UTC), tick=False):
        yield


def returned_and_refunded(place, concierge, person):
    """Samir's subscription debited then returned (AM04); another order invoiced, paid by
    the same batch, then credited and refunded: one return and one refund in the year."""
    seller = make_creditor(place)
    mandate = make_mandate(place, person, concierge, reference="RUM-2026-0042")
    order = subscription_order(place, concierge, person, 25000)
    invoice_issue(order=order, by=concierge)
    batch = services.batch_create(place=place, month=MONTH, by=concierge)
    debit = batch.debits.get()
    with time_machine.travel(dt.datetime(2026, 12, 9, 10, tzinfo=dt.UTC), tick=False):
        returned = services.debit_return(debit=debit, reason="AM04", by=concierge)
        other = subscription_order(place, concierge, person, 4000)
        invoice = invoice_issue(order=other, by=concierge)
        payment_record(order=other, means="card", amount_cents=4000, by=concierge)
        note = credit_note_issue(invoice=invoice, by=concierge, reason="Annulé")
        refund = payment_refund(credit_note=note, means="card", amount_cents=4000, by=concierge)
    return seller, mandate, returned.return_payment, refund


def test_a_returned_debit_is_labelled_as_a_return_with_its_mandate(place, concierge, person):
    seller, mandate, returned, refund = returned_and_refunded(place, concierge, person)
    table = frame(fec.render(fec.rows_of_year(seller_id=seller.pk, year=2026)))
    entry = table[table.EcritureNum == returned.number]
    assert list(zip(entry.CompteNum, entry.Debit, entry.Credit, strict=True)) == [
        ("512", 0.0, 250.0),
        ("411", 250.0, 0.0),
    ]
    label = entry.iloc[0].EcritureLib
    assert label.startswith(f"Rejet de prélèvement {returned.number} RUM {mandate.reference} ")
    assert "AM04" in label and "Remboursement" not in label
    refunded = table[table.EcritureNum == refund.number]
    assert set(refunded.EcritureLib.str.split().str[0]) == {"Remboursement"}
    cents = table.assign(d=(table.Debit * 100).round(), c=(table.Credit * 100).round())
    sums = cents.groupby("EcritureNum")[["d", "c"]].sum()
    assert (sums.d == sums.c).all()


def test_the_file_with_a_returned_debit_passes_the_table_schema(
    place, concierge, person, tmp_path: Path
):
    seller, *_ = returned_and_refunded(place, concierge, person)
    text = fec.render(fec.rows_of_year(seller_id=seller.pk, year=2026))
    name = fec.file_name(siren=seller.siret[:9], year=2026)
    (tmp_path / name).write_text(text, encoding="utf-8")
    resource = Resource(
        path=name,
        basepath=str(tmp_path),
        format="csv",
        dialect=Dialect(controls=[formats.CsvControl(delimiter="\t")]),
        schema=Schema.from_descriptor(SCHEMA),
    )
    report = resource.validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "message"])
    assert report.tasks[0].stats["rows"] == len(text.splitlines()) - 1
