"""Writes of direct debits: a legal entity's creditor details, mandates, the monthly batch
and the returns the bank reports.

Lock order of a batch: the entity's creditor row first (one batch of the entity at a time:
two runs of the same month wait for each other, and the second finds the first's batch),
then each order's row through invoicing's `payment_record`."""

from __future__ import annotations

import calendar
import datetime as dt
import secrets
from zoneinfo import ZoneInfo

from django.db import IntegrityError, transaction
from django.utils import timezone

from comptoir.billing.models import Order, OrderLine
from comptoir.billing.services import order_due_cents
from comptoir.community.models import Organization, Person
from comptoir.core.services import audit_record
from comptoir.core.types import Actor
from comptoir.debits import sepa
from comptoir.debits.audit import Verb
from comptoir.debits.exceptions import (
    ActiveMandateExists,
    BatchExists,
    DebitAlreadyReturned,
    DebtorNameInvalid,
    MandateAlreadyRevoked,
    MandateReferenceTaken,
    MonthInvalid,
    NoCreditor,
    NothingToCollect,
    ReturnDateInvalid,
    ReturnReasonInvalid,
    SignatureDateMissing,
)
from comptoir.debits.models import Batch, Creditor, Debit, Mandate, ReturnReason, SequenceType
from comptoir.invoicing.exceptions import NoLegalEntity
from comptoir.invoicing.models import PaymentMeans
from comptoir.invoicing.selectors import order_credited_cents
from comptoir.invoicing.services.payments import payment_record, payment_return
from comptoir.places.models import Place

# Banks want a CORE file a business day ahead at least: the collection is set that far.
LEAD_DAYS = 2
COLLECTION_DAY = 5


def _today(place: Place) -> dt.date:
    return timezone.localtime(timezone=ZoneInfo(place.timezone)).date()


@transaction.atomic
def creditor_set(
    *, organization: Organization, creditor_id: str, iban: str, bic: str, by: Actor | None
) -> Creditor:
    """The entity's SEPA creditor identifier and the account its debits credit."""
    creditor_id = sepa.clean_creditor_id(creditor_id)
    iban = sepa.clean_iban(iban)
    bic = sepa.clean_bic(bic, iban=iban)
    creditor, _created = Creditor.objects.update_or_create(
        organization=organization,
        defaults={"creditor_id": creditor_id, "iban": iban, "bic": bic},
    )
    audit_record(
        actor=by, verb=Verb.CREDITOR_SET, target=creditor, data={"creditor_id": creditor_id}
    )
    return creditor


def creditor_of_place(place: Place) -> Creditor:
    if place.legal_entity_id is None:
        raise NoLegalEntity(field="legal_entity")
    creditor = Creditor.objects.filter(organization_id=place.legal_entity_id).first()
    if creditor is None:
        raise NoCreditor(field="legal_entity")
    return creditor


def _new_reference(place: Place, person: Person) -> str:
    return f"RUM-{place.pk}-{person.pk}-{secrets.token_hex(4).upper()}"


@transaction.atomic
def mandate_create(
    *,
    place: Place,
    person: Person,
    iban: str,
    bic: str = "",
    debtor_name: str = "",
    signed_on: dt.date | None,
    reference: str = "",
    by: Actor | None,
) -> Mandate:
    """A mandate a person signed for the place's entity to debit their account: one active
    per person and place; its reference (RUM) given or made, unique for the entity."""
    creditor = creditor_of_place(place)
    iban = sepa.clean_iban(iban)
    bic = sepa.clean_bic(bic, iban=iban)
    if signed_on is None or signed_on > _today(place):
        raise SignatureDateMissing(field="signed_on")
    name = (debtor_name or "").strip() or person.get_full_name() or ""
    if not name or len(name) > 70:
        raise DebtorNameInvalid(field="debtor_name")
    reference = sepa.clean_reference(reference) if reference else _new_reference(place, person)
    taken = Mandate.objects.filter(creditor_id=creditor.organization_id, reference=reference)
    if taken.exists():
        raise MandateReferenceTaken(field="reference")
    active = Mandate.objects.filter(place=place, person=person, status=Mandate.Status.ACTIVE)
    if active.exists():
        raise ActiveMandateExists(field="person")
    try:
        with transaction.atomic():
            mandate = Mandate.objects.create(
                place=place,
                creditor_id=creditor.organization_id,
                person=person,
                reference=reference,
                debtor_name=name,
                iban=iban,
                bic=bic,
                signed_on=signed_on,
                created_by=by if getattr(by, "is_authenticated", False) else None,
            )
    except IntegrityError as race:  # the same person or reference, at the same moment
        raise ActiveMandateExists(field="person") from race
    audit_record(
        actor=by,
        verb=Verb.MANDATE_SIGNED,
        target=mandate,
        place=place,
        data={"reference": reference, "person": person.pk},
    )
    return mandate


@transaction.atomic
def mandate_revoke(*, mandate: Mandate, by: Actor | None) -> Mandate:
    locked = Mandate.objects.select_for_update().get(pk=mandate.pk)
    if locked.status != Mandate.Status.ACTIVE:
        raise MandateAlreadyRevoked(field="mandate")
    locked.status, locked.revoked_at = Mandate.Status.REVOKED, timezone.now()
    locked.save(update_fields=["status", "revoked_at", "updated_at"])
    audit_record(
        actor=by,
        verb=Verb.MANDATE_REVOKED,
        target=locked,
        place=locked.place,
        data={"reference": locked.reference},
    )
    mandate.status, mandate.revoked_at = locked.status, locked.revoked_at
    return locked


def _collection_date(month: dt.date, today: dt.date) -> dt.date:
    earliest = today + dt.timedelta(days=LEAD_DAYS)
    return max(month.replace(day=COLLECTION_DAY), earliest)


def _check_month(month: dt.date | None, today: dt.date) -> dt.date:
    """The first day of a month from a year ago to the next one."""
    if month is None:
        raise MonthInvalid(field="month")
    month = month.replace(day=1)
    this = today.replace(day=1)
    following = (this + dt.timedelta(days=32)).replace(day=1)
    if not (this.replace(year=this.year - 1) <= month <= following):
        raise MonthInvalid(field="month")
    return month


def collectable_orders(*, place: Place, month: dt.date) -> list[tuple[Order, Mandate]]:
    """The subscription orders of the place created by the end of the month and still
    waiting for payment, of people with an active mandate there, each with that mandate."""
    mandates = {
        m.person_id: m for m in Mandate.objects.filter(place=place, status=Mandate.Status.ACTIVE)
    }
    last_day = month.replace(day=calendar.monthrange(month.year, month.month)[1])
    orders = (
        Order.objects.filter(
            place=place,
            status=Order.Status.PENDING,
            buyer_id__in=list(mandates),
            created_at__date__lte=last_day,
            lines__kind=OrderLine.Kind.SUBSCRIPTION,
        )
        .distinct()
        .order_by("created_at", "pk")
    )
    return [(order, mandates[order.buyer_id]) for order in orders if order.buyer_id]


@transaction.atomic
def batch_create(*, place: Place, month: dt.date | None, by: Actor | None) -> Batch:
    """The month's direct debits of the place, made once: each pending subscription order of
    a person with an active mandate is debited what remains due (a direct-debit payment is
    recorded, the order is paid), and the pain.008 file is kept for the bank. Nothing is
    saved when there is nothing to collect."""
    today = _today(place)
    month = _check_month(month, today)
    creditor = creditor_of_place(place)
    Creditor.objects.select_for_update().get(pk=creditor.pk)
    if Batch.objects.filter(place=place, month=month).exists():
        raise BatchExists(field="month")
    entity = Organization.objects.get(pk=creditor.organization_id)
    collection = _collection_date(month, today)
    debits: list[Debit] = []
    lines: list[sepa.Line] = []
    for order, mandate in collectable_orders(place=place, month=month):
        due = order_due_cents(order=order, credited_cents=order_credited_cents(order_id=order.pk))
        if due <= 0:
            continue
        payment = payment_record(
            order=order,
            means=PaymentMeans.DIRECT_DEBIT,
            amount_cents=due,
            by=by,
            reference=mandate.reference,
        )
        sequence = SequenceType.RECURRING if mandate.first_debit_sent else SequenceType.FIRST
        if not mandate.first_debit_sent:
            mandate.first_debit_sent = True
            mandate.save(update_fields=["first_debit_sent", "updated_at"])
        end_to_end = f"{month:%Y%m}-{order.pk}"
        debits.append(
            Debit(
                mandate=mandate,
                order=order,
                amount_cents=due,
                sequence_type=sequence,
                end_to_end_id=end_to_end,
                payment=payment,
            )
        )
        lines.append(
            sepa.Line(
                debtor_name=mandate.debtor_name,
                iban=mandate.iban,
                bic=mandate.bic,
                amount_cents=due,
                sequence_type=sequence,
                mandate_reference=mandate.reference,
                mandate_signed_on=mandate.signed_on,
                end_to_end_id=end_to_end,
                description=f"{entity.name} {order.reference}",
            )
        )
    if not debits:
        raise NothingToCollect(field="month")
    message_id, xml = sepa.pain008(
        creditor_name=entity.name,
        creditor_iban=creditor.iban,
        creditor_bic=creditor.bic,
        creditor_id=creditor.creditor_id,
        collection_date=collection,
        lines=lines,
    )
    batch = Batch.objects.create(
        place=place,
        creditor_id=creditor.organization_id,
        month=month,
        collection_date=collection,
        message_id=message_id,
        total_cents=sum(d.amount_cents for d in debits),
        debit_count=len(debits),
        xml=xml.decode(),
        created_by=by if getattr(by, "is_authenticated", False) else None,
    )
    for debit in debits:
        debit.batch = batch
    Debit.objects.bulk_create(debits)
    audit_record(
        actor=by,
        verb=Verb.BATCH_CREATED,
        target=batch,
        place=place,
        data={"month": f"{month:%Y-%m}", "debits": len(debits), "total_cents": batch.total_cents},
    )
    return batch


@transaction.atomic
def debit_return(
    *, debit: Debit, reason: str, returned_on: dt.date | None = None, by: Actor | None
) -> Debit:
    """The bank returned this debit unpaid: its payment is reversed and its order is due
    again (the statement shows the return, the reminders follow). A first debit returned
    leaves the mandate's next debit a first one again."""
    if reason not in ReturnReason.values:
        raise ReturnReasonInvalid(field="reason")
    locked = (
        Debit.objects.select_for_update(of=("self",))
        .select_related("batch", "payment", "mandate")
        .get(pk=debit.pk)
    )
    if locked.status != Debit.Status.SENT:
        raise DebitAlreadyReturned(field="debit")
    place = Place.objects.get(pk=locked.batch.place_id)
    day = returned_on or _today(place)
    if day > _today(place) or day < locked.payment.received_on:
        raise ReturnDateInvalid(field="returned_on")
    reversal = payment_return(
        payment=locked.payment,
        by=by,
        returned_on=day,
        # The mandate's reference first: the accountant reads it in the FEC's label.
        reference=f"RUM {locked.mandate.reference} {locked.end_to_end_id} {reason}",
    )
    locked.status, locked.return_reason = Debit.Status.RETURNED, reason
    locked.returned_on, locked.return_payment = day, reversal
    locked.save(update_fields=["status", "return_reason", "returned_on", "return_payment"])
    if locked.sequence_type == SequenceType.FIRST:
        Mandate.objects.filter(pk=locked.mandate_id).update(first_debit_sent=False)
    audit_record(
        actor=by,
        verb=Verb.DEBIT_RETURNED,
        target=locked,
        place=place,
        data={"end_to_end_id": locked.end_to_end_id, "reason": reason},
    )
    debit.status = locked.status
    return locked
