"""Selling an offer at the desk: the order, its payment and what was bought, in one transaction."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from comptoir.access.audit import Verb
from comptoir.access.exceptions import NotForSale, PlanNotOffered, WrongHolder
from comptoir.access.models import DayPass, Plan, Subscription, TicketBook
from comptoir.access.services.subscriptions import subscription_start
from comptoir.access.services.tickets import ticket_book_create
from comptoir.billing import services as billing
from comptoir.billing.models import Order, OrderLine, PaymentMethod
from comptoir.community import permissions
from comptoir.community.models import Organization, Person, PlaceRole, Role
from comptoir.community.services import place_role_assign
from comptoir.core.exceptions import InvalidInput, NotAllowed
from comptoir.core.services import audit_record
from comptoir.core.types import Actor
from comptoir.invoicing.exceptions import InvoicingNotConfigured, NoLegalEntity, SiretMissing
from comptoir.invoicing.models import PaymentMeans
from comptoir.invoicing.services import payments
from comptoir.places.models import Place

# The role a sale gives someone who holds none in the place yet.
ROLE_FOR_KIND = {
    Plan.Kind.SUBSCRIPTION: Role.RESIDENT,
    Plan.Kind.TICKET_BOOK: Role.NOMAD,
    Plan.Kind.DAY_PASS: Role.TRAVELLER,
}


@dataclass(frozen=True)
class Sale:
    order: Order
    subscription: Subscription | None = None
    ticket_book: TicketBook | None = None
    day_pass: DayPass | None = None
    # False when the payment could not be chained (the place's legal entity has no
    # invoicing set up) and was kept as a plain receipt payment instead.
    payment_chained: bool = True


def _check_plan(plan: Plan, place: Place) -> None:
    if plan.kind == Plan.Kind.DISCOVERY:
        raise NotForSale(field="plan")
    if not plan.is_active or not Plan.objects.offered_at(place).filter(pk=plan.pk).exists():
        raise PlanNotOffered(field="plan")


def _check_holder(plan: Plan, person: Person | None, organization: Organization | None) -> None:
    for_structure = plan.kind == Plan.Kind.SUBSCRIPTION and plan.holder == Plan.Holder.ORGANIZATION
    if for_structure and organization is None:
        raise WrongHolder(_("Choose the structure that subscribes."), field="organization")
    if not for_structure and person is None:
        raise InvalidInput(_("Choose the person who buys."), field="person")
    if not for_structure and organization is not None and plan.kind != Plan.Kind.SUBSCRIPTION:
        raise WrongHolder(field="organization")


def _line(plan: Plan, description: str) -> billing.LineSpec:
    kind = {
        Plan.Kind.TICKET_BOOK: OrderLine.Kind.TICKET_BOOK,
        Plan.Kind.DAY_PASS: OrderLine.Kind.DAY_PASS,
    }[Plan.Kind(plan.kind)]
    return billing.LineSpec(
        kind=kind,
        description=description,
        unit_price_cents=plan.price_cents,
        vat_rate_bp=plan.vat_rate_bp,
        plan=plan,
    )


def _give_role_if_none(person: Person | None, place: Place, kind: str) -> None:
    if person is None or kind not in ROLE_FOR_KIND:
        return
    today = timezone.localdate()
    current_or_coming = PlaceRole.objects.filter(person=person, place=place).filter(
        Q(valid_until__isnull=True) | Q(valid_until__gte=today)
    )
    # Someone holding a role here today, or one that starts later (a nomade from next
    # week), keeps it: giving another one from today would overlap it.
    if current_or_coming.exists():
        return
    place_role_assign(person=person, place=place, role=ROLE_FOR_KIND[Plan.Kind(kind)], by=None)


@transaction.atomic
def plan_sell(
    *,
    plan: Plan,
    place: Place,
    by: Actor,
    payment_method: str,
    person: Person | None = None,
    organization: Organization | None = None,
    starts_on: date | None = None,
    payment_reference: str = "",
) -> Sale:
    """Sell an offer at the desk of `place` to a person (or a structure, for a structure's
    subscription), record the payment, and give a role to a newcomer (nomade for a book…)."""
    if not permissions.can_sell(by, place.pk):
        raise NotAllowed()
    if payment_method not in PaymentMeans.values or payment_method not in PaymentMethod.values:
        raise InvalidInput(field="payment_method")
    if len(payment_reference.strip()) > payments.REFERENCE_MAX:
        raise InvalidInput(field="payment_reference")
    _check_plan(plan, place)
    _check_holder(plan, person, organization)
    today = timezone.localdate()
    starts_on = starts_on or today
    if starts_on < today:
        raise InvalidInput(_("The start cannot be in the past."), field="starts_on")
    subscription = book = day_pass = None
    if plan.kind == Plan.Kind.SUBSCRIPTION:
        holder_person = None if plan.holder == Plan.Holder.ORGANIZATION else person
        holder_org = organization if plan.holder == Plan.Holder.ORGANIZATION else None
        subscription, line = subscription_start(
            plan=plan,
            place=place,
            person=holder_person,
            organization=holder_org,
            starts_on=starts_on,
        )
    elif plan.kind == Plan.Kind.TICKET_BOOK:
        line = _line(plan, plan.name)
    else:
        line = _line(
            plan,
            _("%(plan)s on %(date)s")
            % {"plan": plan.name, "date": date_format(starts_on, "SHORT_DATE_FORMAT")},
        )
    order = billing.order_create(
        place=place,
        lines=[line],
        by=by,
        buyer=person,
        buyer_organization=organization,
    )
    chained = _pay(order, by=by, means=payment_method, reference=payment_reference)
    order_line = order.lines.get()
    if subscription is not None:
        subscription.periods.filter(number=0).update(order_line=order_line)
    elif plan.kind == Plan.Kind.TICKET_BOOK:
        assert person is not None
        book = ticket_book_create(
            plan=plan,
            person=person,
            place=place,
            by=by,
            purchased_on=starts_on,
            at=timezone.now(),
        )
        TicketBook.objects.filter(pk=book.pk).update(order_line=order_line)
    else:
        assert person is not None
        day_pass = DayPass.objects.create(
            plan=plan, person=person, place=place, valid_on=starts_on, order_line=order_line
        )
    _give_role_if_none(person, place, plan.kind)
    audit_record(
        actor=by,
        verb=Verb.PLAN_SOLD,
        target=plan,
        place=place,
        data={
            "order": order.pk,
            "person": person.pk if person else None,
            "organization": organization.pk if organization else None,
            "payment_chained": chained,
        },
    )
    return Sale(
        order=order,
        subscription=subscription,
        ticket_book=book,
        day_pass=day_pass,
        payment_chained=chained,
    )


def _pay(order: Order, *, by: Actor, means: str, reference: str) -> bool:
    """Take the whole order's payment: numbered and chained by invoicing when the place's
    legal entity can chain it; otherwise (no legal entity, SIRET or invoicing profile, as in
    a small tiers-lieu) a plain receipt payment, so the desk can still sell. True if chained."""
    if order.total_cents == 0:
        billing.payment_record(order=order, method=means, amount_cents=0, by=by)
        return True
    try:
        payments.payment_record(
            order=order, means=means, amount_cents=order.total_cents, by=by, reference=reference
        )
    except (NoLegalEntity, SiretMissing, InvoicingNotConfigured):
        billing.payment_record(
            order=order, method=means, amount_cents=order.total_cents, by=by, reference=reference
        )
        return False
    return True
