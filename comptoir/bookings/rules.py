"""The rules a booking must follow before it may take a slot (checked in this order, so the
message names the first thing to fix): times, who may book, how far ahead, deadline,
slots and duration, opening hours, training."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.utils.translation import gettext as _

from comptoir.bookings.exceptions import (
    BadDuration,
    BadSlot,
    EndBeforeStart,
    InThePast,
    NotBookable,
    OutsideOpeningHours,
    TooFarAhead,
    TooLate,
    TrainingRequired,
)
from comptoir.bookings.models import Qualification, Resource, Training
from comptoir.community.models import (
    CONCIERGE_ROLES,
    Affiliation,
    Organization,
    Person,
    PlaceRole,
)
from comptoir.places.opening_hours import place_open_state

# How far ahead a partner structure may book when the resource does not say.
PARTNER_HORIZON_DAYS = 90


def roles_here(person: Person, resource: Resource, on: datetime) -> set[str]:
    """The roles the person holds in the resource's place on the day booked."""
    day = on.astimezone(ZoneInfo(resource.place.timezone)).date()
    return set(
        PlaceRole.objects.current(on=day)
        .filter(person_id=person.pk, place_id=resource.place_id)
        .values_list("role", flat=True)
    )


def is_partner_booking(
    person: Person, resource: Resource, organization: Organization | None
) -> bool:
    if organization is None:
        return False
    partner = resource.partners.filter(pk=organization.pk).exists()
    return (
        partner
        and Affiliation.objects.filter(person_id=person.pk, organization=organization).exists()
    )


def check_times(start: datetime, end: datetime, now: datetime) -> None:
    if end <= start:
        raise EndBeforeStart(field="end")
    if start < now:
        raise InThePast(field="start")


def check_who(
    resource: Resource, roles: set[str], partner: bool, organization: Organization | None
) -> None:
    if not resource.is_active:
        raise NotBookable(_("This resource cannot be booked at the moment."))
    if organization is not None and not partner:
        raise NotBookable(
            _("%(structure)s may not book this resource: it is not one of its partners.")
            % {"structure": organization.name},
            field="organization",
        )
    if roles & CONCIERGE_ROLES or partner:
        return
    if not roles & set(resource.allowed_roles):
        raise NotBookable()


def horizon_days(resource: Resource, roles: set[str], partner: bool) -> int | None:
    """Days ahead this person may book; None for no limit (concierges)."""
    if roles & CONCIERGE_ROLES:
        return None
    limits = [int(resource.horizon_days.get(role, 0)) for role in roles]
    if partner:
        limits.append(int(resource.horizon_days.get("partner", PARTNER_HORIZON_DAYS)))
    return max(limits, default=0)


def check_horizon(resource: Resource, start: datetime, now: datetime, days: int | None) -> None:
    if days is not None and start > now + timedelta(days=days):
        raise TooFarAhead(
            _("You may book at most %(days)s days ahead here.") % {"days": days}, field="start"
        )


def check_deadline(resource: Resource, start: datetime, now: datetime) -> None:
    if start - now < timedelta(minutes=resource.book_before_minutes):
        raise TooLate(
            _("Book at least %(minutes)s minutes before the start.")
            % {"minutes": resource.book_before_minutes},
            field="start",
        )


def check_slots(resource: Resource, start: datetime, end: datetime, tz: ZoneInfo) -> None:
    local = start.astimezone(tz)
    minutes = (end - start).total_seconds() / 60
    from_midnight = local.hour * 60 + local.minute
    step = resource.slot_minutes
    if local.second or local.microsecond or from_midnight % step or minutes % step:
        raise BadSlot(
            _("Bookings start and end on %(step)s-minute slots.") % {"step": step}, field="start"
        )
    if not resource.min_minutes <= minutes <= resource.max_minutes:
        raise BadDuration(
            _("A booking lasts from %(min)s to %(max)s minutes here.")
            % {"min": resource.min_minutes, "max": resource.max_minutes},
            field="end",
        )


def check_opening_hours(resource: Resource, start: datetime, end: datetime) -> None:
    """The place must be open from the start to the end (unknown hours allow anything)."""
    place = resource.place
    state = place_open_state(place, start)
    if not state.is_known:
        return
    if not state.is_open or (state.next_change is not None and state.next_change < end):
        raise OutsideOpeningHours(field="start")


def qualification_valid(granted_on: date, expires_on: date | None, day: date) -> bool:
    """A qualification counts from the day it was granted until its expiry, included."""
    return granted_on <= day and (expires_on is None or expires_on >= day)


def holds_training(person: Person, training: Training, day: date) -> bool:
    found = Qualification.objects.filter(person_id=person.pk, training=training).first()
    return found is not None and qualification_valid(found.granted_on, found.expires_on, day)


def check_training(resource: Resource, person: Person, on: datetime) -> None:
    training = resource.required_training
    if training is None:
        return
    # The day of the booking where the place is (a UTC `on` may still be the day before).
    day = on.astimezone(ZoneInfo(resource.place.timezone)).date()
    if not holds_training(person, training, day):
        raise TrainingRequired(
            _("%(resource)s can only be booked after the training “%(training)s”.")
            % {"resource": resource.name, "training": training.name},
            training=training,
        )


def usual_length(resource: Resource) -> int:
    """The length the booking form proposes, in minutes: the resource's usual one, kept
    within its shortest and longest bookings and rounded up to its slots."""
    step = resource.slot_minutes
    minutes = min(max(resource.usual_minutes, resource.min_minutes), resource.max_minutes)
    rounded = max(-(-minutes // step) * step, step)
    return rounded if rounded <= resource.max_minutes else max(rounded - step, step)


def check_all(
    *,
    resource: Resource,
    person: Person,
    start: datetime,
    end: datetime,
    now: datetime,
    organization: Organization | None = None,
) -> tuple[set[str], bool]:
    """Every rule, in order; raises the first one broken. Returns the person's roles on
    that day and whether it is a partner structure's booking (pricing needs both)."""
    check_times(start, end, now)
    roles = roles_here(person, resource, start)
    partner = is_partner_booking(person, resource, organization)
    check_who(resource, roles, partner, organization)
    check_horizon(resource, start, now, horizon_days(resource, roles, partner))
    check_deadline(resource, start, now)
    check_slots(resource, start, end, ZoneInfo(resource.place.timezone))
    check_opening_hours(resource, start, end)
    check_training(resource, person, start)
    return roles, partner
