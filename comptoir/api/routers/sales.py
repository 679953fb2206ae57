"""Sales at the desk (/places/{slug}/sales) and their receipts (/orders)."""

from datetime import date, datetime

from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from ninja.responses import Status

from comptoir.access import services
from comptoir.api.auth import AuthedApiRequest
from comptoir.api.routers._access_reads import (
    organization_get_or_none,
    person_get_active,
    place_get_active,
    plan_get_or_none,
)
from comptoir.api.schemas import READ_ERRORS, WRITE_ERRORS, InSchema, Slug
from comptoir.billing import selectors as billing_selectors
from comptoir.billing.models import Order, PaymentMethod
from comptoir.community import permissions
from comptoir.core.exceptions import InvalidInput, NotAllowed
from comptoir.core.ranges import SupportedDate
from comptoir.core.types import Actor
from comptoir.invoicing import selectors as invoicing_selectors
from comptoir.places.models import Place

router = Router(tags=["sales"])


class SaleIn(InSchema):
    plan_id: int
    person_id: int | None = Field(None, description="Who buys (and holds what is bought).")
    organization: str | None = Field(
        None, description="Slug of the structure, for a structure's subscription."
    )
    payment_method: PaymentMethod
    payment_reference: str = Field("", max_length=100)
    starts_on: SupportedDate | None = Field(None, description="First day (default: today).")


class OrderLineOut(Schema):
    id: int
    kind: str
    description: str
    quantity: int
    unit_price_cents: int
    vat_rate_bp: int
    total_cents: int
    plan_id: int | None


class PaymentOut(Schema):
    id: int
    method: str
    amount_cents: int
    reference: str
    created_at: datetime
    number: str = Field(
        "",
        description="The payment's number in its seller's chain (empty for a receipt payment "
        "of a seller that does not invoice); `id` is unique only among payments of one kind.",
    )


class OrderOut(Schema):
    id: int
    reference: str
    place: str
    buyer_name: str
    status: str
    total_cents: int
    created_at: datetime
    paid_at: datetime | None
    lines: list[OrderLineOut]
    payments: list[PaymentOut]

    @staticmethod
    def resolve_place(obj: Order) -> str:
        return obj.place.slug

    @staticmethod
    def resolve_lines(obj: Order) -> list:
        return list(obj.lines.all())

    @staticmethod
    def resolve_payments(obj: Order) -> list:
        # Receipt payments (sellers that do not invoice), then the chained ones (invoicing).
        chained = [
            {
                "id": payment.pk,
                "method": payment.means,
                "amount_cents": payment.amount_cents,
                "reference": payment.reference,
                "created_at": payment.created_at,
                "number": payment.number,
            }
            for payment in invoicing_selectors.payments_of_order(order_id=obj.pk)
        ]
        return [*obj.payments.all(), *chained]


class SaleOut(Schema):
    order: OrderOut
    subscription_id: int | None = None
    ticket_book_id: int | None = None
    day_pass_id: int | None = None


def place_selling_for(*, user: Actor, slug: str) -> Place:
    """The place, when this user sells there (404 unknown, 403 not a concierge there)."""
    place = place_get_active(slug=slug)
    if not permissions.can_sell(user, place.pk):
        raise NotAllowed()
    return place


def sale_targets(*, payload: SaleIn) -> dict:
    """The plan, person and structure named by the payload, as field errors when unknown."""
    plan = plan_get_or_none(pk=payload.plan_id)
    if plan is None:
        raise InvalidInput(_("Unknown offer."), field="plan_id")
    person = organization = None
    if payload.person_id is not None:
        person = person_get_active(pk=payload.person_id)
        if person is None:
            raise InvalidInput(_("Unknown person."), field="person_id")
    if payload.organization:
        organization = organization_get_or_none(slug=payload.organization)
        if organization is None:
            raise InvalidInput(_("Unknown organization."), field="organization")
    return {"plan": plan, "person": person, "organization": organization}


@router.post("/places/{slug}/sales", response={201: SaleOut, **WRITE_ERRORS})
def create_sale(request: AuthedApiRequest, slug: Slug, payload: SaleIn) -> Status:
    place = place_selling_for(user=request.auth, slug=slug)
    sale = services.plan_sell(
        place=place,
        by=request.auth,
        payment_method=payload.payment_method,
        payment_reference=payload.payment_reference,
        starts_on=payload.starts_on,
        **sale_targets(payload=payload),
    )
    return Status(
        201,
        {
            "order": billing_selectors.order_get(pk=sale.order.pk),
            "subscription_id": sale.subscription.pk if sale.subscription else None,
            "ticket_book_id": sale.ticket_book.pk if sale.ticket_book else None,
            "day_pass_id": sale.day_pass.pk if sale.day_pass else None,
        },
    )


@router.get("/orders/{int:order_id}", response={200: OrderOut, **READ_ERRORS})
def get_order(request: AuthedApiRequest, order_id: int) -> Order:
    """A receipt, for its buyer and the concierges of the place that sold it."""
    order = billing_selectors.order_get(pk=order_id)
    if not permissions.can_view_order(request.auth, order):
        raise Order.DoesNotExist
    return order


class PurchaseIn(InSchema):
    plan_id: int
    starts_on: SupportedDate | None = Field(
        None, description="First day (default: today); for a day pass, the day it is valid."
    )


class PurchaseOut(Schema):
    id: int
    plan_id: int
    status: str = Field(description="`pending` until the order is paid, then `fulfilled`.")
    starts_on: date
    order: OrderOut


@router.post("/places/{slug}/purchases", response={201: PurchaseOut, **WRITE_ERRORS})
def create_purchase(request: AuthedApiRequest, slug: Slug, payload: PurchaseIn) -> Status:
    """The caller buys an offer of the place for themself (members of the place): an order
    awaiting payment at the desk; the book, pass or subscription is theirs once it is paid."""
    place = place_get_active(slug=slug)
    if not permissions.is_member(request.auth, place.pk):
        raise NotAllowed()
    plan = plan_get_or_none(pk=payload.plan_id)
    if plan is None:
        raise InvalidInput(_("Unknown offer."), field="plan_id")
    purchase = services.plan_buy(
        plan=plan, place=place, person=request.auth, starts_on=payload.starts_on
    )
    purchase.order = billing_selectors.order_get(pk=purchase.order_id)
    return Status(201, purchase)
