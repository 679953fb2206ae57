"""credit_note_issue: an avoir of an issued invoice, in whole or in part, numbered in its own
series, copied from the invoice and chained with the entity's invoices."""

from __future__ import annotations

import pytest
from django.utils import timezone

from comptoir.billing.models import Order
from comptoir.core.models import AuditEvent
from comptoir.invoicing.chain import credit_note_hash
from comptoir.invoicing.exceptions import (
    CreditExceedsRemaining,
    CreditQuantityInvalid,
    CreditReasonInvalid,
    FullyCredited,
    NotALineOfTheInvoice,
    NothingToCredit,
)
from comptoir.invoicing.models import CreditNote, Invoice, InvoiceCounter, VatRegime
from comptoir.invoicing.selectors import (
    credit_notes_of_invoice,
    credited_quantities,
    invoice_remaining_cents,
)
from comptoir.invoicing.services import credit_note_issue, invoice_issue
from comptoir.invoicing.services.payments import payment_record
from comptoir.invoicing.tests.factories import line, make_order, make_seller
from comptoir.places.tests.factories import PlaceFactory

pytestmark = pytest.mark.django_db


def issue(place, concierge, person, *lines) -> Invoice:
    return invoice_issue(order=make_order(place, concierge, person, *lines), by=concierge)


@pytest.fixture
def invoice(place, concierge, person) -> Invoice:
    """Three days of coworking at 15 € and a meeting room at 40 €, both at 20 %."""
    make_seller(place)
    return issue(
        place,
        concierge,
        person,
        line(1500, quantity=3),
        line(4000, description="Salle de réunion"),
    )


def test_a_whole_credit_note_credits_everything(invoice, concierge):
    note = credit_note_issue(invoice=invoice, by=concierge, reason="Réservation annulée")
    year = timezone.localdate().year
    assert note.number == f"A{year}-000001"
    assert (note.series, note.sequence) == (f"A{year}", 1)
    assert note.total_cents == invoice.total_cents == 8500
    assert note.total_before_tax_cents == invoice.total_before_tax_cents
    assert note.total_vat_cents == invoice.total_vat_cents
    assert note.vat_totals == invoice.vat_totals
    assert [(li.label, li.quantity, li.total_cents) for li in note.lines.all()] == [
        ("Journée de coworking", 3, 4500),
        ("Salle de réunion", 1, 4000),
    ]
    assert invoice_remaining_cents(invoice=invoice) == 0


def test_it_copies_the_seller_and_buyer_of_the_invoice(invoice, concierge):
    note = credit_note_issue(invoice=invoice, by=concierge, reason="Erreur")
    for name in ("seller_name", "seller_siret", "seller_address", "seller_vat_number"):
        assert getattr(note, name) == getattr(invoice, name)
    assert (note.buyer_name, note.buyer_siren) == (invoice.buyer_name, invoice.buyer_siren)
    assert (note.seller_id, note.place_id, note.invoice_id) == (
        invoice.seller_id,
        invoice.place_id,
        invoice.pk,
    )


def test_a_partial_credit_note_credits_chosen_lines_and_quantities(invoice, concierge):
    days, room = invoice.lines.order_by("position")
    note = credit_note_issue(
        invoice=invoice, by=concierge, reason="Un jour annulé", lines={days.pk: 1}
    )
    assert note.total_cents == 1500
    assert (note.total_before_tax_cents, note.total_vat_cents) == (1250, 250)
    (credited,) = note.lines.all()
    assert (credited.invoice_line_id, credited.quantity, credited.position) == (days.pk, 1, 1)
    assert credited_quantities(invoice_id=invoice.pk) == {days.pk: 1}
    assert invoice_remaining_cents(invoice=invoice) == 7000
    second = credit_note_issue(
        invoice=invoice, by=concierge, reason="Salle annulée", lines={room.pk: 1, days.pk: 1}
    )
    assert [li.label for li in second.lines.all()] == ["Journée de coworking", "Salle de réunion"]
    assert second.sequence == 2
    assert credited_quantities(invoice_id=invoice.pk) == {days.pk: 2, room.pk: 1}
    assert invoice_remaining_cents(invoice=invoice) == 1500


def test_the_whole_remaining_is_what_earlier_notes_left(invoice, concierge):
    days, _room = invoice.lines.order_by("position")
    credit_note_issue(invoice=invoice, by=concierge, reason="Un jour", lines={days.pk: 2})
    rest = credit_note_issue(invoice=invoice, by=concierge, reason="Le reste")
    assert [(li.label, li.quantity) for li in rest.lines.all()] == [
        ("Journée de coworking", 1),
        ("Salle de réunion", 1),
    ]
    assert rest.total_cents == 5500
    assert [n.number for n in credit_notes_of_invoice(invoice_id=invoice.pk)] == [
        n.number for n in CreditNote.objects.order_by("sequence")
    ]


def test_a_fully_credited_invoice_is_refused(invoice, concierge):
    credit_note_issue(invoice=invoice, by=concierge, reason="Annulé")
    with pytest.raises(FullyCredited) as refused:
        credit_note_issue(invoice=invoice, by=concierge, reason="Encore")
    assert refused.value.status == 409
    assert (
        str(refused.value)
        == "Cette facture est déjà entièrement créditée : il ne reste rien à créditer."
    )
    assert CreditNote.objects.count() == 1


def test_more_than_what_remains_on_a_line_is_refused(invoice, concierge):
    days, _room = invoice.lines.order_by("position")
    credit_note_issue(invoice=invoice, by=concierge, reason="Deux jours", lines={days.pk: 2})
    with pytest.raises(CreditExceedsRemaining) as refused:
        credit_note_issue(invoice=invoice, by=concierge, reason="Trop", lines={days.pk: 2})
    assert refused.value.status == 422
    assert "1" in str(refused.value) and "Journée de coworking" in str(refused.value)
    assert CreditNote.objects.count() == 1


@pytest.mark.parametrize("quantity", [0, -1, 4])
def test_a_bad_quantity_is_refused(invoice, concierge, quantity):
    days, _room = invoice.lines.order_by("position")
    error = CreditExceedsRemaining if quantity > 0 else CreditQuantityInvalid
    with pytest.raises(error):
        credit_note_issue(invoice=invoice, by=concierge, reason="Erreur", lines={days.pk: quantity})
    assert not CreditNote.objects.exists()


def test_a_line_of_another_invoice_is_refused(invoice, place, concierge, person):
    other = issue(place, concierge, person)
    with pytest.raises(NotALineOfTheInvoice):
        credit_note_issue(
            invoice=invoice, by=concierge, reason="Erreur", lines={other.lines.get().pk: 1}
        )


def test_no_line_chosen_is_refused(invoice, concierge):
    with pytest.raises(NothingToCredit):
        credit_note_issue(invoice=invoice, by=concierge, reason="Erreur", lines={})


@pytest.mark.parametrize("reason", ["", "   ", "x" * 501])
def test_a_missing_or_overlong_reason_is_refused(invoice, concierge, reason):
    with pytest.raises(CreditReasonInvalid) as refused:
        credit_note_issue(invoice=invoice, by=concierge, reason=reason)
    assert refused.value.field == "reason"
    assert "raison" in str(refused.value)


def test_credit_notes_have_their_own_series_and_share_the_chain(invoice, place, concierge, person):
    note = credit_note_issue(invoice=invoice, by=concierge, reason="Annulé")
    later = issue(place, concierge, person)
    year = timezone.localdate().year
    assert (note.chain_position, note.previous_hash) == (2, invoice.hash)
    assert (later.number, later.chain_position, later.previous_hash) == (
        f"F{year}-000002",
        3,
        note.hash,
    )
    counters = dict(InvoiceCounter.objects.values_list("series", "last_sequence"))
    assert counters == {str(year): 2, f"A{year}": 1}
    assert note.hash == credit_note_hash(note, list(note.lines.all()))


def test_each_entity_numbers_its_own_credit_notes(invoice, concierge, person):
    other = PlaceFactory()
    make_seller(other)
    elsewhere = issue(other, concierge, person)
    credit_note_issue(invoice=invoice, by=concierge, reason="Annulé")
    note = credit_note_issue(invoice=elsewhere, by=concierge, reason="Annulé")
    assert note.sequence == 1 and note.chain_position == 2


def test_awkward_amounts_split_exactly_and_vat_is_rounded_per_rate(place, concierge, person):
    """Three units of 33.33 € at 20 % credited one by one: each third rounded, the three
    adding up to the line; VAT rounded once per rate on each note, as on invoices."""
    make_seller(place)
    invoice = issue(place, concierge, person, line(3333, quantity=3), line(1001, vat_rate_bp=550))
    thirds, reduced = invoice.lines.order_by("position")
    notes = [
        credit_note_issue(invoice=invoice, by=concierge, reason=f"Part {i}", lines={thirds.pk: 1})
        for i in range(3)
    ]
    assert sum(n.total_cents for n in notes) == thirds.total_cents == 9999
    for note in notes:
        (rate,) = note.vat_totals
        assert (
            rate["before_tax_cents"] + rate["vat_cents"] == rate["total_cents"] == note.total_cents
        )
        assert rate["vat_cents"] == (note.total_cents * 2000 * 2 + 12000) // 24000
    last = credit_note_issue(invoice=invoice, by=concierge, reason="Le reste")
    assert last.vat_totals == [
        {"rate_bp": 550, "before_tax_cents": 949, "vat_cents": 52, "total_cents": 1001}
    ]
    assert invoice_remaining_cents(invoice=invoice) == 0


def test_under_the_franchise_no_vat_is_credited(place, concierge, person):
    make_seller(place, regime=VatRegime.FRANCHISE)
    invoice = issue(place, concierge, person, line(1999))
    note = credit_note_issue(invoice=invoice, by=concierge, reason="Annulé")
    assert (note.total_vat_cents, note.total_before_tax_cents, note.total_cents) == (0, 1999, 1999)
    assert note.exemption_mention == ""


def test_it_is_audited(invoice, concierge):
    note = credit_note_issue(invoice=invoice, by=concierge, reason="Annulé")
    event = AuditEvent.objects.get(verb="credit_note.issued")
    assert (event.actor, event.target_id) == (concierge, str(note.pk))
    assert event.data == {"number": note.number, "invoice": invoice.number, "total_cents": 8500}


def test_a_failure_after_numbering_leaves_no_gap(invoice, concierge, monkeypatch):
    def broken(**kwargs):
        raise RuntimeError("audit down")

    monkeypatch.setattr("comptoir.invoicing.services.audit_record", broken)
    with pytest.raises(RuntimeError):
        credit_note_issue(invoice=invoice, by=concierge, reason="Annulé")
    monkeypatch.undo()
    note = credit_note_issue(invoice=invoice, by=concierge, reason="Annulé")
    assert note.sequence == 1


# --- What the order owes once credited -------------------------------------------------------


def order_status(invoice: Invoice) -> str:
    return Order.objects.get(pk=invoice.order_id).status


def test_an_order_wholly_credited_before_any_payment_is_cancelled(invoice, concierge):
    assert order_status(invoice) == Order.Status.PENDING
    credit_note_issue(invoice=invoice, by=concierge, reason="Réservation annulée")
    assert order_status(invoice) == Order.Status.CANCELLED


def test_a_partial_credit_leaves_the_rest_due(invoice, concierge):
    meeting_room = invoice.lines.get(label="Salle de réunion")
    credit_note_issue(invoice=invoice, by=concierge, reason="Salle", lines={meeting_room.pk: 1})
    assert order_status(invoice) == Order.Status.PENDING


def test_crediting_what_was_not_paid_yet_closes_the_order_as_paid(invoice, concierge):
    order = Order.objects.get(pk=invoice.order_id)
    payment_record(order=order, means="cash", amount_cents=4500, by=concierge)
    meeting_room = invoice.lines.get(label="Salle de réunion")
    credit_note_issue(invoice=invoice, by=concierge, reason="Salle", lines={meeting_room.pk: 1})
    order.refresh_from_db()
    assert order.status == Order.Status.PAID
    assert order.paid_at is not None


def test_then_paying_the_rest_of_a_partly_credited_order_pays_it(invoice, concierge):
    meeting_room = invoice.lines.get(label="Salle de réunion")
    credit_note_issue(invoice=invoice, by=concierge, reason="Salle", lines={meeting_room.pk: 1})
    order = Order.objects.get(pk=invoice.order_id)
    payment_record(order=order, means="card", amount_cents=4500, by=concierge)
    assert Order.objects.get(pk=order.pk).status == Order.Status.PAID
