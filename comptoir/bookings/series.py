"""Recurring bookings: the same slot every N weeks until a date. The preview lists each
occurrence with what stops it; the free ones can then be booked on their own."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from comptoir.bookings import services
from comptoir.bookings.audit import Verb
from comptoir.bookings.models import Booking, BookingSeries, Resource
from comptoir.community.models import Organization, Person
from comptoir.core.exceptions import DomainError, InvalidInput
from comptoir.core.services import audit_record
from comptoir.core.types import Actor

MAX_OCCURRENCES = 52


@dataclass
class Occurrence:
    start: datetime
    end: datetime
    problem: str = ""
    booking: Booking | None = None

    @property
    def is_free(self) -> bool:
        return not self.problem


def occurrences(
    resource: Resource, start: datetime, end: datetime, *, interval_weeks: int, until: date
) -> list[tuple[datetime, datetime]]:
    """Same local time every `interval_weeks` weeks (so it stays 10:00 across a DST change)."""
    if interval_weeks < 1:
        raise InvalidInput(_("Repeat at least every week."), field="interval_weeks")
    tz = ZoneInfo(resource.place.timezone)
    local_start, local_end = start.astimezone(tz), end.astimezone(tz)
    if until < local_start.date():
        raise InvalidInput(_("The last date must be after the first one."), field="until")
    found = []
    step = timedelta(weeks=interval_weeks)
    day = local_start.date()
    while day <= until:
        first = datetime.combine(day, local_start.time(), tzinfo=tz)
        last = datetime.combine(
            day + (local_end.date() - local_start.date()), local_end.time(), tzinfo=tz
        )
        found.append((first, last))
        if len(found) > MAX_OCCURRENCES:
            raise InvalidInput(
                _("At most %(count)s occurrences at once.") % {"count": MAX_OCCURRENCES},
                field="until",
            )
        day += step
    return found


def check_request(*, organization: Organization | None = None, title: str = "") -> None:
    """A series is booked for the person themselves, without a title: what `series_create`
    books (each occurrence with `booking_create`'s defaults)."""
    if organization is not None:
        raise InvalidInput(_("A repeated booking is for yourself only."), field="organization")
    if title:
        raise InvalidInput(_("A repeated booking has no title."), field="title")


def series_preview(
    *,
    resource: Resource,
    person: Person,
    start: datetime,
    end: datetime,
    interval_weeks: int,
    until: date,
    by: Actor | None,
    now: datetime | None = None,
    organization: Organization | None = None,
    title: str = "",
) -> list[Occurrence]:
    """Each occurrence, with the reason it cannot be booked (conflict, closed, too far…)."""
    check_request(organization=organization, title=title)
    now = now or timezone.now()
    preview = []
    for first, last in occurrences(
        resource, start, end, interval_weeks=interval_weeks, until=until
    ):
        occurrence = Occurrence(first, last)
        try:
            services.booking_quote(
                resource=resource, person=person, start=first, end=last, by=by, now=now
            )
        except DomainError as problem:
            occurrence.problem = problem.message
        preview.append(occurrence)
    return preview


def series_create(
    *,
    resource: Resource,
    person: Person,
    start: datetime,
    end: datetime,
    interval_weeks: int,
    until: date,
    by: Actor | None,
    now: datetime | None = None,
    organization: Organization | None = None,
    title: str = "",
) -> tuple[BookingSeries, list[Occurrence]]:
    """Book every free occurrence (each in its own transaction, so one taken meanwhile does
    not undo the others); the returned occurrences say which were booked and why not."""
    check_request(organization=organization, title=title)
    now = now or timezone.now()
    planned = occurrences(resource, start, end, interval_weeks=interval_weeks, until=until)
    with transaction.atomic():
        series = BookingSeries.objects.create(
            resource=resource, person=person, interval_weeks=interval_weeks, until=until
        )
    result = []
    for first, last in planned:
        occurrence = Occurrence(first, last)
        try:
            occurrence.booking = services.booking_create(
                resource=resource,
                person=person,
                start=first,
                end=last,
                by=by,
                now=now,
                series=series,
            )
        except DomainError as problem:
            occurrence.problem = problem.message
        result.append(occurrence)
    booked = sum(1 for o in result if o.booking is not None)
    audit_record(
        actor=by,
        verb=Verb.BOOKING_SERIES_CREATED,
        target=series,
        place=resource.place,
        data={"booked": booked, "refused": len(result) - booked},
    )
    return series, result
