"""A member buys an offer for themself: the order waits for payment (at the desk, later
online), and what it buys is handed over when the order becomes paid (billing's
`order_paid`, sent inside the transaction that records the payment)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from comptoir.access.audit import Verb
from comptoir.access.exceptions import PurchasePending, WrongHolder
from comptoir.access.models import DayPass, Plan, Purchase, TicketBook
from comptoir.access.services.sales import _check_plan, _line
from comptoir.access.services.subscriptions import subscription_start
from comptoir.access.services.tickets import ticket_book_create
from comptoir.billing import services as billing
from comptoir.billing.models import Order, OrderLine
from comptoir.community import permissions
from comptoir.community.models import Person
from comptoir.core.exceptions import InvalidInput, NotAllowed
from comptoir.core.services import audit_record
from comptoir.places.models import Place


def _purchase_line(plan: Plan, starts_on: date) -> billing.LineSpec:
    day = date_format(starts_on, "SHORT_DATE_FORMAT")
    if plan.kind == Plan.Kind.SUBSCRIPTION:
        return billing.LineSpec(
            kind=OrderLine.Kind.SUBSCRIPTION,
            description=_("%(plan)s from %(date)s") % {"plan": plan.name, "date": day},
            unit_price_cents=plan.price_cents,
            vat_rate_bp=plan.vat_rate_bp,
            plan=plan,
        )
    if plan.kind == Plan.Kind.TICKET_BOOK:
        return _line(plan, plan.name)
    return _line(plan, _("%(plan)s on %(date)s") % {"plan": plan.name, "date": day})


def _release_cancelled(person: Person, plan: Plan) -> None:
    """A pending purchase whose order was cancelled since (credited, voided) no longer
    waits for anything: it stops blocking a new purchase of the same offer."""
    Purchase.objects.filter(
        person=person,
        plan=plan,
        status=Purchase.Status.PENDING,
        order__status=Order.Status.CANCELLED,
    ).update(status=Purchase.Status.CANCELLED, updated_at=timezone.now())


@transaction.atomic
def plan_buy(
    *, plan: Plan, place: Place, person: Person, starts_on: date | None = None
) -> Purchase:
    """`person` buys `plan` at `place` for themself: an order awaiting payment, and nothing
    handed over until it is paid. For the members of the place (a role there today), and
    offers held by a person (a structure's subscription is sold at the desk)."""
    if not permissions.is_member(person, place.pk):
        raise NotAllowed()
    _check_plan(plan, place)
    if plan.kind == Plan.Kind.SUBSCRIPTION and plan.holder != Plan.Holder.PERSON:
        raise WrongHolder(field="plan")
    today = timezone.localdate()
    starts_on = starts_on or today
    if starts_on < today:
        raise InvalidInput(_("The start cannot be in the past."), field="starts_on")
    _release_cancelled(person, plan)
    order = billing.order_create(
        place=place, lines=[_purchase_line(plan, starts_on)], by=person, buyer=person
    )
    try:
        # The partial unique index is the guard: of two concurrent purchases of the same
        # offer, the second waits for the first and fails here, and its order is undone.
        with transaction.atomic():
            purchase = Purchase.objects.create(
                plan=plan, person=person, place=place, order=order, starts_on=starts_on
            )
    except IntegrityError as duplicate:
        raise PurchasePending(field="plan") from duplicate
    audit_record(
        actor=person,
        verb=Verb.PLAN_BOUGHT,
        target=plan,
        place=place,
        data={"order": order.pk, "purchase": purchase.pk},
    )
    if order.total_cents == 0:
        # Nothing to pay: paid at once, which hands the offer over.
        billing.payment_record(order=order, method="cash", amount_cents=0, by=person)
        purchase.refresh_from_db()
    return purchase


def purchase_fulfil(*, order: Order) -> Any:
    """Hand over what a purchase bought, once its order is paid (inside that transaction).
    Nothing for an order that is no member's purchase, or already handed over."""
    purchase = (
        Purchase.objects.select_for_update()
        .select_related("plan", "place", "person")
        .filter(order_id=order.pk, status=Purchase.Status.PENDING)
        .first()
    )
    if purchase is None:
        return None
    plan, place, person = purchase.plan, purchase.place, purchase.person
    line = OrderLine.objects.filter(order_id=order.pk).first()
    today = timezone.localdate()
    bought: Any
    if plan.kind == Plan.Kind.SUBSCRIPTION:
        # Paid after the day it was to start: it starts on the day it is paid.
        bought, _spec = subscription_start(
            plan=plan,
            place=place,
            person=person,
            organization=None,
            starts_on=max(purchase.starts_on, today),
        )
        bought.periods.filter(number=0).update(order_line=line)
    elif plan.kind == Plan.Kind.TICKET_BOOK:
        bought = ticket_book_create(
            plan=plan, person=person, place=place, by=None, purchased_on=today, at=timezone.now()
        )
        TicketBook.objects.filter(pk=bought.pk).update(order_line=line)
    else:
        bought = DayPass.objects.create(
            plan=plan, person=person, place=place, valid_on=purchase.starts_on, order_line=line
        )
    purchase.status = Purchase.Status.FULFILLED
    purchase.save(update_fields=["status", "updated_at"])
    audit_record(
        actor=None,
        verb=Verb.PURCHASE_FULFILLED,
        target=plan,
        place=place,
        data={"order": order.pk, "purchase": purchase.pk, "person": person.pk},
    )
    return bought


def on_order_paid(sender: Any, *, order: Order, **kwargs: Any) -> None:
    purchase_fulfil(order=order)
