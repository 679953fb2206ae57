"""/ticket-books: carnets de tickets, their balance and ledger, and corrections at the desk."""

from datetime import date, datetime

from django.db.models import QuerySet
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status
from pydantic import StrictInt

from comptoir.access import selectors, services
from comptoir.access.models import TicketBook, TicketMovement
from comptoir.api.auth import AuthedApiRequest
from comptoir.api.pagination import Pagination
from comptoir.api.routers._access_reads import person_whose_access
from comptoir.api.schemas import (
    READ_ERRORS,
    WRITE_ERRORS,
    FilterSchema,
    InSchema,
    PersonRefOut,
    PlanRefOut,
)
from comptoir.community import permissions
from comptoir.core.types import Actor

router = Router(tags=["ticket-books"])


class TicketBookFilters(FilterSchema):
    person_id: int | None = Field(None, description="Whose books (concierges; default: mine).")


class TicketBookOut(Schema):
    id: int
    plan: PlanRefOut
    place: str = Field(..., description="Slug of the place that sold it.")
    network: str | None = Field(None, description="Set when valid across the network.")
    tickets: int
    unit: str
    ticket_value_cents: int
    purchased_on: date
    expires_on: date
    balance: int

    @staticmethod
    def resolve_place(obj: TicketBook) -> str:
        return obj.place.slug

    @staticmethod
    def resolve_network(obj: TicketBook) -> str | None:
        return obj.network.slug if obj.network_id else None  # type: ignore[union-attr]


class TicketBookDetailOut(TicketBookOut):
    person: PersonRefOut


class MovementOut(Schema):
    id: int
    kind: str
    quantity: int
    place: str
    at: datetime
    reason: str
    by: PersonRefOut | None

    @staticmethod
    def resolve_place(obj: TicketMovement) -> str:
        return obj.place.slug


class CorrectionIn(InSchema):
    quantity: StrictInt = Field(
        ..., ge=-1000, le=1000, description="Tickets added (positive) or removed (negative)."
    )
    reason: str = Field("", max_length=200, description="Why the balance is corrected.")


def book_visible_to(*, user: Actor, pk: int) -> TicketBook:
    """A book its holder or a concierge may see, with its balance (404 otherwise)."""
    book = selectors.ticket_book_get(pk=pk)
    if not permissions.can_view_access_of(user, book.person):
        raise TicketBook.DoesNotExist
    return book


@router.get("/ticket-books", response=list[TicketBookOut])
@paginate(Pagination)
def list_ticket_books(
    request: AuthedApiRequest, filters: Query[TicketBookFilters]
) -> QuerySet[TicketBook]:
    """My ticket books, or a person's for the concierges."""
    person = person_whose_access(user=request.auth, pk=filters.person_id)
    return selectors.ticket_books_of_person(person=person)


@router.get("/ticket-books/{int:book_id}", response={200: TicketBookDetailOut, **READ_ERRORS})
def get_ticket_book(request: AuthedApiRequest, book_id: int) -> TicketBook:
    return book_visible_to(user=request.auth, pk=book_id)


@router.get(
    "/ticket-books/{int:book_id}/movements",
    response={200: list[MovementOut], **READ_ERRORS},
)
@paginate(Pagination)
def list_movements(request: AuthedApiRequest, book_id: int) -> QuerySet[TicketMovement]:
    """The ledger of the book, newest first."""
    return selectors.movements_of_book(book=book_visible_to(user=request.auth, pk=book_id))


@router.post("/ticket-books/{int:book_id}/corrections", response={201: MovementOut, **WRITE_ERRORS})
def correct_ticket_book(request: AuthedApiRequest, book_id: int, payload: CorrectionIn) -> Status:
    """A correction by a concierge of the place that sold the book; never below zero."""
    movement = services.ticket_book_adjust(
        book=book_visible_to(user=request.auth, pk=book_id),
        quantity=payload.quantity,
        reason=payload.reason,
        by=request.auth,
    )
    return Status(201, movement)
