"""The concierges' event pages: who may open them, what they save, and bad input answered
with a 4xx and a message under the right field, nothing saved."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, override

from comptoir.agenda.exceptions import SpaceTaken
from comptoir.agenda.models import Event, EventKind, EventSeries, Registration
from comptoir.agenda.services import events as services
from comptoir.agenda.services.registrations import Guest, register_guest, register_member
from comptoir.bookings.holds import HoldTooLong
from comptoir.bookings.models import Booking
from comptoir.bookings.tests.helpers import MONDAY, at, book, member
from comptoir.community.models import Role
from comptoir.core.mediation import PUBLICS, SERVICES
from comptoir.places.tests.factories import SpaceFactory


def form_data(space: Any, day: dt.date = MONDAY, **changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "title": "Atelier : premiers pas",
        "kind": EventKind.WORKSHOP,
        "summary": "Souris, clavier, fenêtres.",
        "description": "Pour **débuter**.",
        "date": day.isoformat(),
        "start_time": "10:00",
        "end_time": "12:00",
        "space": space.pk if space is not None else "",
        "capacity": "8",
        "price": "2,50",
        "publics": [PUBLICS[3], PUBLICS[0]],
        "services": [SERVICES[1]],
        "accessibility": "Plain-pied.",
        "registration_required": "on",
        "is_public": "on",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def errors_of(response: Any, field: str) -> list[str]:
    return [str(e) for e in response.context["form"].errors.get(field, [])]


@pytest.fixture
def resident(place: Any) -> Any:
    return member(place, Role.RESIDENT)


# --- Permissions ---------------------------------------------------------------------------


def test_the_pages_are_for_the_place_s_concierges(
    place: Any,
    login: Any,
    concierge: Any,
    nomad: Any,
    sister_concierge: Any,
    make_event: Any,
) -> None:
    event = make_event()
    urls = [
        reverse("agenda:place-manage", args=[place.slug]),
        reverse("agenda:event-create", args=[place.slug]),
        reverse("agenda:series-create", args=[place.slug]),
        reverse("agenda:event-edit", args=[event.pk]),
        reverse("agenda:event-cancel", args=[event.pk]),
    ]
    for url in urls:
        assert login(concierge).get(url).status_code == 200, url
        assert login(nomad).get(url).status_code == 403, url
        assert login(sister_concierge).get(url).status_code == 403, url
        anonymous = login(None).get(url)
        assert anonymous.status_code == 302 and "login" in anonymous["Location"], url
    assert login(concierge).get(reverse("agenda:event-edit", args=[987654])).status_code == 404
    assert login(concierge).get("/lieux/nulle-part/agenda/gestion/").status_code == 404


def test_a_member_cannot_schedule_by_posting(
    place: Any, login: Any, nomad: Any, epn_space: Any
) -> None:
    url = reverse("agenda:event-create", args=[place.slug])
    assert login(nomad).post(url, form_data(epn_space)).status_code == 403
    assert not Event.objects.exists()


def test_the_organizer_may_edit_and_cancel_their_event(
    place: Any, login: Any, person: Any, make_event: Any, epn_space: Any
) -> None:
    # A partner who runs the workshop, with no role in the place.
    event = make_event(organizer_person=person)
    client = login(person)
    url = reverse("agenda:event-edit", args=[event.pk])
    assert client.get(url).status_code == 200
    local = event.start.astimezone(ZoneInfo(place.timezone))
    response = client.post(
        url,
        form_data(
            epn_space,
            day=local.date(),
            start_time=local.strftime("%H:%M"),
            end_time=(local + dt.timedelta(hours=2)).strftime("%H:%M"),
            title="Atelier courriel",
            organizer_person=person.pk,
        ),
    )
    assert response.status_code == 302
    event.refresh_from_db()
    assert (event.title, event.organizer_person) == ("Atelier courriel", person)
    # Not a concierge: the place's list stays closed to them.
    assert client.get(reverse("agenda:place-manage", args=[place.slug])).status_code == 403
    cancel = reverse("agenda:event-cancel", args=[event.pk])
    assert client.get(cancel).status_code == 200
    assert client.post(cancel).status_code == 302
    event.refresh_from_db()
    assert event.is_cancelled


# --- The list ---------------------------------------------------------------------------


def test_the_list_shows_upcoming_events_with_their_fill_rate_and_waitlist(
    place: Any, concierge_client: Client, make_event: Any
) -> None:
    full = make_event(title="Atelier plein", capacity=2)
    for _ in range(3):
        register_member(event=full, person=member(place))
    empty = make_event(title="Atelier vide", capacity=10)

    response = concierge_client.get(reverse("agenda:place-manage", args=[place.slug]))

    assert response.status_code == 200
    rows = {row.event.pk: row for row in response.context["rows"]}
    assert (rows[full.pk].confirmed, rows[full.pk].waitlisted, rows[full.pk].fill_rate) == (
        2,
        1,
        100,
    )
    assert rows[empty.pk].fill_rate == 0
    html = response.content.decode()
    assert f'id="event-{full.pk}"' in html and 'data-waitlist="1"' in html
    assert reverse("agenda:event-edit", args=[full.pk]) in html
    assert reverse("agenda:event-cancel", args=[full.pk]) in html


def test_past_events_are_on_their_own_tab(
    place: Any, concierge_client: Client, concierge: Any, epn_space: Any
) -> None:
    now = timezone.now()
    past = services.event_create(
        place=place,
        by=concierge,
        data=services.EventInput(
            title="Atelier passé",
            kind=EventKind.WORKSHOP,
            start=now - dt.timedelta(days=3),
            end=now - dt.timedelta(days=3) + dt.timedelta(hours=2),
        ),
        now=now - dt.timedelta(days=10),
    )
    url = reverse("agenda:place-manage", args=[place.slug])

    upcoming = concierge_client.get(url)
    over = concierge_client.get(url, {"vue": "passees"})

    assert past.pk not in [row.event.pk for row in upcoming.context["rows"]]
    assert [row.event.pk for row in over.context["rows"]] == [past.pk]
    assert concierge_client.get(url, headers={"HX-Request": "true"}).status_code == 200


# --- Create ----------------------------------------------------------------------------------


def test_a_concierge_schedules_an_event_which_books_its_space(
    place: Any, concierge_client: Client, epn_space: Any, epn_resource: Any
) -> None:
    response = concierge_client.post(
        reverse("agenda:event-create", args=[place.slug]), form_data(epn_space)
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("agenda:place-manage", args=[place.slug])
    event = Event.objects.get()
    assert (event.start, event.end) == (at(MONDAY, 10), at(MONDAY, 12))
    assert event.price_cents == 250
    assert event.publics == [PUBLICS[3], PUBLICS[0]]
    assert event.services == [SERVICES[1]]
    assert event.capacity == 8
    assert event.booking is not None and event.booking.resource == epn_resource


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"title": ""}, "title"),
        ({"kind": "apero"}, "kind"),
        ({"publics": ["Retraités"]}, "publics"),
        ({"services": ["Jardinage"]}, "services"),
        ({"price": "douze"}, "price"),
        ({"price": "-3"}, "price"),
        ({"capacity": "0"}, "capacity"),
        ({"date": "2026-02-31"}, "date"),
        ({"start_time": "25:00"}, "start_time"),
        ({"end_time": "09:00"}, "end_time"),
        ({"space": "999999"}, "space"),
    ],
)
def test_bad_shapes_are_refused_with_422_on_their_field(
    place: Any, concierge_client: Client, epn_space: Any, changes: dict[str, Any], field: str
) -> None:
    data = {**form_data(epn_space), **changes}
    response = concierge_client.post(reverse("agenda:event-create", args=[place.slug]), data)

    assert response.status_code == 422
    assert errors_of(response, field)
    assert response.context["error"]
    assert not Event.objects.exists() and not Booking.objects.exists()


def test_a_space_of_another_place_is_not_a_choice(
    place: Any, concierge_client: Client, sister_place: Any
) -> None:
    elsewhere = SpaceFactory(place=sister_place)
    url = reverse("agenda:event-create", args=[place.slug])

    page = concierge_client.get(url).content.decode()
    # The space field's choices only (a person of the same id may be offered elsewhere).
    spaces = re.search(r'<select name="space".*?</select>', page, re.S)
    assert spaces is not None and f'value="{elsewhere.pk}"' not in spaces.group(0)
    response = concierge_client.post(url, form_data(elsewhere))
    assert response.status_code == 422
    assert errors_of(response, "space")
    assert not Event.objects.exists()


def test_service_refusals_are_shown_on_their_field(
    place: Any, concierge_client: Client, epn_space: Any, epn_resource: Any, resident: Any
) -> None:
    url = reverse("agenda:event-create", args=[place.slug])
    book(epn_resource, resident, at(MONDAY, 11))

    taken = concierge_client.post(url, form_data(epn_space))
    assert taken.status_code == 409
    assert errors_of(taken, "start_time") == [str(SpaceTaken.default_message)]

    too_many = concierge_client.post(url, form_data(epn_space, capacity="13"))
    assert too_many.status_code == 422
    assert errors_of(too_many, "capacity")

    past = concierge_client.post(
        url, form_data(epn_space, day=timezone.localdate() - dt.timedelta(days=2))
    )
    assert past.status_code == 422
    assert errors_of(past, "start_time")

    too_long = concierge_client.post(
        url, form_data(None, end_date=(MONDAY + dt.timedelta(days=4)).isoformat())
    )
    assert too_long.status_code == 422
    assert errors_of(too_long, "end_time") == [str(HoldTooLong.default_message)]
    assert not Event.objects.exists()
    assert Booking.objects.count() == 1


def test_an_event_over_several_days(place: Any, concierge_client: Client) -> None:
    response = concierge_client.post(
        reverse("agenda:event-create", args=[place.slug]),
        form_data(
            None,
            kind=EventKind.HACKATHON,
            start_time="18:00",
            end_time="18:00",
            end_date=(MONDAY + dt.timedelta(days=2)).isoformat(),
        ),
    )
    assert response.status_code == 302
    event = Event.objects.get()
    assert event.end - event.start == dt.timedelta(days=2)


# --- Edit ------------------------------------------------------------------------------------


def test_editing_moves_the_event_and_its_hold(
    place: Any, concierge_client: Client, epn_space: Any, concierge: Any
) -> None:
    event = services.event_create(
        place=place,
        by=concierge,
        data=services.EventInput(
            title="Atelier", kind=EventKind.WORKSHOP, start=at(MONDAY, 10), end=at(MONDAY, 12),
            space=epn_space, capacity=8,
        ),
    )  # fmt: skip
    url = reverse("agenda:event-edit", args=[event.pk])
    page = concierge_client.get(url)
    assert page.context["form"].initial["start_time"] == dt.time(10, 0)
    assert "scope" not in page.context["form"].fields

    response = concierge_client.post(
        url, form_data(epn_space, start_time="14:00", end_time="16:00")
    )

    assert response.status_code == 302
    event.refresh_from_db()
    event.booking.refresh_from_db()
    assert event.booking.start == at(MONDAY, 14) == event.start


def test_seats_below_the_registrations_are_refused(
    place: Any, concierge_client: Client, epn_space: Any, concierge: Any
) -> None:
    event = services.event_create(
        place=place,
        by=concierge,
        data=services.EventInput(
            title="Atelier", kind=EventKind.WORKSHOP, start=at(MONDAY, 10), end=at(MONDAY, 12),
            space=epn_space, capacity=8,
        ),
    )  # fmt: skip
    for _ in range(3):
        register_member(event=event, person=member(place))

    response = concierge_client.post(
        reverse("agenda:event-edit", args=[event.pk]), form_data(epn_space, capacity="2")
    )

    assert response.status_code == 422
    assert errors_of(response, "capacity")
    event.refresh_from_db()
    assert (event.capacity, event.title) == (8, "Atelier")


def _series(place: Any, concierge: Any, epn_space: Any, count: int = 4) -> tuple[Any, list[Any]]:
    series, events, _ = services.series_create(
        place=place,
        by=concierge,
        data=services.EventInput(
            title="Cycle tablette", kind=EventKind.WORKSHOP, start=at(MONDAY, 10),
            end=at(MONDAY, 12), space=epn_space, capacity=8,
        ),
        every_weeks=1,
        count=count,
    )  # fmt: skip
    return series, events


def test_editing_one_event_of_a_series_or_all_the_coming_ones(
    place: Any, concierge_client: Client, epn_space: Any, concierge: Any
) -> None:
    _, events = _series(place, concierge, epn_space)
    second = events[1]
    url = reverse("agenda:event-edit", args=[second.pk])
    assert "scope" in concierge_client.get(url).context["form"].fields
    day = (MONDAY + dt.timedelta(weeks=1)).isoformat()

    only = concierge_client.post(
        url, form_data(epn_space, date=day, title="Séance spéciale", scope="one")
    )
    assert only.status_code == 302
    titles = list(Event.objects.order_by("start").values_list("title", flat=True))
    assert titles == ["Cycle tablette", "Séance spéciale", "Cycle tablette", "Cycle tablette"]

    every = concierge_client.post(
        url, form_data(epn_space, date=day, title="Cycle numérique", capacity="6", scope="series")
    )
    assert every.status_code == 302
    rows = list(Event.objects.order_by("start").values_list("title", "capacity"))
    assert rows == [("Cycle numérique", 6)] * 4
    # Dates stayed each event's own.
    assert [e.start for e in Event.objects.order_by("start")] == [
        at(MONDAY + dt.timedelta(weeks=w), 10) for w in range(4)
    ]


def test_the_series_page_changes_the_coming_events(
    place: Any, concierge_client: Client, epn_space: Any, concierge: Any
) -> None:
    series, _ = _series(place, concierge, epn_space, count=3)
    url = reverse("agenda:series-edit", args=[series.pk])
    assert concierge_client.get(url).status_code == 200

    response = concierge_client.post(
        url, form_data(None, date="", start_time="", end_time="", title="Cycle clavier")
    )

    assert response.status_code == 302
    assert set(Event.objects.values_list("title", flat=True)) == {"Cycle clavier"}
    assert Booking.objects.filter(status=Booking.Status.CONFIRMED).count() == 3
    bad = concierge_client.post(url, form_data(None, date="", kind="apero"))
    assert bad.status_code == 422 and errors_of(bad, "kind")


# --- Cancel ----------------------------------------------------------------------------------


def test_cancelling_asks_first_and_says_how_many_people_are_told(
    place: Any, concierge_client: Client, make_event: Any
) -> None:
    event = make_event(capacity=1)
    register_member(event=event, person=member(place))
    register_member(event=event, person=member(place))
    gone = register_member(event=event, person=member(place))
    gone.status = Registration.Status.CANCELLED
    gone.save()
    register_guest(event=event, guest=Guest("Gérard Mallet", phone="04 77 00 11 22"))
    url = reverse("agenda:event-cancel", args=[event.pk])

    page = concierge_client.get(url)
    # Emails go to the two members; the guest who gave a phone number only is to be called.
    assert page.status_code == 200 and page.context["told"] == 2
    assert 'data-told="2"' in page.content.decode()
    assert [r.name for r in page.context["to_call"]] == ["Gérard Mallet"]
    assert "tel:+33477001122" in page.content.decode()
    event.refresh_from_db()
    assert event.status == Event.Status.SCHEDULED

    response = concierge_client.post(url)
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.status == Event.Status.CANCELLED
    assert event.booking.status == Booking.Status.CANCELLED if event.booking else True
    assert concierge_client.post(url).status_code == 409
    assert concierge_client.get(reverse("agenda:event-edit", args=[event.pk])).status_code == 409


# --- Series ----------------------------------------------------------------------------------


def test_a_series_is_previewed_then_its_free_dates_booked(
    place: Any, concierge_client: Client, epn_space: Any, epn_resource: Any, resident: Any
) -> None:
    url = reverse("agenda:series-create", args=[place.slug])
    book(epn_resource, resident, at(MONDAY + dt.timedelta(weeks=3), 10))
    data = form_data(epn_space, every_weeks="1", count="6")

    preview = concierge_client.post(url, data)

    assert preview.status_code == 200
    conflicts = [bool(o.conflict) for o in preview.context["preview"]]
    assert conflicts == [False, False, False, True, False, False]
    assert preview.context["free_count"] == 5
    assert preview.content.decode().count('data-conflict="yes"') == 1
    assert not Event.objects.exists() and not EventSeries.objects.exists()

    hidden: dict[str, list[str]] = {}
    for name, value in preview.context["hidden"]:
        hidden.setdefault(name, []).append(value)
    done = concierge_client.post(url, {**hidden, "confirm": "on"})

    assert done.status_code == 302
    series = EventSeries.objects.get()
    assert series.events.count() == 5
    assert all(e.publics == [PUBLICS[3], PUBLICS[0]] for e in series.events.all())
    assert Booking.objects.count() == 6


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"count": None}, "count"),
        ({"every_weeks": "0"}, "every_weeks"),
        ({"count": "80"}, "count"),
        ({"count": None, "until": "2020-01-01"}, "until"),
    ],
)
def test_bad_series_are_refused(
    place: Any, concierge_client: Client, epn_space: Any, changes: dict[str, Any], field: str
) -> None:
    data = form_data(epn_space, every_weeks="1", count="6")
    data.update(changes)
    data = {k: v for k, v in data.items() if v is not None}

    response = concierge_client.post(reverse("agenda:series-create", args=[place.slug]), data)

    assert response.status_code == 422
    assert errors_of(response, field)
    assert not Event.objects.exists() and not EventSeries.objects.exists()


def test_messages_are_translated(place: Any, concierge_client: Client, epn_space: Any) -> None:
    response = concierge_client.post(
        reverse("agenda:event-create", args=[place.slug]), form_data(epn_space, end_time="09:00")
    )
    with override("fr"):
        expected = gettext("The end must be after the start.")
    assert errors_of(response, "end_time") == [expected]
