"""Registrations to events, attendance and activity reports: thin adapters over
`comptoir.agenda.services.registrations`, `.attendance` and `comptoir.agenda.reports`.

Anyone may register to a public event (with a name and an email or a phone), a member in
one click, a concierge for someone at the desk; a full event puts people on the waitlist
(201 with `status: waitlisted` and their `position`). Refusals come back as their codes:
409 `event_past`, `event_cancelled`, `already_registered`, `registration_closed`,
`registration_cancelled`; 422 `contact_missing`, `bad_phone`, `bad_vocabulary`; 404
`invalid_link` for a bad cancellation token; 429 `throttled` (with Retry-After) past the
registrations allowed without an account per address and per contact."""

from datetime import date, datetime
from typing import Any

from django.db.models import F, QuerySet, Window
from django.db.models.functions import RowNumber
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Body, Field, Query, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status

from comptoir.agenda import reports, throttles
from comptoir.agenda.models import Event, Registration
from comptoir.agenda.selectors import public as selectors
from comptoir.agenda.services import attendance, registrations
from comptoir.api.auth import PUBLIC, ApiRequest, AuthedApiRequest
from comptoir.api.pagination import Pagination
from comptoir.api.routers._access_reads import person_get_active, place_get_active
from comptoir.api.routers.agenda import event_get_visible
from comptoir.api.schemas import (
    READ_ERRORS,
    WRITE_ERRORS,
    ErrorOut,
    FilterSchema,
    InSchema,
    Slug,
)
from comptoir.community import permissions
from comptoir.community.models import Person
from comptoir.core.exceptions import InvalidInput, NotAllowed
from comptoir.core.ranges import SupportedDate
from comptoir.core.types import Actor, Viewer

router = Router(tags=["agenda"])


# --- Schemas --------------------------------------------------------------------------------


class RegistrationBriefOut(Schema):
    id: int
    event_id: int
    name: str
    status: str = Field(..., description="confirmed, waitlisted or cancelled.")
    position: int | None = Field(..., description="Place on the waitlist (1: next).")
    attendance: str = Field(..., description='present, absent or "" (not marked).')
    walk_in: bool

    @staticmethod
    def resolve_position(obj: Registration) -> int | None:
        if obj.status != Registration.Status.WAITLISTED:
            return None
        known = obj.__dict__.get("waitlist_rank")
        return known if known is not None else selectors.waitlist_position(obj)


class RegistrationCreatedOut(RegistrationBriefOut):
    cancel_token: str = Field(..., description="Cancels it through POST /registrations/cancel.")

    @staticmethod
    def resolve_cancel_token(obj: Registration) -> str:
        return registrations.cancel_token(obj)


class RegistrationOut(RegistrationBriefOut):
    """What the people who run the event see."""

    person_id: int | None
    email: str
    phone: str
    public_category: str
    consent: bool
    created_at: datetime
    cancelled_at: datetime | None


class RegistrationIn(InSchema):
    name: str = Field("", description="Without an account: the name to register.")
    email: str = Field("", description="Without an account: an email or a phone.")
    phone: str = Field("", description="French numbers, or international with +.")
    person_id: int | None = Field(None, description="Concierges: a member to register.")


class RegistrationFilters(FilterSchema):
    status: Registration.Status | None = None


class TokenIn(InSchema):
    token: str = Field(..., max_length=200, description="From the cancellation link.")


class AttendanceIn(InSchema):
    present: bool


class WalkInIn(InSchema):
    name: str = ""
    email: str = ""
    phone: str = ""
    person_id: int | None = Field(None, description="A member who came (their name is used).")
    public_category: str = Field("", description="A public of the mediation standard.")
    consent: bool = Field(False, description="Needed to record a public.")


class PublicIn(InSchema):
    category: str = Field(..., description='A public of the standard; "" forgets it.')
    consent: bool


class ReportQuery(FilterSchema):
    start: SupportedDate = Field(..., description="First day (YYYY-MM-DD).")
    end: SupportedDate = Field(..., description="Last day, included.")


class RowOut(Schema):
    key: str
    label: str
    sessions: int
    hours: float
    people: int


class ActivityReportOut(Schema):
    place: str
    start: date
    end: date
    sessions: int
    mediation_sessions: int
    mediation_hours: float
    registrations: int
    waitlisted: int
    walk_ins: int
    present: int = Field(..., description="Presences, walk-ins included.")
    marked_present: int
    marked_absent: int
    attendance_rate: float | None = Field(..., description="Between 0 and 1; null if unmarked.")
    unique_people: int
    first_time: int
    returning: int
    by_kind: list[RowOut]
    by_public: list[RowOut]
    by_service: list[RowOut]

    @staticmethod
    def resolve_place(obj: reports.ActivityReport) -> str:
        return obj.place.slug


# --- Reads ----------------------------------------------------------------------------------


def registration_get_manageable(*, pk: int, user: Actor) -> Registration:
    """A registration seen by its member and by those who run its event (else a 404)."""
    registration = Registration.objects.select_related("event__place").get(
        pk=pk, event__place__is_active=True
    )
    own = registration.person_id is not None and registration.person_id == user.pk
    event = registration.event
    if not (
        own
        or permissions.can_edit_event(user, event)
        or permissions.can_register_others(user, event.place_id)
    ):
        raise Registration.DoesNotExist
    return registration


def registrations_of(*, event: Event, status: str | None) -> QuerySet[Registration]:
    """The registrations of an event in arrival order, each waiting one with its rank on
    the waitlist (one query for the page)."""
    rows = Registration.objects.filter(event=event)
    if status:
        rows = rows.filter(status=status)
    return rows.annotate(
        waitlist_rank=Window(
            RowNumber(), partition_by=[F("status")], order_by=[F("created_at"), F("pk")]
        )
    ).order_by("created_at", "pk")


def _member_named(user: Actor, event: Event, pk: int) -> Person:
    """A member named by someone who may register others (403 before any lookup)."""
    if not permissions.can_register_others(user, event.place_id):
        raise NotAllowed()
    person = person_get_active(pk=pk)
    if person is None:
        raise InvalidInput(_("Unknown person."), field="person_id")
    return person


def _register(
    request: HttpRequest, user: Viewer, event: Event, payload: RegistrationIn
) -> Registration:
    guest_given = bool(payload.name or payload.email or payload.phone)
    guest = registrations.Guest(payload.name, payload.email, payload.phone)
    if not user.is_authenticated:
        if payload.person_id is not None:
            raise NotAllowed()  # naming a member is for those who register others
        throttles.guest_registration(request, guest)
        return registrations.register_guest(event=event, guest=guest)
    if payload.person_id is not None and payload.person_id == user.pk and not guest_given:
        return registrations.register_member(event=event, person=user)
    if payload.person_id is not None or (
        guest_given and permissions.can_register_others(user, event.place_id)
    ):
        person = (
            _member_named(user, event, payload.person_id) if payload.person_id is not None else None
        )
        return registrations.register_at_desk(
            event=event, by=user, person=person, guest=guest if guest_given else None
        )
    if guest_given:
        throttles.guest_registration(request, guest)
        return registrations.register_guest(event=event, guest=guest)
    return registrations.register_member(event=event, person=user)


# --- Registrations --------------------------------------------------------------------------


@router.post(
    "/events/{int:event_id}/registrations",
    response={201: RegistrationCreatedOut, **WRITE_ERRORS, 429: ErrorOut},
    auth=PUBLIC,
)
def register(
    request: ApiRequest, event_id: int, payload: Body[RegistrationIn | None] = None
) -> Status:
    """Register to an event. Without an account: `name` and an `email` or a `phone`
    (422 `contact_missing`, `bad_phone`). A member with an empty body `{}` registers
    themself. A concierge of the place registers someone: `person_id`, or a name and a
    contact. A full event answers 201 with `status: waitlisted` and the `position`; keep
    the `cancel_token` to cancel without an account."""
    event = event_get_visible(pk=event_id, user=request.auth)
    body = payload or RegistrationIn.model_validate({})
    return Status(201, _register(request, request.auth, event, body))


@router.get(
    "/events/{int:event_id}/registrations",
    response={200: list[RegistrationOut], 403: ErrorOut, **READ_ERRORS},
)
@paginate(Pagination)
def list_registrations(
    request: AuthedApiRequest, event_id: int, filters: Query[RegistrationFilters]
) -> QuerySet[Registration]:
    """Who registered, in arrival order (the event's concierges and organizer)."""
    event = event_get_visible(pk=event_id, user=request.auth)
    if not permissions.can_edit_event(request.auth, event):
        raise NotAllowed()
    return registrations_of(event=event, status=filters.status)


@router.post(
    "/registrations/cancel",
    response={200: RegistrationBriefOut, 410: ErrorOut, **WRITE_ERRORS},
    auth=PUBLIC,
)
def cancel_with_token(request: ApiRequest, payload: TokenIn) -> Registration:
    """Cancel with the token of the cancellation link (no account needed); 404
    `invalid_link` for a wrong token, 409 `registration_cancelled` the second time, 410
    `link_expired` once the event is over."""
    registration = registrations.registration_from_token(payload.token)
    return registrations.registration_cancel(registration=registration, by=None)


@router.post(
    "/registrations/{int:registration_id}/cancel",
    response={200: RegistrationOut, **WRITE_ERRORS},
)
def cancel_registration(request: AuthedApiRequest, registration_id: int) -> Registration:
    """Cancel a registration (its member, or the event's concierges); the seat goes to
    the first person on the waitlist."""
    registration = registration_get_manageable(pk=registration_id, user=request.auth)
    return registrations.registration_cancel(registration=registration, by=request.auth)


# --- Attendance -----------------------------------------------------------------------------


@router.put(
    "/registrations/{int:registration_id}/attendance",
    response={200: RegistrationOut, **WRITE_ERRORS},
)
def mark_attendance(
    request: AuthedApiRequest, registration_id: int, payload: AttendanceIn
) -> Registration:
    """Present or absent, from the day of the event (409 `attendance_too_early`); someone
    from the waitlist who came is confirmed."""
    registration = registration_get_manageable(pk=registration_id, user=request.auth)
    return attendance.attendance_mark(
        registration=registration, by=request.auth, present=payload.present
    )


@router.post("/events/{int:event_id}/walk-ins", response={201: RegistrationOut, **WRITE_ERRORS})
def add_walk_in(request: AuthedApiRequest, event_id: int, payload: WalkInIn) -> Status:
    """Someone who came without registering: confirmed and present."""
    event = event_get_visible(pk=event_id, user=request.auth)
    if not permissions.can_edit_event(request.auth, event):
        raise NotAllowed()
    person = None
    if payload.person_id is not None:
        person = person_get_active(pk=payload.person_id)
        if person is None:
            raise InvalidInput(_("Unknown person."), field="person_id")
    registration = attendance.walk_in_add(
        event=event,
        by=request.auth,
        name=payload.name,
        email=payload.email,
        phone=payload.phone,
        person=person,
        public_category=payload.public_category,
        consent=payload.consent,
    )
    return Status(201, registration)


@router.put(
    "/registrations/{int:registration_id}/public",
    response={200: RegistrationOut, **WRITE_ERRORS},
)
def record_public(request: AuthedApiRequest, registration_id: int, payload: PublicIn) -> Any:
    """The public the person belongs to, for statistics only and with their consent
    (422 `consent_missing`, `bad_vocabulary`)."""
    registration = registration_get_manageable(pk=registration_id, user=request.auth)
    return attendance.public_category_record(
        registration=registration,
        by=request.auth,
        category=payload.category,
        consent=payload.consent,
    )


# --- Reports --------------------------------------------------------------------------------


@router.get(
    "/places/{slug}/activity-report",
    response={200: ActivityReportOut, 403: ErrorOut, **READ_ERRORS},
)
def activity_report(request: AuthedApiRequest, slug: Slug, span: Query[ReportQuery]) -> Any:
    """A place's figures over a period, both days included, for its funders (its
    concierges): sessions, hours of mediation, registrations, attendance, people."""
    place = place_get_active(slug=slug)
    if not permissions.can_view_activity_report(request.auth, place.pk):
        raise NotAllowed()
    if span.end < span.start:
        raise InvalidInput(_("The end of the period is before its start."), field="end")
    return reports.activity_report(place=place, start=span.start, end=span.end)
