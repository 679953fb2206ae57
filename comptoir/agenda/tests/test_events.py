"""The events service: an event holds its space through a booking (so it never collides
with members' bookings), moves and frees it, schedules series around conflicts, and
refuses bad input with a stable code on the right field, saving nothing."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

import pytest

from comptoir.agenda.exceptions import BadVocabulary, EventCancelled, EventPast, SpaceTaken
from comptoir.agenda.models import Event, EventKind, EventSeries, Registration
from comptoir.agenda.services import events as services
from comptoir.agenda.services.events import EventInput
from comptoir.agenda.services.registrations import register_member
from comptoir.bookings.exceptions import EndBeforeStart, InThePast, SlotTaken
from comptoir.bookings.holds import HoldTooLong
from comptoir.bookings.models import Booking
from comptoir.bookings.tests.helpers import MONDAY, NOW, at, book, member
from comptoir.community.models import Role
from comptoir.core.exceptions import DomainError, InvalidInput, NotAllowed
from comptoir.core.mediation import PUBLICS, SERVICES
from comptoir.places.tests.factories import SpaceFactory


def workshop_input(space: Any, start: dt.datetime, **changes: Any) -> EventInput:
    values: dict[str, Any] = {
        "title": "Atelier : premiers pas sur ordinateur",
        "kind": EventKind.WORKSHOP,
        "start": start,
        "end": start + dt.timedelta(hours=2),
        "space": space,
        "capacity": 10,
        "publics": [PUBLICS[3]],
        "services": [SERVICES[1]],
    }
    values.update(changes)
    return EventInput(**values)


@pytest.fixture
def resident(place: Any) -> Any:
    return member(place, Role.RESIDENT)


def nothing_saved() -> None:
    assert not Event.objects.exists()
    assert not EventSeries.objects.exists()
    assert not Booking.objects.exists()


# --- The hold ---------------------------------------------------------------------------


def test_an_event_holds_its_bookable_space_with_a_booking_of_every_seat(
    make_event: Any, epn_resource: Any, concierge: Any
) -> None:
    event = make_event(start=at(MONDAY, 10), end=at(MONDAY, 12), now=NOW)

    hold = event.booking
    assert hold is not None
    assert hold.resource == epn_resource
    assert hold.seats == epn_resource.capacity
    assert (hold.start, hold.end) == (event.start, event.end)
    assert hold.status == Booking.Status.CONFIRMED
    assert hold.person == concierge


def test_a_member_cannot_book_the_slot_an_event_holds(
    make_event: Any, epn_resource: Any, resident: Any
) -> None:
    make_event(start=at(MONDAY, 10), end=at(MONDAY, 12), now=NOW)

    with pytest.raises(SlotTaken):
        book(epn_resource, resident, at(MONDAY, 11))
    assert Booking.objects.filter(person=resident).count() == 0
    # Right after the event, the room is free again.
    assert book(epn_resource, resident, at(MONDAY, 12)).status == Booking.Status.CONFIRMED


def test_an_event_cannot_take_a_slot_a_member_booked(
    make_event: Any, epn_resource: Any, resident: Any
) -> None:
    book(epn_resource, resident, at(MONDAY, 11))

    with pytest.raises(SpaceTaken) as refusal:
        make_event(start=at(MONDAY, 10), end=at(MONDAY, 12), now=NOW)
    assert refusal.value.field == "start"
    assert refusal.value.code == "space_taken"
    assert not Event.objects.exists()
    assert Booking.objects.count() == 1


def test_moving_an_event_moves_its_hold_and_frees_the_old_slot(
    make_event: Any, epn_resource: Any, resident: Any, concierge: Any
) -> None:
    event = make_event(start=at(MONDAY, 10), end=at(MONDAY, 12), now=NOW)
    hold_pk = event.booking.pk

    moved = services.event_update(
        event=event,
        by=concierge,
        data=services.event_input(event, start=at(MONDAY, 14), end=at(MONDAY, 16)),
        now=NOW,
    )

    hold = Booking.objects.get(pk=hold_pk)
    assert moved.booking_id == hold_pk
    assert (hold.start, hold.end) == (at(MONDAY, 14), at(MONDAY, 16))
    assert book(epn_resource, resident, at(MONDAY, 10)).status == Booking.Status.CONFIRMED
    with pytest.raises(SlotTaken):
        book(epn_resource, resident, at(MONDAY, 15))


def test_moving_an_event_onto_a_booking_is_refused_and_keeps_it_where_it_was(
    make_event: Any, epn_resource: Any, resident: Any, concierge: Any
) -> None:
    event = make_event(start=at(MONDAY, 10), end=at(MONDAY, 12), now=NOW)
    book(epn_resource, resident, at(MONDAY, 15))

    with pytest.raises(SpaceTaken):
        services.event_update(
            event=event,
            by=concierge,
            data=services.event_input(event, start=at(MONDAY, 14), end=at(MONDAY, 16)),
            now=NOW,
        )
    event.refresh_from_db()
    event.booking.refresh_from_db()
    assert (event.start, event.booking.start) == (at(MONDAY, 10), at(MONDAY, 10))


def test_moving_an_event_to_a_space_without_resource_releases_its_hold(
    make_event: Any, place: Any, concierge: Any
) -> None:
    event = make_event(start=at(MONDAY, 10), end=at(MONDAY, 12), now=NOW)
    hold = event.booking
    hall = SpaceFactory(place=place, name="Grande salle", capacity=40)

    moved = services.event_update(
        event=event, by=concierge, data=services.event_input(event, space=hall), now=NOW
    )

    hold.refresh_from_db()
    assert hold.status == Booking.Status.CANCELLED
    assert moved.booking is None
    assert moved.space == hall


def test_cancelling_an_event_releases_its_space(
    make_event: Any, epn_resource: Any, resident: Any, concierge: Any
) -> None:
    event = make_event(start=at(MONDAY, 10), end=at(MONDAY, 12), now=NOW)

    services.event_cancel(event=event, by=concierge, now=NOW)

    event.refresh_from_db()
    event.booking.refresh_from_db()
    assert event.status == Event.Status.CANCELLED
    assert event.cancelled_at == NOW
    assert event.booking.status == Booking.Status.CANCELLED
    assert book(epn_resource, resident, at(MONDAY, 10)).status == Booking.Status.CONFIRMED
    with pytest.raises(EventCancelled):
        services.event_cancel(event=event, by=concierge, now=NOW)


def test_a_space_without_bookable_resource_refuses_two_overlapping_events(
    place: Any, concierge: Any
) -> None:
    hall = SpaceFactory(place=place, name="Grande salle", capacity=40)
    services.event_create(
        place=place, by=concierge, data=workshop_input(hall, at(MONDAY, 10)), now=NOW
    )

    with pytest.raises(SpaceTaken) as refusal:
        services.event_create(
            place=place, by=concierge, data=workshop_input(hall, at(MONDAY, 11)), now=NOW
        )
    assert refusal.value.field == "start"
    assert Event.objects.count() == 1
    # Back to back is fine, and so is an event with no space at all.
    services.event_create(
        place=place, by=concierge, data=workshop_input(hall, at(MONDAY, 12)), now=NOW
    )
    services.event_create(
        place=place, by=concierge, data=workshop_input(None, at(MONDAY, 10)), now=NOW
    )
    assert Event.objects.count() == 3
    assert not Booking.objects.exists()


def test_a_cancelled_event_no_longer_holds_a_space_without_resource(
    place: Any, concierge: Any
) -> None:
    hall = SpaceFactory(place=place, name="Grande salle", capacity=40)
    first = services.event_create(
        place=place, by=concierge, data=workshop_input(hall, at(MONDAY, 10)), now=NOW
    )
    services.event_cancel(event=first, by=concierge, now=NOW)

    again = services.event_create(
        place=place, by=concierge, data=workshop_input(hall, at(MONDAY, 10)), now=NOW
    )
    assert again.status == Event.Status.SCHEDULED


# --- Series -------------------------------------------------------------------------------


def test_a_series_preview_lists_each_date_and_its_conflict_and_saves_nothing(
    place: Any, concierge: Any, epn_space: Any, epn_resource: Any, resident: Any
) -> None:
    week = dt.timedelta(weeks=1)
    taken = book(epn_resource, resident, at(MONDAY + 2 * week, 10, 30))

    preview = services.series_preview(
        place=place,
        by=concierge,
        data=workshop_input(epn_space, at(MONDAY, 10)),
        every_weeks=1,
        count=6,
        now=NOW,
    )

    assert [o.start for o in preview] == [at(MONDAY + i * week, 10) for i in range(6)]
    assert [bool(o.conflict) for o in preview] == [False, False, True, False, False, False]
    assert preview[2].conflict == str(SpaceTaken.default_message)
    assert not Event.objects.exists()
    assert not EventSeries.objects.exists()
    assert list(Booking.objects.all()) == [taken]


def test_a_series_skipping_conflicts_schedules_the_free_dates(
    place: Any, concierge: Any, epn_space: Any, epn_resource: Any, resident: Any
) -> None:
    week = dt.timedelta(weeks=1)
    book(epn_resource, resident, at(MONDAY + 2 * week, 10, 30))

    series, events, skipped = services.series_create(
        place=place,
        by=concierge,
        data=workshop_input(epn_space, at(MONDAY, 10)),
        every_weeks=1,
        count=6,
        skip_conflicts=True,
        now=NOW,
    )

    assert [e.start for e in events] == [at(MONDAY + i * week, 10) for i in (0, 1, 3, 4, 5)]
    assert [o.start for o in skipped] == [at(MONDAY + 2 * week, 10)]
    assert all(e.series == series and e.booking is not None for e in events)
    assert series.every_weeks == 1
    assert Booking.objects.filter(event__isnull=False).count() == 5


def test_a_series_without_skipping_refuses_whole_on_a_conflict(
    place: Any, concierge: Any, epn_space: Any, epn_resource: Any, resident: Any
) -> None:
    book(epn_resource, resident, at(MONDAY + dt.timedelta(weeks=4), 10))

    with pytest.raises(SpaceTaken):
        services.series_create(
            place=place,
            by=concierge,
            data=workshop_input(epn_space, at(MONDAY, 10)),
            every_weeks=1,
            count=6,
            now=NOW,
        )
    assert not Event.objects.exists()
    assert not EventSeries.objects.exists()
    assert Booking.objects.count() == 1


def test_a_series_every_two_weeks_until_a_date(place: Any, concierge: Any, epn_space: Any) -> None:
    _series, events, _skipped = services.series_create(
        place=place,
        by=concierge,
        data=workshop_input(epn_space, at(MONDAY, 10)),
        every_weeks=2,
        until=MONDAY + dt.timedelta(weeks=5),
        now=NOW,
    )

    assert [e.start for e in events] == [at(MONDAY + dt.timedelta(weeks=w), 10) for w in (0, 2, 4)]


def test_series_update_changes_the_coming_events_only(
    place: Any, concierge: Any, epn_space: Any
) -> None:
    series, events, _ = services.series_create(
        place=place,
        by=concierge,
        data=workshop_input(epn_space, at(MONDAY, 10)),
        every_weeks=1,
        count=3,
        now=NOW,
    )
    after_the_first = at(MONDAY, 20)

    updated = services.series_update(
        series=series,
        by=concierge,
        changes={"title": "Atelier tablette", "capacity": 8, "services": [SERVICES[0]]},
        now=after_the_first,
    )

    assert [e.pk for e in updated] == [events[1].pk, events[2].pk]
    titles = list(Event.objects.order_by("start").values_list("title", "capacity", "services"))
    assert titles == [
        ("Atelier : premiers pas sur ordinateur", 10, [SERVICES[1]]),
        ("Atelier tablette", 8, [SERVICES[0]]),
        ("Atelier tablette", 8, [SERVICES[0]]),
    ]
    series.refresh_from_db()
    assert series.title == "Atelier tablette"
    # Dates are each event's own.
    with pytest.raises(InvalidInput) as refusal:
        services.series_update(
            series=series, by=concierge, changes={"start": at(MONDAY, 9)}, now=after_the_first
        )
    assert refusal.value.field == "start"


def test_a_series_over_the_change_of_hour_keeps_its_local_time(place: Any, concierge: Any) -> None:
    # Europe/Paris leaves summer time on the last Sunday of October.
    year = NOW.year + 1
    october_end = dt.date(year, 10, 31)
    last_sunday = october_end - dt.timedelta(days=(october_end.weekday() + 1) % 7)
    first = last_sunday - dt.timedelta(days=13)  # a Monday two weeks before
    # Given in UTC (as the API and the database hand it over): the place's time is kept.
    data = workshop_input(None, at(first, 10).astimezone(dt.UTC))
    found = services.occurrences(data, place=place, every_weeks=1, count=4)
    assert [o.start.hour for o in found] == [10, 10, 10, 10]
    assert found[0].start.utcoffset() != found[3].start.utcoffset()


def test_a_series_asks_when_it_ends_and_has_at_most_52_dates(
    place: Any, concierge: Any, epn_space: Any
) -> None:
    data = workshop_input(epn_space, at(MONDAY, 10))
    for kwargs, field in (
        ({"every_weeks": 1}, "count"),
        ({"every_weeks": 0, "count": 3}, "every_weeks"),
        ({"every_weeks": 1, "count": 60}, "count"),
        ({"every_weeks": 1, "until": MONDAY + dt.timedelta(weeks=60)}, "count"),
    ):
        with pytest.raises(InvalidInput) as refusal:
            services.series_create(place=place, by=concierge, data=data, now=NOW, **kwargs)
        assert refusal.value.field == field
    nothing_saved()


# --- Who may ---------------------------------------------------------------------------


def test_only_concierges_schedule_and_the_organizer_may_edit(
    place: Any, concierge: Any, epn_space: Any, resident: Any, sister_concierge: Any
) -> None:
    for who in (resident, sister_concierge):
        with pytest.raises(NotAllowed):
            services.event_create(
                place=place, by=who, data=workshop_input(epn_space, at(MONDAY, 10)), now=NOW
            )
    nothing_saved()
    event = services.event_create(
        place=place,
        by=concierge,
        data=workshop_input(epn_space, at(MONDAY, 10), organizer_person=resident),
        now=NOW,
    )
    edited = services.event_update(
        event=event, by=resident, data=services.event_input(event, title="Atelier mail"), now=NOW
    )
    assert edited.title == "Atelier mail"
    with pytest.raises(NotAllowed):
        services.event_cancel(event=event, by=sister_concierge, now=NOW)


# --- Bad input ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "error", "field"),
    [
        ({"kind": "apero"}, BadVocabulary, "kind"),
        ({"publics": ["Retraités"]}, BadVocabulary, "publics"),
        ({"services": ["Jardinage"]}, BadVocabulary, "services"),
        ({"title": "   "}, InvalidInput, "title"),
        ({"capacity": 13}, InvalidInput, "capacity"),
        ({"capacity": 0}, InvalidInput, "capacity"),
        ({"price_cents": -100}, InvalidInput, "price_cents"),
        ({"end": at(MONDAY, 9)}, EndBeforeStart, "end"),
        ({"end": at(MONDAY, 10)}, EndBeforeStart, "end"),
        ({"start": at(MONDAY - dt.timedelta(days=7), 10)}, InThePast, "start"),
        ({"end": at(MONDAY + dt.timedelta(days=4), 10)}, HoldTooLong, "end"),
    ],
)
def test_bad_input_is_refused_on_its_field_and_nothing_is_saved(
    place: Any, concierge: Any, epn_space: Any, changes: dict[str, Any], error: Any, field: str
) -> None:
    data = workshop_input(epn_space, at(MONDAY, 10))
    if "start" in changes:
        changes["end"] = changes["start"] + dt.timedelta(hours=2)
    data = dataclasses.replace(data, **changes)

    with pytest.raises(error) as refusal:
        services.event_create(place=place, by=concierge, data=data, now=NOW)

    assert refusal.value.field == field
    assert isinstance(refusal.value, DomainError) and refusal.value.message
    nothing_saved()


def test_a_space_of_another_place_is_refused(place: Any, concierge: Any, sister_place: Any) -> None:
    elsewhere = SpaceFactory(place=sister_place)

    with pytest.raises(InvalidInput) as refusal:
        services.event_create(
            place=place, by=concierge, data=workshop_input(elsewhere, at(MONDAY, 10)), now=NOW
        )
    assert refusal.value.field == "space"
    nothing_saved()


def test_seats_cannot_go_below_the_people_confirmed(
    make_event: Any, place: Any, concierge: Any
) -> None:
    event = make_event(start=at(MONDAY, 10), end=at(MONDAY, 12), capacity=3, now=NOW)
    for _ in range(3):
        register_member(event=event, person=member(place), now=NOW)

    with pytest.raises(InvalidInput) as refusal:
        services.event_update(
            event=event, by=concierge, data=services.event_input(event, capacity=2), now=NOW
        )
    assert refusal.value.field == "capacity"
    event.refresh_from_db()
    assert event.capacity == 3
    confirmed = event.registrations.filter(status=Registration.Status.CONFIRMED).count()
    assert confirmed == 3


def test_more_seats_promote_the_waitlist(make_event: Any, place: Any, concierge: Any) -> None:
    event = make_event(start=at(MONDAY, 10), end=at(MONDAY, 12), capacity=1, now=NOW)
    register_member(event=event, person=member(place), now=NOW)
    waiting = register_member(event=event, person=member(place), now=NOW)
    assert waiting.status == Registration.Status.WAITLISTED

    services.event_update(
        event=event, by=concierge, data=services.event_input(event, capacity=2), now=NOW
    )

    waiting.refresh_from_db()
    assert waiting.status == Registration.Status.CONFIRMED


def test_a_cancelled_event_cannot_be_edited(make_event: Any, concierge: Any) -> None:
    event = make_event(start=at(MONDAY, 10), end=at(MONDAY, 12), now=NOW)
    services.event_cancel(event=event, by=concierge, now=NOW)

    with pytest.raises(EventCancelled):
        services.event_update(
            event=event, by=concierge, data=services.event_input(event, title="Autre"), now=NOW
        )


def test_only_the_places_concierges_change_or_cancel_a_series(
    place: Any, concierge: Any, epn_space: Any, nomad: Any
) -> None:
    data = workshop_input(epn_space, at(MONDAY, 10))
    series, _events, _skipped = services.series_create(
        place=place, by=concierge, data=data, every_weeks=1, count=2, now=NOW
    )
    with pytest.raises(NotAllowed):
        services.series_update(series=series, by=nomad, changes={"title": "Autre"}, now=NOW)
    with pytest.raises(NotAllowed):
        services.series_cancel(series=series, by=nomad, now=NOW)
    series.refresh_from_db()
    assert series.title == data.title
    assert series.events.scheduled().count() == 2


def test_an_event_that_has_started_cannot_be_cancelled(
    place: Any, concierge: Any, epn_space: Any
) -> None:
    event = services.event_create(
        place=place, by=concierge, data=workshop_input(epn_space, at(MONDAY, 10)), now=NOW
    )
    with pytest.raises(EventPast):
        services.event_cancel(event=event, by=concierge, now=at(MONDAY, 10, 30))
    event.refresh_from_db()
    assert event.status == event.Status.SCHEDULED


def test_an_event_edited_with_its_series_changes_all_or_nothing(
    place: Any, concierge: Any, epn_space: Any, resident: Any
) -> None:
    data = workshop_input(epn_space, at(MONDAY, 10), organizer_person=resident)
    series, events, _ = services.series_create(
        place=place, by=concierge, data=data, every_weeks=1, count=3, now=NOW
    )
    first = events[0]
    change = services.event_input(first, title="Cycle numérique")

    # The organizer may edit their event, not the series: nothing changes, not even the event.
    with pytest.raises(NotAllowed):
        services.event_update_with_series(
            event=first, by=resident, data=change, series_too=True, now=NOW
        )
    assert set(series.events.values_list("title", flat=True)) == {data.title}

    assert (
        services.event_update_with_series(
            event=first, by=concierge, data=change, series_too=True, now=NOW
        )
        == 3
    )
    assert set(series.events.values_list("title", flat=True)) == {"Cycle numérique"}
    other = services.event_input(events[1], title="Séance spéciale")
    assert (
        services.event_update_with_series(
            event=events[1], by=resident, data=other, series_too=False, now=NOW
        )
        == 1
    )
    assert Event.objects.get(pk=events[2].pk).title == "Cycle numérique"
