"""SEPA direct debits at the Comptoir Numérique: OpenScop's creditor details, the mandates
Olivier and Samir signed, this month's batch (their subscriptions debited, its pain.008 file
ready for the bank) with Samir's debit returned for insufficient funds, so his order (and its
invoice) is due again, and Rosa's mandate recorded since, for the next batch."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from comptoir.access.models import Plan
from comptoir.billing import services as billing
from comptoir.billing.models import OrderLine
from comptoir.community.models import Person
from comptoir.debits import services
from comptoir.debits.models import Batch, Creditor, Mandate
from comptoir.debits.sepa import creditor_id_for
from comptoir.invoicing.services import invoice_issue
from comptoir.places.models import Place

CREDITOR_IBAN = "FR7630006000011234567890189"
MANDATES = [
    # (person, IBAN, signed so many days ago)
    ("olivier@comptoir.test", "FR7618206000576025840255308", 75),
    ("samir@comptoir.test", "FR1420041010050500013M02606", 40),
]
LATER = ("rosa@comptoir.test", "FR7630006000011234567890189", 3)


def load_debits(place: Place, by: Person) -> None:
    if place.legal_entity_id is None or Batch.objects.filter(place=place).exists():
        return
    today = timezone.localdate()
    if not Creditor.objects.filter(organization_id=place.legal_entity_id).exists():
        services.creditor_set(
            organization=place.legal_entity,  # type: ignore[arg-type]
            creditor_id=creditor_id_for("FR", "887766"),
            iban=CREDITOR_IBAN,
            bic="",
            by=None,
        )
    plan = Plan.objects.filter(place=place, name="Résident solo").first()
    returned = None
    for email, iban, days in MANDATES:
        person = Person.objects.get(email=email)
        if not Mandate.objects.filter(place=place, person=person).exists():
            services.mandate_create(
                place=place,
                person=person,
                iban=iban,
                signed_on=today - timedelta(days=days),
                by=by,
            )
        order = billing.order_create(
            place=place,
            lines=[
                billing.LineSpec(
                    kind=OrderLine.Kind.SUBSCRIPTION,
                    description=f"Résident solo — {today:%m/%Y}",
                    unit_price_cents=plan.price_cents if plan else 20000,
                    plan=plan,
                )
            ],
            by=by,
            buyer=person,
        )
        invoice_issue(order=order, by=by)  # a subscription is invoiced, then debited
        if email.startswith("samir"):
            returned = order
    batch = services.batch_create(place=place, month=today, by=by)
    debit = batch.debits.get(order=returned)
    services.debit_return(debit=debit, reason="AM04", by=by)
    email, iban, days = LATER
    person = Person.objects.get(email=email)
    if not Mandate.objects.filter(place=place, person=person).exists():
        services.mandate_create(
            place=place, person=person, iban=iban, signed_on=today - timedelta(days=days), by=by
        )
