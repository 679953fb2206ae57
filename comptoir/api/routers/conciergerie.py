"""The conciergerie of a place: its catalogue of services (public; added by its concierges),
requests (made by members, the desk's queue, one request with its messages, moved along
its lifecycle, messages added), parcels (the desk's log, logged, handed over) and each
person's own requests and parcels. The rules are the services' (`conciergerie.services`)."""

import datetime as dt
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status

from comptoir.api.auth import PUBLIC, ApiRequest, AuthedApiRequest
from comptoir.api.pagination import Pagination
from comptoir.api.routers._access_reads import place_get_active
from comptoir.api.schemas import READ_ERRORS, WRITE_ERRORS, InSchema, Slug
from comptoir.community.models import Person, Role
from comptoir.conciergerie import permissions, selectors, services
from comptoir.conciergerie.models import Parcel, Request, Service
from comptoir.core.exceptions import InvalidInput, NotAllowed
from comptoir.places.models import Place

router = Router(tags=["conciergerie"])


class ServiceIn(InSchema):
    kind: Service.Kind
    name: str = Field(max_length=120)
    description: str = Field("", max_length=2000)
    price_cents: int = Field(0, ge=0, le=1_000_000, description="0: free.")
    delay_hours: int = Field(24, ge=0, le=24 * 90, description="The expected delay.")
    roles: list[Role] = Field(
        default_factory=list, description="Who may ask; empty: anyone holding a role here."
    )
    open_to_neighbours: bool = Field(False, description="Free services only.")


class ServiceOut(Schema):
    id: int
    kind: str
    name: str
    description: str
    price_cents: int
    delay_hours: int
    roles: list[str]
    open_to_neighbours: bool
    is_active: bool


class RequestIn(InSchema):
    service_id: int
    details: str = Field("", max_length=2000)


class RequestOut(Schema):
    id: int
    place_id: int
    service_id: int
    requester_id: int | None
    status: str
    details: str
    assignee_id: int | None
    price_cents: int
    order_id: int | None
    created_at: dt.datetime
    taken_at: dt.datetime | None
    closed_at: dt.datetime | None


class MessageOut(Schema):
    id: int
    author_id: int | None
    body: str
    created_at: dt.datetime


class RequestDetailOut(RequestOut):
    messages: list[MessageOut]


class MoveIn(InSchema):
    to: Request.Status = Field(description="taken, done, refused or cancelled.")
    note: str = Field("", max_length=2000, description="Sent to the requester as a message.")


class MessageIn(InSchema):
    body: str = Field(min_length=1, max_length=2000)


class QueueFilters(Schema):
    status: Request.Status | None = Field(None, description="One status; default: open ones.")


class ParcelIn(InSchema):
    addressee_id: int = Field(description="The person the parcel is for.")
    carrier: str = Field(max_length=60)
    shelf: str = Field("", max_length=30)
    reference: str = Field("", max_length=60, description="The tracking number.")


class HandOverIn(InSchema):
    collected_by: str = Field("", max_length=120, description="Empty: the addressee.")


class ParcelOut(Schema):
    id: int
    place_id: int
    addressee_id: int
    carrier: str
    reference: str
    shelf: str
    status: str
    arrived_at: dt.datetime
    reminded_at: dt.datetime | None
    handed_over_at: dt.datetime | None
    collected_by: str
    returned_at: dt.datetime | None


class ParcelFilters(Schema):
    waiting: bool = Field(True, description="Only the parcels waiting at the desk.")


def _desk(user: Any, slug: str) -> Place:
    place = place_get_active(slug=slug)
    if not permissions.can_run_conciergerie(user, place.pk):
        raise NotAllowed()
    return place


def _request(user: Any, request_id: int) -> Request:
    found = selectors.request_get(pk=request_id)
    if not permissions.can_view_request(user, found):
        raise Request.DoesNotExist
    return found


@router.get(
    "/places/{slug}/conciergerie/services",
    response={200: list[ServiceOut], **READ_ERRORS},
    auth=PUBLIC,
)
@paginate(Pagination)
def list_services(request: ApiRequest, slug: Slug) -> QuerySet[Service]:
    """The services the place's desk offers, with who may ask, price and delay."""
    return selectors.services_of_place(place=place_get_active(slug=slug)).order_by("name", "pk")


@router.post("/places/{slug}/conciergerie/services", response={201: ServiceOut, **WRITE_ERRORS})
def create_service(request: AuthedApiRequest, slug: Slug, payload: ServiceIn) -> Status:
    """Add a service to the place's catalogue (its concierges)."""
    place = _desk(request.auth, slug)
    service = services.service_create(
        place=place,
        kind=payload.kind,
        name=payload.name,
        description=payload.description,
        price_cents=payload.price_cents,
        delay_hours=payload.delay_hours,
        roles=[str(role) for role in payload.roles],
        open_to_neighbours=payload.open_to_neighbours,
        by=request.auth,
    )
    return Status(201, service)


@router.post("/places/{slug}/conciergerie/requests", response={201: RequestOut, **WRITE_ERRORS})
def create_request(request: AuthedApiRequest, slug: Slug, payload: RequestIn) -> Status:
    """Ask for a service of the place for oneself: 422 `service_not_offered` when it is not
    offered to one's role there."""
    place = place_get_active(slug=slug)
    service = Service.objects.filter(place=place, pk=payload.service_id).first()
    if service is None:
        raise InvalidInput(_("Unknown service."), field="service_id")
    made = services.request_create(
        service=service, requester=request.auth, details=payload.details, by=request.auth
    )
    return Status(201, made)


@router.get("/places/{slug}/conciergerie/requests", response={200: list[RequestOut], **READ_ERRORS})
@paginate(Pagination)
def list_requests(
    request: AuthedApiRequest, slug: Slug, filters: Query[QueueFilters]
) -> QuerySet[Request]:
    """The desk's queue: open requests, new first, the oldest first (its concierges)."""
    place = _desk(request.auth, slug)
    return selectors.request_queue(place=place, status=filters.status or "")


@router.get("/conciergerie/requests/{request_id}", response={200: RequestDetailOut, **READ_ERRORS})
def get_request(request: AuthedApiRequest, request_id: int) -> dict[str, Any]:
    """A request with its messages (its requester and the place's concierges)."""
    found = _request(request.auth, request_id)
    messages = list(selectors.messages_of(request=found))
    return {**RequestOut.from_orm(found).dict(), "messages": messages}


@router.post(
    "/conciergerie/requests/{request_id}/moves", response={200: RequestOut, **WRITE_ERRORS}
)
def move_request(request: AuthedApiRequest, request_id: int, payload: MoveIn) -> Request:
    """Move a request on: taken by a concierge (409 `request_already_taken` when another
    was first), done or refused by its owner, cancelled by the requester or the desk."""
    found = _request(request.auth, request_id)
    return services.request_move(request=found, to=payload.to, note=payload.note, by=request.auth)


@router.post(
    "/conciergerie/requests/{request_id}/messages",
    response={201: MessageOut, **WRITE_ERRORS},
)
def add_message(request: AuthedApiRequest, request_id: int, payload: MessageIn) -> Status:
    """A message on a request, sent to the other side by email."""
    found = _request(request.auth, request_id)
    return Status(201, services.message_add(request=found, body=payload.body, by=request.auth))


@router.get("/people/me/conciergerie-requests", response={200: list[RequestOut], **READ_ERRORS})
@paginate(Pagination)
def my_requests(request: AuthedApiRequest) -> QuerySet[Request]:
    """One's own requests, the latest first."""
    return selectors.requests_of_person(person=request.auth)


@router.get("/places/{slug}/parcels", response={200: list[ParcelOut], **READ_ERRORS})
@paginate(Pagination)
def list_parcels(
    request: AuthedApiRequest, slug: Slug, filters: Query[ParcelFilters]
) -> QuerySet[Parcel]:
    """The desk's parcel log, the latest first (its concierges)."""
    place = _desk(request.auth, slug)
    return selectors.parcel_log(place=place, waiting_only=filters.waiting)


@router.post("/places/{slug}/parcels", response={201: ParcelOut, **WRITE_ERRORS})
def log_parcel(request: AuthedApiRequest, slug: Slug, payload: ParcelIn) -> Status:
    """Log a parcel arrived for a person (told by email); 422 for a parcel for nobody."""
    place = _desk(request.auth, slug)
    addressee = Person.objects.filter(pk=payload.addressee_id, is_active=True).first()
    parcel = services.parcel_log(
        place=place,
        addressee=addressee,
        carrier=payload.carrier,
        shelf=payload.shelf,
        reference=payload.reference,
        by=request.auth,
    )
    return Status(201, parcel)


@router.post(
    "/places/{slug}/parcels/{parcel_id}/hand-over", response={200: ParcelOut, **WRITE_ERRORS}
)
def hand_over_parcel(
    request: AuthedApiRequest, slug: Slug, parcel_id: int, payload: HandOverIn
) -> Parcel:
    """The parcel leaves the desk, to its addressee or to whom they sent."""
    place = _desk(request.auth, slug)
    parcel = selectors.parcel_get(place=place, pk=parcel_id)
    return services.parcel_hand_over(
        parcel=parcel, collected_by=payload.collected_by, by=request.auth
    )


@router.get("/people/me/parcels", response={200: list[ParcelOut], **READ_ERRORS})
@paginate(Pagination)
def my_parcels(request: AuthedApiRequest) -> QuerySet[Parcel]:
    """The parcels received for oneself, the latest first."""
    return selectors.parcels_of_person(person=request.auth)
