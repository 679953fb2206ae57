"""/events and /event-series: the agenda of the places, read by anyone, written by their
concierges (and edited by an event's organizer). Thin adapters over
`comptoir.agenda.services.events`; every refusal comes back as its DomainError code
(`space_taken`, `event_cancelled`, `bad_vocabulary`, `in_the_past`, …). Registrations,
attendance and reports live in `agenda_desk.py`."""

import json
from datetime import date, datetime, time, timedelta
from functools import partial
from typing import Annotated, Any

from django.db import connection
from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status
from pydantic import BeforeValidator

from comptoir.agenda.exceptions import BadVocabulary
from comptoir.agenda.models import Event, EventKind, Registration
from comptoir.agenda.services import events as services
from comptoir.api.auth import PUBLIC, ApiRequest, AuthedApiRequest
from comptoir.api.pagination import Pagination
from comptoir.api.routers._access_reads import (
    organization_get_or_none,
    person_get_active,
    place_named,
    space_of_place,
)
from comptoir.api.schemas import (
    READ_ERRORS,
    UNSET,
    WRITE_ERRORS,
    FilterSchema,
    InSchema,
    PlaceRefOut,
    Slug,
)
from comptoir.community import permissions
from comptoir.community.models import Organization, Person
from comptoir.core import mediation, ranges
from comptoir.core.exceptions import InvalidInput, NotAllowed
from comptoir.core.ranges import MAX_CENTS, MAX_SEATS, SupportedAwareDatetime, SupportedDate
from comptoir.core.types import Viewer
from comptoir.places.models import Place, Space

router = Router(tags=["agenda"])


# --- Schemas --------------------------------------------------------------------------------


class SpaceRefOut(Schema):
    id: int
    slug: str
    name: str


class EventOrganizationOut(Schema):
    slug: str
    name: str


class EventOut(Schema):
    id: int
    title: str
    slug: str
    summary: str
    kind: str
    status: str = Field(..., description="scheduled, cancelled (or draft).")
    place: PlaceRefOut
    space: SpaceRefOut | None
    start: datetime
    end: datetime
    capacity: int | None = Field(..., description="Seats; null when not limited.")
    seats_left: int | None = Field(..., description="Null when the seats are not limited.")
    price_cents: int
    publics: list[str]
    services: list[str]
    registration_required: bool
    is_public: bool
    series_id: int | None
    organizer_person_id: int | None
    organizer_organization: EventOrganizationOut | None

    @staticmethod
    def resolve_seats_left(obj: Event) -> int | None:
        if obj.capacity is None:
            return None
        return max(obj.capacity - obj.confirmed_count, 0)  # type: ignore[attr-defined]


class EventDetailOut(EventOut):
    description: str = Field(..., description="Markdown.")
    accessibility: str
    confirmed: int = Field(..., alias="confirmed_count")
    waitlisted: int = Field(..., alias="waitlisted_count")
    cancelled_at: datetime | None


def _day_or_moment(value: Any, *, next_day: bool) -> Any:
    """A bare day is its local midnight (the one after it, for the end of a range)."""
    if isinstance(value, str) and len(value) == 10:
        try:
            day = date.fromisoformat(value)
        except ValueError:
            return value  # pydantic says what is wrong
        if not ranges.is_supported(day):
            raise ValueError(ranges.out_of_range_message())  # before its day after overflows
        if next_day:
            day += timedelta(days=1)
        return timezone.make_aware(datetime.combine(day, time.min))
    return value


DayStart = Annotated[
    SupportedAwareDatetime, BeforeValidator(partial(_day_or_moment, next_day=False))
]
DayEnd = Annotated[SupportedAwareDatetime, BeforeValidator(partial(_day_or_moment, next_day=True))]


class EventFilters(FilterSchema):
    place: str = Field("", description="A place's slug.")
    kind: str = Field("", description="atelier, conference, permanence, …")
    public: str = Field("", description="A public of the mediation standard (e.g. Seniors).")
    service: str = Field("", description="A service of the mediation standard.")
    from_: DayStart | None = Field(
        None, alias="from", description="A day (YYYY-MM-DD) or a moment (default: now)."
    )
    to: DayEnd | None = Field(None, description="A day (included) or a moment.")


class EventIn(InSchema):
    place: Slug = Field(..., description="The place's slug.")
    title: str = Field(..., max_length=160)
    kind: str = Field(..., description=", ".join(EventKind.values))
    start: SupportedAwareDatetime = Field(..., description="With its UTC offset.")
    end: SupportedAwareDatetime
    space: Slug | None = Field(None, description="The slug of a space of the place it holds.")
    summary: str = Field("", max_length=300)
    description: str = Field("", description="Markdown.")
    capacity: int | None = Field(None, le=MAX_SEATS, description="Seats; null when not limited.")
    price_cents: int = Field(0, le=MAX_CENTS)
    publics: list[str] = Field([], description="Publics of the mediation standard.")
    services: list[str] = Field([], description="Services of the mediation standard.")
    accessibility: str = ""
    organizer_person_id: int | None = None
    organizer_organization: Slug | None = Field(None, description="A structure's slug.")
    registration_required: bool = True
    is_public: bool = True


class EventPatchIn(InSchema):
    # Leave a field out to keep it; `null` clears the nullable ones.
    title: str = Field(UNSET, max_length=160)
    kind: str = UNSET
    start: SupportedAwareDatetime = UNSET
    end: SupportedAwareDatetime = UNSET
    space: Slug | None = None
    summary: str = Field(UNSET, max_length=300)
    description: str = UNSET
    capacity: int | None = Field(None, le=MAX_SEATS)
    price_cents: int = Field(UNSET, le=MAX_CENTS)
    publics: list[str] = UNSET
    services: list[str] = UNSET
    accessibility: str = UNSET
    organizer_person_id: int | None = None
    organizer_organization: Slug | None = None
    registration_required: bool = UNSET
    is_public: bool = UNSET


class SeriesIn(EventIn):
    every_weeks: int = Field(1, ge=1, le=52, description="Repeat every N weeks.")
    until: SupportedDate | None = Field(None, description="Last day (included); or give `count`.")
    count: int | None = Field(None, ge=1, description="How many events.")
    skip_conflicts: bool = Field(
        False, description="Leave out the dates whose space is taken instead of refusing."
    )


class SkippedOut(Schema):
    start: datetime
    end: datetime
    reason: str


class SeriesOut(Schema):
    series_id: int
    created: list[int] = Field(..., description="Ids of the events created.")
    skipped: list[SkippedOut]


# --- Reads ----------------------------------------------------------------------------------


def events_with_counts() -> QuerySet[Event]:
    """Events with what their output needs, in a single query."""
    return Event.objects.select_related("place", "space", "organizer_organization").annotate(
        confirmed_count=Count(
            "registrations", filter=Q(registrations__status=Registration.Status.CONFIRMED)
        ),
        waitlisted_count=Count(
            "registrations", filter=Q(registrations__status=Registration.Status.WAITLISTED)
        ),
    )


def _json_list_has(name: str, value: str) -> Q:
    """A JSON list holding `value`: `contains` on PostgreSQL, its encoded form on SQLite
    (which has no JSON containment)."""
    if connection.features.supports_json_field_contains:
        return Q(**{f"{name}__contains": [value]})
    return Q(**{f"{name}__icontains": json.dumps(value)})


def events_listed(*, filters: EventFilters, now: datetime | None = None) -> QuerySet[Event]:
    """The public, scheduled events of active places, soonest first; by default those not
    over yet. Unknown vocabulary is refused rather than matching nothing."""
    events = events_with_counts().filter(
        status=Event.Status.SCHEDULED, is_public=True, place__is_active=True
    )
    if filters.place:
        events = events.filter(place__slug=filters.place)
    if filters.kind:
        if filters.kind not in EventKind.values:
            raise BadVocabulary(field="kind")
        events = events.filter(kind=filters.kind)
    if filters.public:
        if filters.public not in mediation.PUBLICS:
            raise BadVocabulary(field="public")
        events = events.filter(_json_list_has("publics", filters.public))
    if filters.service:
        if filters.service not in mediation.SERVICES:
            raise BadVocabulary(field="service")
        events = events.filter(_json_list_has("services", filters.service))
    start = filters.from_ or now or timezone.now()
    events = events.filter(end__gt=start)
    if filters.to is not None:
        end = filters.to
        if end <= start:
            raise InvalidInput(_("The end of the period is before its start."), field="to")
        events = events.filter(start__lt=end)
    return events.order_by("start", "pk")


def event_get_visible(*, pk: int, user: Viewer) -> Event:
    """A public event (cancelled ones too), or any event its editors may see; else 404."""
    event = events_with_counts().get(pk=pk, place__is_active=True)
    if event.is_public and event.status != Event.Status.DRAFT:
        return event
    if not permissions.can_edit_event(user, event):
        raise Event.DoesNotExist
    return event


def _space_named(place: Place, slug: str | None) -> Space | None:
    if slug is None:
        return None
    space = space_of_place(place=place, slug=slug)
    if space is None:
        raise InvalidInput(_("Unknown space in this place."), field="space")
    return space


def _organizer_person(pk: int | None) -> Person | None:
    if pk is None:
        return None
    person = person_get_active(pk=pk)
    if person is None:
        raise InvalidInput(_("Unknown person."), field="organizer_person_id")
    return person


def _organizer_organization(slug: str | None) -> Organization | None:
    if slug is None:
        return None
    organization = organization_get_or_none(slug=slug)
    if organization is None:
        raise InvalidInput(_("Unknown structure."), field="organizer_organization")
    return organization


def _references(place: Place, values: dict[str, Any]) -> dict[str, Any]:
    """Body references (slugs, ids) turned into the objects EventInput holds."""
    if "space" in values:
        values["space"] = _space_named(place, values["space"])
    if "organizer_person_id" in values:
        values["organizer_person"] = _organizer_person(values.pop("organizer_person_id"))
    if "organizer_organization" in values:
        values["organizer_organization"] = _organizer_organization(values["organizer_organization"])
    return values


def event_input_from(place: Place, payload: EventIn) -> services.EventInput:
    values = payload.model_dump(include=set(EventIn.model_fields) - {"place"})
    return services.EventInput(**_references(place, values))


def _place_for_writing(user: Person, slug: str) -> Place:
    """The place named in a body (unknown: 422 on `place`), if the caller schedules there."""
    place = place_named(slug=slug)
    if not permissions.can_schedule_events(user, place.pk):
        raise NotAllowed()
    return place


# --- Events ---------------------------------------------------------------------------------


@router.get("/events", response={200: list[EventOut], **READ_ERRORS}, auth=PUBLIC)
@paginate(Pagination)
def list_events(request: ApiRequest, filters: Query[EventFilters]) -> QuerySet[Event]:
    """The public agenda: scheduled public events of every place, soonest first, from now
    on unless `from` says otherwise. `public` and `service` take the mediation standard's
    labels; an unknown value is a 422 `bad_vocabulary`."""
    return events_listed(filters=filters)


@router.get("/events/{int:event_id}", response={200: EventDetailOut, **READ_ERRORS}, auth=PUBLIC)
def get_event(request: ApiRequest, event_id: int) -> Event:
    """A public event, cancelled or not; events kept out of the public agenda only for
    those who can edit them (404 for anyone else)."""
    return event_get_visible(pk=event_id, user=request.auth)


@router.post("/events", response={201: EventDetailOut, **WRITE_ERRORS})
def create_event(request: AuthedApiRequest, payload: EventIn) -> Status:
    """Schedule an event (the place's concierges). In a space, it holds it: 409
    `space_taken` when a booking or another event is there; 422 `in_the_past`,
    `bad_vocabulary`, `event_too_long`."""
    place = _place_for_writing(request.auth, payload.place)
    event = services.event_create(
        place=place, by=request.auth, data=event_input_from(place, payload)
    )
    return Status(201, event_get_visible(pk=event.pk, user=request.auth))


@router.patch("/events/{int:event_id}", response={200: EventDetailOut, **WRITE_ERRORS})
def update_event(request: AuthedApiRequest, event_id: int, payload: EventPatchIn) -> Event:
    """Change an event (its concierges and organizer); moving it moves its hold on the
    space, more seats promote the waitlist. 409 `event_cancelled` once cancelled."""
    event = event_get_visible(pk=event_id, user=request.auth)
    changes = _references(event.place, payload.model_dump(exclude_unset=True))
    services.event_update(event=event, by=request.auth, data=services.event_input(event, **changes))
    return event_get_visible(pk=event_id, user=request.auth)


@router.post("/events/{int:event_id}/cancel", response={200: EventDetailOut, **WRITE_ERRORS})
def cancel_event(request: AuthedApiRequest, event_id: int) -> Event:
    """Cancel an event: its space is freed and the people registered are told."""
    event = event_get_visible(pk=event_id, user=request.auth)
    services.event_cancel(event=event, by=request.auth)
    return event_get_visible(pk=event_id, user=request.auth)


@router.post("/event-series", response={201: SeriesOut, **WRITE_ERRORS})
def create_series(request: AuthedApiRequest, payload: SeriesIn) -> Status:
    """Schedule the same event every N weeks, `until` a day or `count` times (at most 52).
    A date whose space is taken refuses the whole series (409 `space_taken`) unless
    `skip_conflicts`, which leaves it out and says why."""
    place = _place_for_writing(request.auth, payload.place)
    data = event_input_from(place, payload)
    series, created, skipped = services.series_create(
        place=place,
        by=request.auth,
        data=data,
        every_weeks=payload.every_weeks,
        until=payload.until,
        count=payload.count,
        skip_conflicts=payload.skip_conflicts,
    )
    return Status(
        201,
        {
            "series_id": series.pk,
            "created": [event.pk for event in created],
            "skipped": [{"start": o.start, "end": o.end, "reason": o.conflict} for o in skipped],
        },
    )
