"""/bookings, /waitlist and the availability of resources: thin adapters over the bookings
services. Every refusal of a booking rule comes back as its DomainError code; ids named in
a body that do not exist are field errors (422), ids in a path that cannot be seen are 404.
"""

from datetime import datetime
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status

from comptoir.api.auth import PUBLIC, ApiRequest, AuthedApiRequest
from comptoir.api.pagination import Pagination
from comptoir.api.routers._access_reads import (
    organization_get_or_none,
    person_get_active,
    place_get_active,
)
from comptoir.api.schemas import (
    READ_ERRORS,
    WRITE_ERRORS,
    FilterSchema,
    InSchema,
    PersonRefOut,
    Slug,
)
from comptoir.bookings import availability, selectors, services, waitlist
from comptoir.bookings.models import Booking, Resource, WaitlistEntry
from comptoir.community import permissions
from comptoir.community.models import Organization, Person
from comptoir.core.exceptions import InvalidInput, NotAllowed
from comptoir.core.ranges import SupportedAwareDatetime

router = Router(tags=["bookings"])


# --- Schemas --------------------------------------------------------------------------------


class ResourceRefOut(Schema):
    id: int
    slug: str
    name: str
    place: str

    @staticmethod
    def resolve_place(obj: Resource) -> str:
        return obj.place.slug


class ResourceOut(Schema):
    """A bookable resource and the rules a booking of it must follow."""

    id: int
    slug: str
    name: str
    kind: str
    capacity: int
    space: str | None
    allowed_roles: list[str]
    horizon_days: dict[str, int] = Field(..., description="Days ahead each role may book.")
    slot_minutes: int
    min_minutes: int
    max_minutes: int
    book_before_minutes: int
    cancel_before_minutes: int
    hourly_price_cents: int
    partner_hourly_cents: int
    nomad_payment: str
    minutes_per_ticket: int
    uses_included_hours: bool
    required_training: str | None = Field(None, description="Name of the training needed.")

    @staticmethod
    def resolve_space(obj: Resource) -> str | None:
        return obj.space.slug if obj.space is not None else None

    @staticmethod
    def resolve_required_training(obj: Resource) -> str | None:
        training = obj.required_training
        return training.name if training is not None else None


class SlotOut(Schema):
    start: datetime
    end: datetime
    free: int = Field(..., description="Places left (0: taken).")


class AvailabilityResourceOut(Schema):
    id: int
    slug: str
    name: str
    capacity: int
    slot_minutes: int


class ResourceAvailabilityOut(Schema):
    resource: AvailabilityResourceOut
    slots: list[SlotOut]


class PlaceAvailabilityOut(Schema):
    place: str
    resources: list[ResourceAvailabilityOut]


class RangeQuery(FilterSchema):
    start: SupportedAwareDatetime = Field(..., description="With its UTC offset.")
    end: SupportedAwareDatetime = Field(..., description="At most 31 days after the start.")


class BookingOut(Schema):
    id: int
    resource: ResourceRefOut
    person: PersonRefOut
    organization: str | None
    title: str
    start: datetime
    end: datetime
    status: str
    price_cents: int
    tickets_used: int
    included_minutes: int
    cancelled_at: datetime | None

    @staticmethod
    def resolve_organization(obj: Booking) -> str | None:
        return obj.organization.slug if obj.organization is not None else None


class BookingFilters(FilterSchema):
    resource: int | None = Field(
        None, description="A resource's id: all its bookings for its place's concierges."
    )
    person_id: int | None = Field(None, description="Whose bookings (concierges).")
    after: SupportedAwareDatetime | None = Field(None, description="Only those ending after this.")


class SlotIn(InSchema):
    resource_id: int
    start: SupportedAwareDatetime = Field(..., description="With its UTC offset.")
    end: SupportedAwareDatetime


class QuoteIn(SlotIn):
    organization: Slug | None = Field(None, description="A partner structure booking.")


class BookingIn(QuoteIn):
    title: str = Field("", max_length=120)
    person_id: int | None = Field(
        None, description="Whom for (default: me). Others: the place's concierges only."
    )


class BookingMoveIn(InSchema):
    start: SupportedAwareDatetime
    end: SupportedAwareDatetime


class QuoteOut(Schema):
    minutes: int
    price_cents: int
    included_minutes: int
    tickets: int
    description: str


class WaitlistOut(Schema):
    id: int
    resource: ResourceRefOut
    start: datetime
    end: datetime
    status: str
    offer_expires_at: datetime | None


# --- Reads ----------------------------------------------------------------------------------


def resource_get_public(*, pk: int) -> Resource:
    return Resource.objects.select_related("place").get(
        pk=pk, is_active=True, place__is_active=True
    )


def resource_named(*, pk: int) -> Resource:
    """A resource named in a body (inactive ones too: the service says they are not
    bookable); unknown is a field error."""
    resource = (
        Resource.objects.select_related("place", "required_training")
        .filter(pk=pk, place__is_active=True)
        .first()
    )
    if resource is None:
        raise InvalidInput(_("Unknown resource."), field="resource_id")
    return resource


def organization_named(*, slug: str | None) -> Organization | None:
    if slug is None:
        return None
    organization = organization_get_or_none(slug=slug)
    if organization is None:
        raise InvalidInput(_("Unknown structure."), field="organization")
    return organization


def booker(*, user: Person, resource: Resource, person_id: int | None) -> Person:
    """Me, or someone a concierge of the place books for (403 before any lookup for others,
    so person ids cannot be probed)."""
    if person_id is None or person_id == user.pk:
        return user
    if not permissions.is_concierge(user, resource.place_id):
        raise NotAllowed()
    person = person_get_active(pk=person_id)
    if person is None:
        raise InvalidInput(_("Unknown person."), field="person_id")
    return person


def bookings_listed(*, user: Person, filters: BookingFilters) -> QuerySet[Booking]:
    """Mine by default; a concierge sees every booking of a resource of their place, and a
    person's bookings in the places they look after (403 for others, before any lookup)."""
    bookings = Booking.objects.select_related("resource__place", "person", "organization")
    resource = None
    if filters.resource is not None:
        resource = Resource.objects.filter(pk=filters.resource).first()
        if resource is None:
            raise InvalidInput(_("Unknown resource."), field="resource")
        bookings = bookings.filter(resource=resource)
    if filters.person_id is not None and filters.person_id != user.pk:
        bookings = _of_someone(user=user, person_id=filters.person_id, bookings=bookings)
    elif filters.person_id is not None or resource is None:
        bookings = bookings.filter(person_id=user.pk)
    elif not permissions.is_concierge(user, resource.place_id):
        bookings = bookings.filter(person_id=user.pk)
    if filters.after is not None:
        bookings = bookings.filter(end__gt=filters.after)
    return bookings.order_by("start", "pk")


def _of_someone(*, user: Person, person_id: int, bookings: QuerySet[Booking]) -> Any:
    if not permissions.can_search_private_data(user):
        raise NotAllowed()
    person = person_get_active(pk=person_id)
    if person is None or not permissions.can_view_access_of(user, person):
        raise InvalidInput(_("Unknown person."), field="person_id")
    bookings = bookings.filter(person_id=person_id)
    if permissions.is_network_admin(user):
        return bookings
    return bookings.filter(resource__place_id__in=permissions.concierge_place_ids(user))


def waitlist_entry_get(*, pk: int, user: Person) -> WaitlistEntry:
    """An entry of the user, or of a place they are concierge of (else a 404)."""
    entry = WaitlistEntry.objects.select_related("resource__place").get(pk=pk)
    if entry.person_id != user.pk and not permissions.is_concierge(user, entry.resource.place_id):
        raise WaitlistEntry.DoesNotExist
    return entry


# --- Resources and availability (public) ----------------------------------------------------


@router.get(
    "/places/{slug}/resources", response={200: list[ResourceOut], **READ_ERRORS}, auth=PUBLIC
)
def list_resources(request: ApiRequest, slug: Slug) -> Any:
    """The bookable resources of a place, with their booking rules."""
    place = place_get_active(slug=slug)
    return selectors.resources_of_place(place=place).select_related("space")


@router.get(
    "/resources/{int:resource_id}/availability",
    response={200: ResourceAvailabilityOut, **READ_ERRORS},
    auth=PUBLIC,
)
def resource_availability(request: ApiRequest, resource_id: int, span: Query[RangeQuery]) -> Any:
    """Each slot of the resource within the opening hours, with the places left (no names).
    At most 31 days at a time."""
    resource = resource_get_public(pk=resource_id)
    slots = availability.free_slots(resource, span.start, span.end)
    return {"resource": resource, "slots": slots}


@router.get(
    "/places/{slug}/availability",
    response={200: PlaceAvailabilityOut, **READ_ERRORS},
    auth=PUBLIC,
)
def place_availability(request: ApiRequest, slug: Slug, span: Query[RangeQuery]) -> Any:
    """The slots of every bookable resource of the place, with the places left."""
    place = place_get_active(slug=slug)
    resources = availability.place_availability(place, span.start, span.end)
    return {"place": place.slug, "resources": resources}


# --- Bookings -------------------------------------------------------------------------------


@router.get("/bookings", response={200: list[BookingOut], **READ_ERRORS})
@paginate(Pagination)
def list_bookings(request: AuthedApiRequest, filters: Query[BookingFilters]) -> QuerySet[Booking]:
    """My bookings, cancelled ones included, soonest first. Concierges: `?resource=` for all
    the bookings of a resource of their place, `?person_id=` for someone's."""
    return bookings_listed(user=request.auth, filters=filters)


@router.get("/bookings/{int:booking_id}", response={200: BookingOut, **READ_ERRORS})
def get_booking(request: AuthedApiRequest, booking_id: int) -> Booking:
    """The booker and the place's concierges see it; anyone else gets a 404."""
    return selectors.booking_get_manageable(pk=booking_id, user=request.auth)


@router.post("/bookings/quote", response={200: QuoteOut, **WRITE_ERRORS})
def quote_booking(request: AuthedApiRequest, payload: QuoteIn) -> Any:
    """What booking this slot would cost, after every rule (nothing is saved)."""
    quote = services.booking_quote(
        resource=resource_named(pk=payload.resource_id),
        person=request.auth,
        start=payload.start,
        end=payload.end,
        by=request.auth,
        organization=organization_named(slug=payload.organization),
    )
    return {**quote.__dict__, "description": quote.describe()}


@router.post("/bookings", response={201: BookingOut, **WRITE_ERRORS})
def create_booking(request: AuthedApiRequest, payload: BookingIn) -> Status:
    """Book a slot. Refusals name the rule: 409 `slot_taken`, `resource_full`, `too_late`;
    422 `outside_opening_hours`, `bad_slot`, `bad_duration`, `in_the_past`, `too_far_ahead`;
    403 `not_bookable`, `training_required`."""
    resource = resource_named(pk=payload.resource_id)
    booking = services.booking_create(
        resource=resource,
        person=booker(user=request.auth, resource=resource, person_id=payload.person_id),
        start=payload.start,
        end=payload.end,
        by=request.auth,
        organization=organization_named(slug=payload.organization),
        title=payload.title,
    )
    return Status(201, booking)


@router.post("/bookings/{int:booking_id}/move", response={200: BookingOut, **WRITE_ERRORS})
def move_booking(request: AuthedApiRequest, booking_id: int, payload: BookingMoveIn) -> Booking:
    """Until the cancellation deadline (concierges: any time), under the same rules."""
    booking = selectors.booking_get_manageable(pk=booking_id, user=request.auth)
    return services.booking_move(
        booking=booking, start=payload.start, end=payload.end, by=request.auth
    )


@router.post("/bookings/{int:booking_id}/cancel", response={200: BookingOut, **WRITE_ERRORS})
def cancel_booking(request: AuthedApiRequest, booking_id: int) -> Booking:
    """Until the cancellation deadline (409 `too_late`); what paid for it is given back."""
    booking = selectors.booking_get_manageable(pk=booking_id, user=request.auth)
    return services.booking_cancel(booking=booking, by=request.auth)


# --- Waitlist -------------------------------------------------------------------------------


@router.post("/waitlist", response={201: WaitlistOut, **WRITE_ERRORS})
def join_waitlist(request: AuthedApiRequest, payload: SlotIn) -> Status:
    """Wait for a taken slot (409 `slot_free` when it can be booked right away)."""
    entry = waitlist.waitlist_join(
        resource=resource_named(pk=payload.resource_id),
        person=request.auth,
        start=payload.start,
        end=payload.end,
        by=request.auth,
    )
    return Status(201, entry)


@router.delete("/waitlist/{int:entry_id}", response={200: WaitlistOut, **WRITE_ERRORS})
def leave_waitlist(request: AuthedApiRequest, entry_id: int) -> WaitlistEntry:
    """Leave the list; a running offer goes to the next person."""
    entry = waitlist_entry_get(pk=entry_id, user=request.auth)
    return waitlist.waitlist_leave(entry=entry, by=request.auth)


@router.post("/waitlist/{int:entry_id}/confirm", response={201: BookingOut, **WRITE_ERRORS})
def confirm_waitlist(request: AuthedApiRequest, entry_id: int) -> Status:
    """Take the slot offered, before the offer runs out (409 `offer_over`)."""
    entry = waitlist_entry_get(pk=entry_id, user=request.auth)
    return Status(201, waitlist.waitlist_confirm(entry=entry, by=request.auth))
