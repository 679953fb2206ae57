"""Events: scheduled, edited, moved and cancelled by the place's concierges (and edited by
their organizer). An event in a space holds it: through the bookings service when the space
is bookable (same constraint as members' bookings), else under a row lock on the space
against the other events there."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from comptoir.agenda.audit import Verb
from comptoir.agenda.exceptions import BadVocabulary, EventCancelled, EventPast, SpaceTaken
from comptoir.agenda.models import Event, EventKind, EventSeries, Registration
from comptoir.bookings import holds, rules
from comptoir.bookings.exceptions import InThePast, ResourceFull, SlotTaken
from comptoir.community import permissions
from comptoir.community.models import Organization, Person
from comptoir.core import mediation
from comptoir.core.exceptions import InvalidInput, NotAllowed
from comptoir.core.services import audit_record
from comptoir.core.types import Actor
from comptoir.places.models import Place, Space

MAX_OCCURRENCES = 52


@dataclass
class EventInput:
    """What describes an event, as forms and the API hand it over."""

    title: str
    kind: str
    start: datetime
    end: datetime
    space: Space | None = None
    summary: str = ""
    description: str = ""
    capacity: int | None = None
    price_cents: int = 0
    publics: list[str] = field(default_factory=list)
    services: list[str] = field(default_factory=list)
    accessibility: str = ""
    organizer_person: Person | None = None
    organizer_organization: Organization | None = None
    registration_required: bool = True
    is_public: bool = True


FIELDS = [f.name for f in dataclasses.fields(EventInput)]
# What a series shares: everything but its dates.
SERIES_FIELDS = [name for name in FIELDS if name not in ("start", "end", "space")]


def event_input(event: Event, **changes: Any) -> EventInput:
    """The event as an input, with some fields changed (for partial updates)."""
    values = {name: getattr(event, name) for name in FIELDS}
    values.update(changes)
    return EventInput(**values)


def _validate(place: Place, data: EventInput) -> None:
    data.title = data.title.strip()
    if not data.title:
        raise InvalidInput(_("Give the event a title."), field="title")
    if data.kind not in EventKind.values:
        raise BadVocabulary(field="kind")
    if not set(data.publics) <= set(mediation.PUBLICS):
        raise BadVocabulary(field="publics")
    if not set(data.services) <= set(mediation.SERVICES):
        raise BadVocabulary(field="services")
    if data.space is not None and data.space.place_id != place.pk:
        raise InvalidInput(_("This space is not in this place."), field="space")
    if data.capacity is not None:
        if data.capacity < 1:
            raise InvalidInput(_("An event has at least one seat."), field="capacity")
        if data.space is not None and data.capacity > data.space.capacity:
            raise InvalidInput(
                _("This space holds at most %(count)s people.") % {"count": data.space.capacity},
                field="capacity",
            )
    if data.price_cents < 0:
        raise InvalidInput(_("A price cannot be negative."), field="price_cents")


def _check_times(start: datetime, end: datetime, now: datetime) -> None:
    rules.check_times(start, end, now)
    if end - start > holds.LONGEST_HOLD:
        raise holds.HoldTooLong(field="end")


def _space_busy(space: Space, start: datetime, end: datetime, exclude: int | None) -> bool:
    """Another scheduled event in a space that is not bookable (checked under its lock)."""
    Space.objects.select_for_update().filter(pk=space.pk).values_list("pk").first()
    others = Event.objects.scheduled().filter(space=space, start__lt=end, end__gt=start)
    if exclude is not None:
        others = others.exclude(pk=exclude)
    return others.exists()


def _hold(event: Event, by: Actor, now: datetime) -> None:
    """Take the event's space for its times (the event has no hold yet)."""
    if event.space is None:
        return
    resource = holds.space_resource(event.space.pk)
    if resource is None:
        if _space_busy(event.space, event.start, event.end, exclude=event.pk):
            raise SpaceTaken(field="start")
        return
    try:
        event.booking = holds.hold_create(
            resource=resource, start=event.start, end=event.end, by=by, title=event.title, now=now
        )
    except (SlotTaken, ResourceFull) as error:
        raise SpaceTaken(field="start") from error


def _move_hold(event: Event, space_changed: bool, by: Actor, now: datetime) -> None:
    if event.booking is not None and not space_changed:
        try:
            holds.hold_move(booking=event.booking, start=event.start, end=event.end, now=now)
        except (SlotTaken, ResourceFull) as error:
            raise SpaceTaken(field="start") from error
        return
    if event.booking is not None:
        holds.hold_release(booking=event.booking, now=now)
        event.booking = None
    _hold(event, by, now)


@transaction.atomic
def event_create(
    *,
    place: Place,
    by: Actor,
    data: EventInput,
    series: EventSeries | None = None,
    now: datetime | None = None,
) -> Event:
    """Put an event in the agenda, holding its space; raises a DomainError otherwise."""
    now = now or timezone.now()
    if not permissions.can_schedule_events(by, place.pk):
        raise NotAllowed()
    _validate(place, data)
    _check_times(data.start, data.end, now)
    event = Event(
        place=place,
        series=series,
        slug=slugify(data.title)[:80],
        created_by=by if getattr(by, "pk", None) else None,
        **{name: getattr(data, name) for name in FIELDS},
    )
    _hold(event, by, now)
    event.save()
    audit_record(actor=by, verb=Verb.EVENT_CREATED, target=event, place=place)
    return event


@transaction.atomic
def event_update(
    *, event: Event, by: Actor, data: EventInput, now: datetime | None = None
) -> Event:
    """Change an event; a change of times or space moves its hold, a change of seats
    promotes the waitlist (and cannot go below the people already confirmed)."""
    now = now or timezone.now()
    event = Event.objects.select_for_update(of=("self",)).select_related("booking").get(pk=event.pk)
    if not permissions.can_edit_event(by, event):
        raise NotAllowed()
    if event.is_cancelled:
        raise EventCancelled()
    place = event.place
    _validate(place, data)
    moved = (data.start, data.end) != (event.start, event.end)
    space_changed = getattr(data.space, "pk", None) != event.space_id
    if moved:
        _check_times(data.start, data.end, now)
    _check_seats(event, data.capacity)
    for name in FIELDS:
        setattr(event, name, getattr(data, name))
    event.slug = slugify(event.title)[:80]
    if moved or space_changed:
        _move_hold(event, space_changed, by, now)
    event.save()
    from comptoir.agenda.services import registrations

    registrations.waitlist_promote(event, now=now)
    audit_record(
        actor=by,
        verb=Verb.EVENT_UPDATED,
        target=event,
        place=place,
        data={"start": event.start.isoformat(), "end": event.end.isoformat()},
    )
    return event


@transaction.atomic
def event_update_with_series(
    *, event: Event, by: Actor, data: EventInput, series_too: bool, now: datetime | None = None
) -> int:
    """Change an event and, with `series_too`, carry the fields a series shares to its
    coming events, all or nothing; returns how many events were updated."""
    now = now or timezone.now()
    event_update(event=event, by=by, data=data, now=now)
    series = event.series
    if not series_too or series is None:
        return 1
    changes = {name: getattr(data, name) for name in SERIES_FIELDS}
    return len(series_update(series=series, by=by, changes=changes, now=now))


def _check_seats(event: Event, capacity: int | None) -> None:
    if capacity is None:
        return
    confirmed = event.registrations.filter(status=Registration.Status.CONFIRMED).count()
    if capacity < confirmed:
        raise InvalidInput(
            _("%(count)s people are already registered: keep at least %(count)s seats.")
            % {"count": confirmed},
            field="capacity",
        )


@transaction.atomic
def event_cancel(*, event: Event, by: Actor, now: datetime | None = None) -> Event:
    """Cancel an event: its space is given back and the people registered are told."""
    now = now or timezone.now()
    event = Event.objects.select_for_update(of=("self",)).select_related("booking").get(pk=event.pk)
    if not permissions.can_edit_event(by, event):
        raise NotAllowed()
    if event.is_cancelled:
        raise EventCancelled()
    if event.start <= now:
        raise EventPast()
    event.status = Event.Status.CANCELLED
    event.cancelled_at = now
    event.save(update_fields=["status", "cancelled_at", "updated_at"])
    if event.booking is not None:
        holds.hold_release(booking=event.booking, now=now)
    from comptoir.agenda import tasks

    transaction.on_commit(lambda: tasks.notify_event_cancelled.enqueue(event.pk))
    audit_record(actor=by, verb=Verb.EVENT_CANCELLED, target=event, place=event.place)
    return event


# --- series ------------------------------------------------------------------------------


@dataclass
class Occurrence:
    start: datetime
    end: datetime
    conflict: str = ""  # why it cannot be held, when it cannot


def occurrences(
    data: EventInput, *, place: Place, every_weeks: int, until: date | None = None,
    count: int | None = None,
) -> list[Occurrence]:  # fmt: skip
    """The dates of a series: every N weeks from the first, until a date or N times
    (at most MAX_OCCURRENCES), at the same local time of the place even across a change
    of hour."""
    if every_weeks < 1:
        raise InvalidInput(_("Repeat at least every week."), field="every_weeks")
    if until is None and not count:
        raise InvalidInput(_("Say until when, or how many times."), field="count")
    tz = ZoneInfo(place.timezone)
    local_start, local_end = data.start.astimezone(tz), data.end.astimezone(tz)
    found: list[Occurrence] = []
    step = timedelta(weeks=every_weeks)
    for index in range(MAX_OCCURRENCES + 1):
        start = (local_start.replace(tzinfo=None) + step * index).replace(tzinfo=tz)
        end = (local_end.replace(tzinfo=None) + step * index).replace(tzinfo=tz)
        if until is not None and start.date() > until:
            break
        if count and index >= count:
            break
        found.append(Occurrence(start, end))
    if len(found) > MAX_OCCURRENCES:
        raise InvalidInput(
            _("A series has at most %(count)s events.") % {"count": MAX_OCCURRENCES},
            field="count",
        )
    return found


def series_preview(
    *, place: Place, by: Actor, data: EventInput, every_weeks: int, until: date | None = None,
    count: int | None = None, now: datetime | None = None,
) -> list[Occurrence]:  # fmt: skip
    """Each date of the series and, when its space is taken then, why: nothing is saved."""
    now = now or timezone.now()
    if not permissions.can_schedule_events(by, place.pk):
        raise NotAllowed()
    _validate(place, data)
    found = occurrences(data, place=place, every_weeks=every_weeks, until=until, count=count)
    for occurrence in found:
        try:
            with transaction.atomic():
                single = dataclasses.replace(data, start=occurrence.start, end=occurrence.end)
                event_create(place=place, by=by, data=single, now=now)
                transaction.set_rollback(True)
        except (SpaceTaken, InThePast, holds.HoldTooLong) as error:
            occurrence.conflict = error.message
    return found


@transaction.atomic
def series_create(
    *, place: Place, by: Actor, data: EventInput, every_weeks: int, until: date | None = None,
    count: int | None = None, skip_conflicts: bool = False, now: datetime | None = None,
) -> tuple[EventSeries, list[Event], list[Occurrence]]:  # fmt: skip
    """Schedule a series. With `skip_conflicts`, the dates whose space is taken are left
    out (and returned); without, the first conflict refuses the whole series."""
    now = now or timezone.now()
    if not permissions.can_schedule_events(by, place.pk):
        raise NotAllowed()
    _validate(place, data)
    found = occurrences(data, place=place, every_weeks=every_weeks, until=until, count=count)
    series = EventSeries.objects.create(place=place, title=data.title, every_weeks=every_weeks)
    events: list[Event] = []
    skipped: list[Occurrence] = []
    for occurrence in found:
        single = dataclasses.replace(data, start=occurrence.start, end=occurrence.end)
        try:
            with transaction.atomic():
                events.append(event_create(place=place, by=by, data=single, series=series, now=now))
        except (SpaceTaken, InThePast) as error:
            if not skip_conflicts:
                raise
            occurrence.conflict = error.message
            skipped.append(occurrence)
    if not events:
        raise SpaceTaken(_("No date of this series is free."), field="start")
    return series, events, skipped


@transaction.atomic
def series_update(
    *, series: EventSeries, by: Actor, changes: dict[str, Any], now: datetime | None = None
) -> list[Event]:
    """Apply `changes` (anything but dates and space) to every event of the series still
    to come; each event can then be edited on its own."""
    now = now or timezone.now()
    if not permissions.can_schedule_events(by, series.place_id):
        raise NotAllowed()
    unknown = set(changes) - set(SERIES_FIELDS)
    if unknown:
        raise InvalidInput(_("These fields are not shared by a series."), field=sorted(unknown)[0])
    coming = list(series.events.scheduled().filter(start__gt=now).order_by("start"))
    updated = [
        event_update(event=event, by=by, data=event_input(event, **changes), now=now)
        for event in coming
    ]
    if "title" in changes:
        series.title = str(changes["title"]).strip()
        series.save(update_fields=["title", "updated_at"])
    return updated


@transaction.atomic
def series_cancel(*, series: EventSeries, by: Actor, now: datetime | None = None) -> list[Event]:
    """Cancel every event of the series still to come."""
    now = now or timezone.now()
    if not permissions.can_schedule_events(by, series.place_id):
        raise NotAllowed()
    coming = series.events.scheduled().filter(start__gt=now).order_by("start")
    return [event_cancel(event=event, by=by, now=now) for event in coming]
