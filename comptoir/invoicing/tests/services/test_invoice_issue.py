"""invoice_issue: the invoice of an order, numbered, snapshotted and chained."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from comptoir.billing.models import Order
from comptoir.community.models import Organization
from comptoir.community.tests.factories import OrganizationFactory
from comptoir.core.models import AuditEvent
from comptoir.invoicing.chain import invoice_hash
from comptoir.invoicing.exceptions import (
    AlreadyInvoiced,
    InvoicingNotConfigured,
    NoLegalEntity,
    NothingToInvoice,
    OrderCancelledError,
    SiretMissing,
)
from comptoir.invoicing.models import Invoice, InvoiceCounter, InvoicingProfile, VatRegime
from comptoir.invoicing.services import invoice_issue
from comptoir.invoicing.services.payments import payment_record
from comptoir.invoicing.tests.factories import line, make_order, make_seller, siret
from comptoir.places.tests.factories import PlaceFactory

pytestmark = pytest.mark.django_db


def test_it_numbers_the_first_invoice_of_the_year(place, concierge, person):
    make_seller(place)
    invoice = invoice_issue(order=make_order(place, concierge, person), by=concierge)
    year = timezone.localdate().year
    assert (invoice.series, invoice.sequence) == (str(year), 1)
    assert invoice.number == f"F{year}-000001"


def test_it_numbers_the_next_invoices_consecutively(place, concierge, person):
    make_seller(place)
    numbers = [
        invoice_issue(order=make_order(place, concierge, person), by=concierge).sequence
        for _ in range(3)
    ]
    assert numbers == [1, 2, 3]
    assert InvoiceCounter.objects.get().last_sequence == 3


def test_each_entity_has_its_own_numbers(place, concierge, person):
    make_seller(place)
    other = PlaceFactory()
    make_seller(other)
    invoice_issue(order=make_order(place, concierge, person), by=concierge)
    elsewhere = invoice_issue(order=make_order(other, concierge, person), by=concierge)
    assert elsewhere.sequence == 1 and elsewhere.chain_position == 1


def test_it_snapshots_the_seller(place, concierge, person):
    entity = make_seller(place)
    invoice = invoice_issue(order=make_order(place, concierge, person), by=concierge)
    profile = InvoicingProfile.objects.get(organization=entity)
    assert invoice.seller_name == "Coopérative du Comptoir"
    assert invoice.seller_siret == entity.siret and invoice.seller_siren == entity.siret[:9]
    assert invoice.seller_address == profile.address
    assert invoice.seller_vat_regime == VatRegime.SUBJECT
    assert invoice.seller_vat_number == profile.vat_number
    Organization.objects.filter(pk=entity.pk).update(name="Nouveau nom")
    invoice.refresh_from_db()
    assert invoice.seller_name == "Coopérative du Comptoir"


def test_a_person_buyer_owes_no_recovery_indemnity(place, concierge, person):
    make_seller(place)
    invoice = invoice_issue(
        order=make_order(place, concierge, person), by=concierge, buyer_address="3 rue Haute"
    )
    assert invoice.buyer_name == person.get_full_name()
    assert invoice.buyer_address == "3 rue Haute"
    assert (invoice.buyer_is_business, invoice.buyer_siren) == (False, "")
    assert invoice.recovery_indemnity_cents == 0


def test_a_business_buyer_is_named_with_its_siren_and_owes_the_40_euros(place, concierge):
    make_seller(place)
    buyer = OrganizationFactory(name="Zoomacom", siret=siret())
    order = make_order(place, concierge, None, buyer_organization=buyer)
    invoice = invoice_issue(order=order, by=concierge)
    assert invoice.buyer_name == "Zoomacom"
    assert invoice.buyer_is_business and invoice.buyer_siren == buyer.siret[:9]
    assert invoice.recovery_indemnity_cents == 4000


def test_it_dates_the_sale_and_the_due_date(place, concierge, person):
    make_seller(place, payment_terms_days=45, late_penalty_rate_bp=1200)
    order = make_order(place, concierge, person)
    invoice = invoice_issue(order=order, by=concierge)
    assert invoice.sale_date == timezone.localtime(order.created_at).date()
    assert invoice.due_date == invoice.issue_date + dt.timedelta(days=45)
    assert invoice.late_penalty_rate_bp == 1200


def test_it_copies_the_lines_with_their_prices_before_tax(place, concierge, person):
    make_seller(place)
    order = make_order(
        place, concierge, person, line(1200, 2, description="Salle"), line(1055, 1, 550)
    )
    invoice = invoice_issue(order=order, by=concierge)
    got = [
        (ln.position, ln.label, ln.quantity, ln.unit_price_before_tax_cents, ln.vat_rate_bp)
        for ln in invoice.lines.all()
    ]
    assert got == [(1, "Salle", 2, 1000, 2000), (2, "Journée de coworking", 1, 1000, 550)]
    assert [ln.total_before_tax_cents for ln in invoice.lines.all()] == [2000, 1000]


def test_an_entity_not_subject_to_vat_charges_none(place, concierge, person):
    make_seller(place, regime=VatRegime.FRANCHISE)
    order = make_order(place, concierge, person, line(1500, 2, 2000))
    invoice = invoice_issue(order=order, by=concierge)
    assert (invoice.total_before_tax_cents, invoice.total_vat_cents) == (3000, 0)
    assert invoice.vat_totals == [
        {"rate_bp": 0, "before_tax_cents": 3000, "vat_cents": 0, "total_cents": 3000}
    ]
    assert [ln.vat_rate_bp for ln in invoice.lines.all()] == [0]
    assert invoice.seller_vat_regime == VatRegime.FRANCHISE
    assert invoice.exemption_mention == ""  # the art. 293 B mention is the regime's


def test_exempt_lines_carry_the_entity_exemption_mention(place, concierge, person):
    make_seller(place, exemption_mention="Exonération de TVA, art. 261-4-4° du CGI")
    taxed = invoice_issue(order=make_order(place, concierge, person), by=concierge)
    exempt = invoice_issue(
        order=make_order(place, concierge, person, line(900, 1, 0)), by=concierge
    )
    assert taxed.exemption_mention == ""
    assert exempt.exemption_mention == "Exonération de TVA, art. 261-4-4° du CGI"


def test_it_chains_each_invoice_to_the_previous_one(place, concierge, person):
    make_seller(place)
    first = invoice_issue(order=make_order(place, concierge, person), by=concierge)
    second = invoice_issue(order=make_order(place, concierge, person), by=concierge)
    assert (first.chain_position, first.previous_hash) == (1, "")
    assert (second.chain_position, second.previous_hash) == (2, first.hash)
    stored = Invoice.objects.get(pk=second.pk)
    assert stored.hash == invoice_hash(stored, list(stored.lines.all()))
    assert len(stored.hash) == 64 and stored.hash != first.hash


def test_it_invoices_a_paid_order_too(place, concierge, person):
    make_seller(place)
    order = make_order(place, concierge, person)
    payment_record(order=order, means="cash", amount_cents=order.total_cents, by=concierge)
    assert order.status == Order.Status.PAID
    assert invoice_issue(order=order, by=concierge).total_cents == order.total_cents


def test_it_is_audited(place, concierge, person):
    make_seller(place)
    invoice = invoice_issue(order=make_order(place, concierge, person), by=concierge)
    event = AuditEvent.objects.get(verb="invoice.issued")
    assert (event.actor, event.place, event.target_id) == (concierge, place, str(invoice.pk))
    assert event.data["number"] == invoice.number


# --- Refusals: a clear 4xx, nothing saved, no number used ------------------------------------


def assert_nothing_issued() -> None:
    assert not Invoice.objects.exists()
    assert not InvoiceCounter.objects.filter(last_sequence__gt=0).exists()


def test_it_refuses_an_order_already_invoiced(place, concierge, person):
    make_seller(place)
    order = make_order(place, concierge, person)
    invoice_issue(order=order, by=concierge)
    with pytest.raises(AlreadyInvoiced) as refused:
        invoice_issue(order=order, by=concierge)
    assert refused.value.status == 409 and refused.value.code == "already_invoiced"
    assert Invoice.objects.count() == 1 and InvoiceCounter.objects.get().last_sequence == 1


def test_it_refuses_a_cancelled_order(place, concierge, person):
    make_seller(place)
    order = make_order(place, concierge, person)
    Order.objects.filter(pk=order.pk).update(status=Order.Status.CANCELLED)
    with pytest.raises(OrderCancelledError) as refused:
        invoice_issue(order=order, by=concierge)
    assert refused.value.status == 409
    assert_nothing_issued()


def test_it_refuses_an_order_without_lines(place, concierge, person):
    make_seller(place)
    order = Order.objects.create(place=place, buyer=person, buyer_name="Quelqu'un")
    with pytest.raises(NothingToInvoice) as refused:
        invoice_issue(order=order, by=concierge)
    assert refused.value.status == 422
    assert_nothing_issued()


def test_it_refuses_a_place_without_legal_entity(place, concierge, person):
    with pytest.raises(NoLegalEntity) as refused:
        invoice_issue(order=make_order(place, concierge, person), by=concierge)
    assert refused.value.status == 422 and "entité juridique" in refused.value.message
    assert_nothing_issued()


@pytest.mark.parametrize("bad_siret", ["", "12345678901234"])
def test_it_refuses_a_seller_without_a_valid_siret(place, concierge, person, bad_siret):
    entity = make_seller(place)
    # Saved around the validators, as an old row or a shell could have it.
    Organization.objects.filter(pk=entity.pk).update(siret=bad_siret)
    with pytest.raises(SiretMissing) as refused:
        invoice_issue(order=make_order(place, concierge, person), by=concierge)
    assert refused.value.status == 422 and "SIRET" in refused.value.message
    assert_nothing_issued()


def test_it_refuses_a_seller_whose_invoicing_is_not_set_up(place, concierge, person):
    entity = make_seller(place)
    InvoicingProfile.objects.filter(organization=entity).delete()
    with pytest.raises(InvoicingNotConfigured) as refused:
        invoice_issue(order=make_order(place, concierge, person), by=concierge)
    assert refused.value.status == 422
    assert_nothing_issued()


def test_a_failure_after_numbering_gives_the_number_back(place, concierge, person, monkeypatch):
    make_seller(place)
    order = make_order(place, concierge, person)

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr("comptoir.invoicing.services.audit_record", broken)
    with pytest.raises(RuntimeError):
        invoice_issue(order=order, by=concierge)
    assert_nothing_issued()
    monkeypatch.undo()
    assert invoice_issue(order=order, by=concierge).sequence == 1
