"""The library of things: a place's items (its members read, its concierges add), an item
with its calendar, reservations for oneself, one's loans, the desk's hand-over and return,
cancelling, and the overdue list (the place's concierges). The same services as the pages:
a loan longer than the item allows or a past due date is a 422, an overlap a 409."""

import datetime as dt
from typing import Any

from django.db.models import QuerySet
from ninja import Field, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status

from comptoir.api.auth import AuthedApiRequest
from comptoir.api.pagination import Pagination
from comptoir.api.routers._access_reads import place_get_active
from comptoir.api.schemas import READ_ERRORS, WRITE_ERRORS, InSchema, Slug
from comptoir.billing.models import PaymentMethod
from comptoir.core.exceptions import NotAllowed
from comptoir.core.ranges import SupportedDate
from comptoir.lending import selectors, services
from comptoir.lending.models import Item, Loan
from comptoir.places.models import Place

router = Router(tags=["library of things"])


class LendingItemIn(InSchema):
    name: str = Field(max_length=120)
    category: Item.Category = Item.Category.OTHER
    condition: Item.Condition = Item.Condition.GOOD
    deposit_cents: int = Field(0, ge=0, le=services.MAX_DEPOSIT_CENTS)
    max_loan_days: int = Field(7, ge=1, le=365)
    description: str = Field("", max_length=2000)


class LendingItemOut(Schema):
    id: int
    place_id: int
    name: str
    description: str
    category: str
    condition: str
    deposit_cents: int
    max_loan_days: int
    owner_id: int | None
    is_active: bool


class LendingDayOut(Schema):
    day: dt.date
    taken: bool


class LendingItemDetailOut(LendingItemOut):
    calendar: list[LendingDayOut]


class LoanIn(InSchema):
    starts_on: SupportedDate
    due_on: SupportedDate


class LoanOut(Schema):
    id: int
    item_id: int
    borrower_id: int
    starts_on: dt.date
    due_on: dt.date
    status: str
    checked_out_at: dt.datetime | None
    returned_at: dt.datetime | None
    deposit_order_id: int | None
    deposit_kept_cents: int


class LoanCheckOutIn(InSchema):
    deposit_method: PaymentMethod = PaymentMethod.CASH


class LoanReturnIn(InSchema):
    condition: Item.Condition | None = None
    damage: str = Field("", max_length=2000)
    # Of the deposit taken, what the place keeps for damage (said in `damage`); the rest is
    # given back.
    deposit_kept_cents: int = Field(0, ge=0, le=services.MAX_DEPOSIT_CENTS)


def _place(user: Any, slug: str, *, manage: bool = False) -> Place:
    place = place_get_active(slug=slug)
    allowed = selectors.can_manage_library if manage else selectors.can_view_library
    if not allowed(user, place.pk):
        raise NotAllowed()
    return place


def _item(user: Any, item_id: int) -> Item:
    item = Item.objects.select_related("place").get(pk=item_id)
    if not selectors.can_view_library(user, item.place_id):
        raise Item.DoesNotExist  # what one may not see does not exist (404)
    return item


def _desk_loan(user: Any, loan_id: int) -> Loan:
    loan = Loan.objects.select_related("item__place", "borrower").get(pk=loan_id)
    if not selectors.can_manage_library(user, loan.item.place_id):
        raise Loan.DoesNotExist
    return loan


@router.get("/places/{slug}/lending-items", response={200: list[LendingItemOut], **READ_ERRORS})
@paginate(Pagination)
def list_items(request: AuthedApiRequest, slug: Slug) -> QuerySet[Item]:
    """The place's lendable items (its members and concierges)."""
    place = _place(request.auth, slug)
    manages = selectors.can_manage_library(request.auth, place.pk)
    return selectors.items_of_place(place=place, include_inactive=manages)


@router.post("/places/{slug}/lending-items", response={201: LendingItemOut, **WRITE_ERRORS})
def create_item(request: AuthedApiRequest, slug: Slug, payload: LendingItemIn) -> Status:
    """Add an item the place lends (its concierges)."""
    place = _place(request.auth, slug, manage=True)
    item = services.item_create(place=place, by=request.auth, **payload.model_dump())
    return Status(201, item)


@router.get("/lending-items/{item_id}", response={200: LendingItemDetailOut, **READ_ERRORS})
def get_item(request: AuthedApiRequest, item_id: int) -> dict[str, Any]:
    """An item with its next six weeks, each day free or taken."""
    item = _item(request.auth, item_id)
    today = services.place_today(item.place)
    loans = selectors.item_loans_ahead(item=item, today=today)
    calendar = [
        {"day": d.day, "taken": d.taken} for d in selectors.item_calendar(loans=loans, today=today)
    ]
    return {**LendingItemOut.from_orm(item).dict(), "calendar": calendar}


@router.post("/lending-items/{item_id}/loans", response={201: LoanOut, **WRITE_ERRORS})
def reserve_item(request: AuthedApiRequest, item_id: int, payload: LoanIn) -> Status:
    """Reserve the item for oneself over [starts_on, due_on], both days included: 422
    `loan_too_long`, `due_in_the_past`; 409 `item_unavailable` when the days overlap."""
    item = _item(request.auth, item_id)
    loan = services.loan_reserve(
        item=item,
        borrower=request.auth,
        starts_on=payload.starts_on,
        due_on=payload.due_on,
        by=request.auth,
    )
    return Status(201, loan)


@router.get("/people/me/loans", response={200: list[LoanOut], **READ_ERRORS})
@paginate(Pagination)
def my_loans(request: AuthedApiRequest) -> QuerySet[Loan]:
    """One's reservations and loans, the latest first."""
    return selectors.loans_of_person(person=request.auth)


@router.post("/loans/{loan_id}/check-out", response={200: LoanOut, **WRITE_ERRORS})
def check_out(request: AuthedApiRequest, loan_id: int, payload: LoanCheckOutIn) -> Loan:
    """Hand the item over at the desk; its deposit is recorded as a paid order."""
    loan = _desk_loan(request.auth, loan_id)
    return services.loan_check_out(
        loan=loan, by=request.auth, deposit_method=payload.deposit_method
    )


@router.post("/loans/{loan_id}/return", response={200: LoanOut, **WRITE_ERRORS})
def return_loan(request: AuthedApiRequest, loan_id: int, payload: LoanReturnIn) -> Loan:
    """The item is back, late or not; its condition and any damage are noted, its deposit
    given back less what is kept."""
    loan = _desk_loan(request.auth, loan_id)
    return services.loan_return(
        loan=loan,
        by=request.auth,
        condition=payload.condition or "",
        damage=payload.damage,
        deposit_kept_cents=payload.deposit_kept_cents,
    )


@router.post("/loans/{loan_id}/cancel", response={200: LoanOut, **WRITE_ERRORS})
def cancel_loan(request: AuthedApiRequest, loan_id: int) -> Loan:
    """Cancel a reservation (its borrower, or the place's concierges)."""
    loan = Loan.objects.select_related("item__place").get(pk=loan_id)
    if not services.can_cancel(request.auth, loan):
        raise Loan.DoesNotExist
    return services.loan_cancel(loan=loan, by=request.auth)


@router.get("/places/{slug}/loans/overdue", response={200: list[LoanOut], **READ_ERRORS})
@paginate(Pagination)
def overdue(request: AuthedApiRequest, slug: Slug) -> QuerySet[Loan]:
    """What is not back by its due date, the oldest first (the place's concierges)."""
    place = _place(request.auth, slug, manage=True)
    return selectors.loans_overdue(place=place, today=services.place_today(place))
