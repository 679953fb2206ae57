"""Mandates, the monthly batch and returned debits, against the database; the pain.008 file
read back by lxml against the official XSD (shipped with sepaxml, never fetched)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import sepaxml
import time_machine
from lxml import etree

from comptoir.billing.models import Order
from comptoir.core.models import AuditEvent
from comptoir.debits import services
from comptoir.debits.exceptions import (
    ActiveMandateExists,
    BatchExists,
    BicInvalid,
    CreditorIdInvalid,
    DebitAlreadyReturned,
    IbanInvalid,
    MandateReferenceTaken,
    NoCreditor,
    NothingToCollect,
    SignatureDateMissing,
)
from comptoir.debits.models import Batch, Debit, Mandate
from comptoir.debits.tests.factories import (
    CREDITOR_ID,
    IBAN_CREDIT_AGRICOLE,
    make_creditor,
    make_mandate,
    subscription_order,
)
from comptoir.invoicing.models import Payment
from comptoir.invoicing.reminder_selectors import reminders_due
from comptoir.invoicing.selectors import invoice_chains_verify
from comptoir.invoicing.services import invoice_issue
from comptoir.invoicing.statements import statement_of_person
from comptoir.invoicing.tests.factories import make_seller

pytestmark = pytest.mark.django_db

NS = {"p": "urn:iso:std:iso:20022:tech:xsd:pain.008.001.02"}
XSD = Path(sepaxml.__file__).parent / "schemas" / "pain.008.001.02.xsd"
MONTH = dt.date(2026, 12, 1)


@pytest.fixture(autouse=True)
def _december():
    with time_machine.travel(dt.datetime(2026, 12, 2, 10, tzinfo=dt.UTC), tick=False):
        yield


def _valid(xml: str) -> etree._Element:
    schema = etree.XMLSchema(etree.parse(str(XSD)))
    document = etree.fromstring(xml.encode())
    schema.assertValid(document)
    return document


# --- Mandates -----------------------------------------------------------------------------


def test_a_mandate_keeps_the_checked_iban_its_bic_and_a_unique_reference(place, concierge, person):
    make_creditor(place)
    mandate = make_mandate(place, person, concierge, iban="fr14 2004 1010 0505 0001 3m02 606")
    assert mandate.iban == "FR1420041010050500013M02606"
    assert mandate.bic == "PSSTFRPP"  # La Banque Postale's, found from the IBAN
    assert mandate.reference.startswith(f"RUM-{place.pk}-{person.pk}-")
    assert mandate.status == Mandate.Status.ACTIVE
    assert AuditEvent.objects.filter(verb="sepa_mandate.created").count() == 1


@pytest.mark.parametrize(
    ("fields", "error"),
    [
        ({"iban": "FR1420041010050500013M02607"}, IbanInvalid),  # a wrong check digit
        ({"iban": "not an iban"}, IbanInvalid),
        ({"signed_on": None}, SignatureDateMissing),
        ({"signed_on": dt.date(2026, 12, 3)}, SignatureDateMissing),  # tomorrow
        ({"bic": "PSST"}, BicInvalid),
    ],
)
def test_bad_mandates_are_refused_and_nothing_is_saved(place, concierge, person, fields, error):
    make_creditor(place)
    with pytest.raises(error) as raised:
        make_mandate(place, person, concierge, **fields)
    assert 400 <= raised.value.status < 500
    assert not Mandate.objects.exists()
    assert not AuditEvent.objects.filter(verb="sepa_mandate.created").exists()


def test_one_active_mandate_per_person_and_a_reference_used_once(place, concierge, person):
    from comptoir.community.tests.factories import PersonFactory

    make_creditor(place)
    first = make_mandate(place, person, concierge, reference="RUM-2026-0001")
    with pytest.raises(ActiveMandateExists):
        make_mandate(place, person, concierge)
    with pytest.raises(MandateReferenceTaken):
        make_mandate(place, PersonFactory(), concierge, reference="RUM-2026-0001")
    services.mandate_revoke(mandate=first, by=concierge)
    second = make_mandate(place, person, concierge, iban=IBAN_CREDIT_AGRICOLE)
    assert second.bic == "AGRIFRPP882"


def test_a_mandate_needs_the_creditor_details_of_the_entity(place, concierge, person):
    make_seller(place)
    with pytest.raises(NoCreditor):
        make_mandate(place, person, concierge)


def test_a_creditor_identifier_is_checked(place, concierge):
    entity = make_seller(place)
    with pytest.raises(CreditorIdInvalid):
        services.creditor_set(
            organization=entity, creditor_id="FR73ZZZ123456", iban="", bic="", by=concierge
        )
    creditor = services.creditor_set(
        organization=entity,
        creditor_id=" fr72 zzz 123456 ",
        iban="FR76 3000 6000 0112 3456 7890 189",
        bic="",
        by=concierge,
    )
    assert (creditor.creditor_id, creditor.bic) == (CREDITOR_ID, "AGRIFRPPXXX")


# --- The monthly batch --------------------------------------------------------------------


def test_the_batch_collects_pending_subscriptions_of_people_with_a_mandate(
    place, concierge, person
):
    from comptoir.community.tests.factories import PersonFactory

    make_creditor(place)
    make_mandate(place, person, concierge)
    due = subscription_order(place, concierge, person, 25000)
    without_mandate = subscription_order(place, concierge, PersonFactory(), 25000)
    revoked_person = PersonFactory()
    services.mandate_revoke(mandate=make_mandate(place, revoked_person, concierge), by=concierge)
    revoked = subscription_order(place, concierge, revoked_person, 25000)
    batch = services.batch_create(place=place, month=MONTH, by=concierge)
    assert (batch.debit_count, batch.total_cents) == (1, 25000)
    assert batch.collection_date == dt.date(2026, 12, 5)
    debit = batch.debits.get()
    assert (debit.order_id, debit.sequence_type) == (due.pk, "FRST")
    due.refresh_from_db()
    assert due.status == Order.Status.PAID
    assert debit.payment.means == "direct_debit" and debit.payment.amount_cents == 25000
    for order in (without_mandate, revoked):
        order.refresh_from_db()
        assert order.status == Order.Status.PENDING
    document = _valid(batch.xml)
    assert document.findtext(".//p:GrpHdr/p:NbOfTxs", namespaces=NS) == "1"
    assert document.findtext(".//p:GrpHdr/p:CtrlSum", namespaces=NS) == "250.00"
    assert (
        document.findtext(".//p:CdtrSchmeId/p:Id/p:PrvtId/p:Othr/p:Id", namespaces=NS)
        == CREDITOR_ID
    )
    assert document.findtext(".//p:SeqTp", namespaces=NS) == "FRST"
    mandate_xml = document.find(".//p:MndtRltdInf", namespaces=NS)
    assert mandate_xml.findtext("p:DtOfSgntr", namespaces=NS) == "2026-01-15"
    assert document.findtext(".//p:DrctDbtTxInf//p:IBAN", namespaces=NS) == (
        "FR1420041010050500013M02606"
    )
    assert [(r.count, r.intact) for r in invoice_chains_verify()] == [(1, True)]


def test_the_next_debit_of_a_mandate_is_recurrent_and_a_month_is_made_once(
    place, concierge, person
):
    make_creditor(place)
    make_mandate(place, person, concierge)
    with time_machine.travel(dt.datetime(2026, 11, 2, 10, tzinfo=dt.UTC), tick=False):
        subscription_order(place, concierge, person)
        services.batch_create(place=place, month=MONTH.replace(month=11), by=concierge)
    subscription_order(place, concierge, person)
    december = services.batch_create(place=place, month=MONTH, by=concierge)
    assert december.debits.get().sequence_type == "RCUR"
    document = _valid(december.xml)
    assert document.findtext(".//p:SeqTp", namespaces=NS) == "RCUR"
    subscription_order(place, concierge, person)
    with pytest.raises(BatchExists):
        services.batch_create(place=place, month=MONTH, by=concierge)
    assert Batch.objects.count() == 2


def test_a_batch_with_nothing_to_collect_saves_nothing(place, concierge, person):
    make_creditor(place)
    make_mandate(place, person, concierge)
    with pytest.raises(NothingToCollect) as raised:
        services.batch_create(place=place, month=MONTH, by=concierge)
    assert raised.value.status == 409
    assert not Batch.objects.exists() and not Payment.objects.exists()


def test_a_batch_that_fails_half_way_saves_nothing(place, concierge, person):
    """A second order of the batch cannot be paid (its place's entity lost its invoicing
    profile): the first order's payment is rolled back with the rest."""
    from comptoir.community.tests.factories import PersonFactory
    from comptoir.invoicing.models import InvoicingProfile

    make_creditor(place)
    make_mandate(place, person, concierge)
    subscription_order(place, concierge, person)
    other = PersonFactory()
    make_mandate(place, other, concierge)
    subscription_order(place, concierge, other)
    InvoicingProfile.objects.all().delete()
    with pytest.raises(Exception) as raised:
        services.batch_create(place=place, month=MONTH, by=concierge)
    assert 400 <= raised.value.status < 500
    assert not Batch.objects.exists() and not Payment.objects.exists()
    assert not Mandate.objects.filter(first_debit_sent=True).exists()


# --- Returns ------------------------------------------------------------------------------


def test_a_returned_debit_reopens_its_order_the_statement_says_so_and_a_reminder_follows(
    place, concierge, person
):
    make_creditor(place)
    mandate = make_mandate(place, person, concierge)
    order = subscription_order(place, concierge, person, 25000)
    invoice = invoice_issue(order=order, by=concierge)
    batch = services.batch_create(place=place, month=MONTH, by=concierge)
    debit = batch.debits.get()
    with time_machine.travel(dt.datetime(2026, 12, 9, 10, tzinfo=dt.UTC), tick=False):
        services.debit_return(debit=debit, reason="AM04", by=concierge)
        with pytest.raises(DebitAlreadyReturned):
            services.debit_return(debit=debit, reason="AM04", by=concierge)
    debit.refresh_from_db()
    order.refresh_from_db()
    assert debit.status == Debit.Status.RETURNED and debit.return_reason == "AM04"
    assert (order.status, order.received_cents, order.paid_at) == (Order.Status.PENDING, 0, None)
    assert debit.return_payment.amount_cents == -25000
    assert debit.return_payment.credit_note_id is None
    mandate.refresh_from_db()
    assert mandate.first_debit_sent is False  # a returned first debit: the next is FRST again
    statement = statement_of_person(person_id=person.pk, place_id=place.pk)
    assert statement.due_cents == 25000
    returned = [line for line in statement.lines if line.returned]
    assert [(line.amount_cents, line.balance_cents) for line in returned] == [(25000, 25000)]
    due = list(reminders_due(today=invoice.due_date + dt.timedelta(days=7)))
    assert [(d.invoice.pk, d.due_cents) for d in due] == [(invoice.pk, 25000)]
    assert all(report.intact for report in invoice_chains_verify())
    # Collected again the next month, as a first debit.
    with time_machine.travel(dt.datetime(2027, 1, 2, 10, tzinfo=dt.UTC), tick=False):
        january = services.batch_create(place=place, month=dt.date(2027, 1, 1), by=concierge)
    assert january.debits.get().sequence_type == "FRST"
    order.refresh_from_db()
    assert order.status == Order.Status.PAID
