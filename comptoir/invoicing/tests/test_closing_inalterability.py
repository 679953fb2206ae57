"""Closings are never changed nor deleted: the model and its querysets refuse it and, whatever
path a write takes, the database does too; a forger past the triggers is caught by the
verification of the closings' chain (the page and the command)."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.db import IntegrityError, connection, transaction

from comptoir.invoicing.closing_selectors import closing_chains_verify
from comptoir.invoicing.models import Closing, ImmutableError
from comptoir.invoicing.services import invoice_issue
from comptoir.invoicing.services.closings import closing_close
from comptoir.invoicing.tests.factories import make_order, make_seller
from comptoir.invoicing.tests.tampering import tamper

pytestmark = pytest.mark.django_db

DAY = dt.date(2025, 6, 3)


@pytest.fixture
def closings(place, concierge, person) -> list[Closing]:
    seller = make_seller(place)
    with time_machine.travel(dt.datetime(2025, 6, 3, 11, tzinfo=dt.UTC), tick=False):
        invoice_issue(order=make_order(place, concierge, person), by=concierge)
    first = closing_close(seller_id=seller.pk, kind="day", day=DAY, by=None)
    second = closing_close(seller_id=seller.pk, kind="day", day=DAY + dt.timedelta(1), by=None)
    return [first, second]


def test_the_model_refuses_to_save_or_delete_a_closing(closings):
    closings[0].invoiced_cents = 1
    with pytest.raises(ImmutableError):
        closings[0].save()
    with pytest.raises(ImmutableError):
        closings[0].delete()
    with pytest.raises(ImmutableError):
        Closing.objects.filter(pk=closings[0].pk).update(invoiced_cents=1)
    with pytest.raises(ImmutableError):
        Closing.objects.all().delete()


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE invoicing_closing SET invoiced_cents = 1",
        "UPDATE invoicing_closing SET period_end = period_start",
        "DELETE FROM invoicing_closing",
    ],
)
def test_the_database_refuses_raw_updates_and_deletes(closings, statement):
    with pytest.raises(IntegrityError, match="inalterable"):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(statement)
    assert Closing.objects.get(pk=closings[0].pk).invoiced_cents == closings[0].invoiced_cents


def test_the_intact_chain_is_said_intact(closings):
    assert [(r.count, r.intact) for r in closing_chains_verify()] == [(2, True)]
    out = StringIO()
    call_command("comptoir_verify_invoices", stdout=out)
    assert "2 closing(s)" in out.getvalue()


@pytest.mark.parametrize(
    ("sql", "reason"),
    [
        ("UPDATE invoicing_closing SET invoiced_cents = 1 WHERE chain_position = 1", "empreinte"),
        ("DELETE FROM invoicing_closing WHERE chain_position = 1", "manque avant"),
        ("UPDATE invoicing_closing SET previous_hash = '' WHERE chain_position = 2", "pas liée"),
        ("UPDATE invoicing_invoice SET total_cents = 1", "qu’elle a clôturé manque"),
        ("DELETE FROM invoicing_invoiceline", None),
    ],
)
def test_a_tampered_closing_or_document_breaks_the_closings_chain(closings, sql, reason):
    if reason is None:  # a line removed: the invoice's own chain tells, not the closings'
        tamper(sql)
        assert [r.intact for r in closing_chains_verify()] == [True]
        return
    if sql.startswith("UPDATE invoicing_invoice "):
        # The forger rehashes the invoice so its own chain's check of the content holds.
        # Its first digit changed, whatever it was ('f' || … left one hash in 16 as it was).
        sql = (
            "UPDATE invoicing_invoice SET hash = CASE WHEN substr(hash, 1, 1) = 'f' "
            "THEN '0' ELSE 'f' END || substr(hash, 2)"
        )
    tamper(sql)
    [report] = closing_chains_verify()
    assert not report.intact
    assert reason in report.reason
    with pytest.raises(CommandError, match="broken chain"):
        call_command("comptoir_verify_invoices", stdout=StringIO())
