"""/visits: check-in and checkout (self-service or at the desk), histories, who is here.

POST /visits is the busiest endpoint of a place (the kiosk, badge readers): it loads only
what the check-in service needs and answers a small body.
"""

from datetime import date, datetime

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status

from comptoir.api.auth import AuthedApiRequest
from comptoir.api.pagination import Pagination
from comptoir.api.routers._access_reads import (
    person_whose_access,
    place_named,
    space_of_place,
    visit_get,
)
from comptoir.api.schemas import (
    READ_ERRORS,
    WRITE_ERRORS,
    FilterSchema,
    InSchema,
    PersonRefOut,
    Slug,
)
from comptoir.community import permissions
from comptoir.community.models import Person
from comptoir.core.exceptions import InvalidInput, NotAllowed
from comptoir.core.ranges import SupportedDate
from comptoir.places.models import Place
from comptoir.presence import selectors, services
from comptoir.presence.models import Visit

router = Router(tags=["visits"])


class CheckInIn(InSchema):
    place: Slug = Field(..., description="Slug of the place.")
    person_id: int | None = Field(
        None, description="Who checks in (default: me). Others: the place's concierges only."
    )
    space: Slug | None = Field(None, description="Slug of a space of the place.")
    override: bool = Field(
        False,
        description="Concierges: let in without a valid access (or while closed); "
        "needs `override_reason`.",
    )
    override_reason: str = Field(
        "", max_length=200, description="Why the person is let in (implies `override`)."
    )


class BookBalanceOut(Schema):
    id: int
    balance: int


class CheckInOut(Schema):
    id: int
    person: PersonRefOut
    place: str
    day: date
    checked_in_at: datetime
    access: str
    ticket_book: BookBalanceOut | None = Field(None, description="When a ticket was used.")


class VisitOut(Schema):
    id: int
    person: PersonRefOut
    place: str
    space: str | None
    day: date
    checked_in_at: datetime
    checked_out_at: datetime | None
    access: str

    @staticmethod
    def resolve_place(obj: Visit) -> str:
        return obj.place.slug

    @staticmethod
    def resolve_space(obj: Visit) -> str | None:
        return obj.space.slug if obj.space_id else None  # type: ignore[union-attr]


class VisitFilters(FilterSchema):
    place: str = Field("", max_length=160, description="Place slug.")
    current: bool = Field(False, description="Who is here now (needs `place`).")
    person_id: int | None = Field(None, description="Whose visits (concierges; default: mine).")
    day: SupportedDate | None = None


def check_in_person_id(*, user: Person, place: Place, person_id: int | None) -> int:
    """Me, or someone a concierge of the place checks in (403 before any lookup for others,
    so person ids cannot be probed; the service reads them under their row lock)."""
    if person_id is None or person_id == user.pk:
        return user.pk
    if not permissions.can_use_kiosk(user, place.pk):
        raise NotAllowed()
    return person_id


def visits_listed(*, user: Person, filters: VisitFilters) -> QuerySet[Visit]:
    place = place_named(slug=filters.place) if filters.place else None
    if filters.current:
        if place is None:
            raise InvalidInput(_("Say which place."), field="place")
        if not permissions.can_view_presence(user, place.pk):
            raise NotAllowed()
        return selectors.present_now(place=place, viewer=user).select_related("place")
    if (
        place is not None
        and filters.person_id is None
        and permissions.sees_everyone_present(user, place.pk)
    ):
        visits = selectors.visits_of_place(place=place, day=filters.day)
        return visits.select_related("place")
    person = person_whose_access(user=user, pk=filters.person_id)
    visits = selectors.visits_of_person(person=person).select_related("person")
    seen_places = permissions.visit_place_ids(user, person)
    if seen_places is not None:
        visits = visits.filter(place_id__in=seen_places)
    if place is not None:
        visits = visits.filter(place=place)
    return visits.filter(day=filters.day) if filters.day else visits


def check_in_targets(*, user: Person, payload: CheckInIn) -> dict:
    """The place, person and space named by the payload, as field errors when unknown."""
    place = place_named(slug=payload.place)
    person_id = check_in_person_id(user=user, place=place, person_id=payload.person_id)
    space = None
    if payload.space:
        space = space_of_place(place=place, slug=payload.space)
        if space is None:
            raise InvalidInput(_("Unknown space."), field="space")
    return {"place": place, "person_id": person_id, "space": space}


def check_in_answer(visit: Visit, place: Place) -> dict:
    book = None
    if visit.ticket_movement is not None and visit.tickets_left is not None:
        book = {"id": visit.ticket_movement.book_id, "balance": visit.tickets_left}
    return {
        "id": visit.pk,
        "person": visit.person,
        "place": place.slug,
        "day": visit.day,
        "checked_in_at": visit.checked_in_at,
        "access": visit.access,
        "ticket_book": book,
    }


@router.post("/visits", response={201: CheckInOut, **WRITE_ERRORS})
def check_in(request: AuthedApiRequest, payload: CheckInIn) -> Status:
    """Check in myself, or someone else at the desk. Refused without a valid access (403
    `no_valid_access`, with the `offers` that could be bought), when already here or closed
    (409 `already_checked_in`, `place_closed`), or an override without a reason (422
    `missing_reason`)."""
    targets = check_in_targets(user=request.auth, payload=payload)
    visit = services.visit_check_in(
        by=request.auth,
        # Sending a reason, even a blank one, asks for an override: the service wants it said.
        override=payload.override or "override_reason" in payload.model_fields_set,
        override_reason=payload.override_reason,
        **targets,
    )
    return Status(201, check_in_answer(visit, targets["place"]))


@router.post("/visits/{int:visit_id}/checkout", response={200: VisitOut, **WRITE_ERRORS})
def check_out(request: AuthedApiRequest, visit_id: int) -> Visit:
    """By the visitor or a concierge of the place; 409 `not_checked_in` when already over."""
    visit = visit_get(pk=visit_id)
    if not permissions.can_view_access_of(request.auth, visit.person):
        raise Visit.DoesNotExist
    closed = services.visit_check_out(visit=visit, by=request.auth)
    visit.checked_out_at = closed.checked_out_at
    return visit


@router.get("/visits", response={200: list[VisitOut], **READ_ERRORS})
@paginate(Pagination)
def list_visits(request: AuthedApiRequest, filters: Query[VisitFilters]) -> QuerySet[Visit]:
    """My visits by default. `?place=…&current=true`: who is here now (members of the place
    see the people who chose to show their presence, concierges everyone). `?place=…`: every
    visit of the place for its concierges. `?person_id=…`: a person's visits (concierges)."""
    return visits_listed(user=request.auth, filters=filters)
