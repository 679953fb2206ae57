"""Issue 14, booking friction: the week opens on what is still to come, the form proposes
the resource's usual length, a machine needing a training says so before any price, a
taken slot offers the waitlist, and every problem is said once."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from comptoir.bookings import rules, selectors
from comptoir.bookings.exceptions import SlotTaken
from comptoir.bookings.models import TrainingRequest
from comptoir.bookings.tests.factories import QualificationFactory, ResourceFactory
from comptoir.bookings.tests.helpers import MONDAY, at, book, member
from comptoir.community.models import Role

pytestmark = pytest.mark.django_db


def week_url(resource, week: str | None = None) -> str:
    path = reverse("bookings:resource-week", args=[resource.place.slug, resource.slug])
    return f"{path}?semaine={week}" if week else path


def book_url(resource) -> str:
    return reverse("bookings:book", args=[resource.place.slug, resource.slug])


# --- The week and the day it opens on ---------------------------------------------------------


def test_on_a_sunday_evening_the_week_opens_on_the_next_one(login, resident, room):
    sunday = MONDAY - dt.timedelta(days=1)
    with time_machine.travel(at(sunday, 22), tick=False):
        response = login(resident).get(week_url(room))
    assert response.status_code == 200
    assert response.context["grid"].columns[0] == MONDAY


def test_in_the_middle_of_the_week_it_opens_on_this_one(login, resident, room):
    wednesday = MONDAY + dt.timedelta(days=2)
    with time_machine.travel(at(wednesday, 12), tick=False):
        response = login(resident).get(week_url(room))
    assert response.context["grid"].columns[0] == MONDAY


def test_a_week_asked_for_is_shown_even_when_past(login, resident, room):
    sunday = MONDAY + dt.timedelta(days=6)
    year, week, _ = MONDAY.isocalendar()
    with time_machine.travel(at(sunday, 22), tick=False):
        response = login(resident).get(week_url(room, f"{year}-W{week:02d}"))
    assert response.context["grid"].columns[0] == MONDAY


def test_the_form_without_a_slot_proposes_the_next_free_one_for_the_usual_length(
    login, resident, room
):
    room.usual_minutes = 90
    room.save()
    sunday = MONDAY - dt.timedelta(days=1)
    with time_machine.travel(at(sunday, 22), tick=False):
        form = login(resident).get(book_url(room)).context["form"]
    assert form.initial["start"] == at(MONDAY, 9)
    assert form.initial["end"] == at(MONDAY, 10, 30)


def test_a_start_alone_gets_the_usual_length(login, resident, room):
    response = login(resident).get(book_url(room), {"debut": f"{MONDAY}T14:00"})
    assert response.context["form"].initial["end"] == at(MONDAY, 15)


@pytest.mark.parametrize(
    ("slot", "low", "usual", "high", "expected"),
    [
        (30, 30, 60, 240, 60),  # the usual length
        (30, 90, 60, 240, 90),  # never shorter than the shortest
        (30, 30, 300, 240, 240),  # never longer than the longest
        (30, 30, 50, 240, 60),  # on the slots
        (60, 60, 60, 90, 60),  # rounded up past the longest: one slot less
    ],
)
def test_the_usual_length_keeps_to_the_rules(slot, low, usual, high, expected):
    resource = ResourceFactory.build(
        slot_minutes=slot, min_minutes=low, usual_minutes=usual, max_minutes=high
    )
    assert rules.usual_length(resource) == expected


def test_the_resource_form_refuses_a_usual_length_outside_the_bounds(login, place):
    from comptoir.bookings.forms import ResourceForm

    data = {
        "name": "Salle",
        "kind": "room",
        "capacity": "1",
        "slot_minutes": "30",
        "min_minutes": "30",
        "max_minutes": "120",
        "usual_minutes": "180",
        "book_before_minutes": "0",
        "cancel_before_minutes": "0",
        "hourly_price": "0",
        "partner_hourly_price": "0",
        "nomad_payment": "money",
        "minutes_per_ticket": "60",
        "horizon_traveller": "7",
        "horizon_nomad": "30",
        "horizon_resident": "90",
        "horizon_partner": "90",
    }
    form = ResourceForm(data, place=place)
    assert not form.is_valid() and "usual_minutes" in form.errors
    form = ResourceForm({**data, "usual_minutes": ""}, place=place)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["usual_minutes"] == 60


# --- Trainings on the week grid -----------------------------------------------------------------


def cells(response):
    return [cell for row in response.context["grid"].rows for cell in row.cells]


def test_the_grid_marks_free_slots_needing_a_training_and_offers_to_ask(
    login, resident, laser, training
):
    year, week, _ = MONDAY.isocalendar()
    response = login(resident).get(week_url(laser, f"{year}-W{week:02d}"))
    body = response.content.decode()
    states = {cell.state for cell in cells(response)}
    assert selectors.Free.TRAINING in states and selectors.Free.FREE not in states
    assert not any(cell.bookable for cell in cells(response))
    assert book_url(laser) + "?debut" not in body
    ask = reverse("bookings:training-request", args=[laser.place.slug, training.pk])
    assert f'action="{ask}"' in body


def test_with_the_training_the_slots_are_free_again(login, resident, laser, training):
    QualificationFactory(person=resident, training=training)
    year, week, _ = MONDAY.isocalendar()
    response = login(resident).get(week_url(laser, f"{year}-W{week:02d}"))
    assert any(cell.bookable for cell in cells(response))
    assert "training-request" not in response.content.decode()
    assert response.context["mark"].held


def test_a_training_expiring_midweek_marks_the_days_after(login, resident, laser, training):
    wednesday = MONDAY + dt.timedelta(days=2)
    QualificationFactory(person=resident, training=training, expires_on=wednesday)
    year, week, _ = MONDAY.isocalendar()
    response = login(resident).get(week_url(laser, f"{year}-W{week:02d}"))
    days = response.context["grid"].columns
    for row in response.context["grid"].rows:
        for day, cell in zip(days, row.cells, strict=True):
            if cell.state in {selectors.Free.FREE, selectors.Free.TRAINING}:
                assert (cell.state == selectors.Free.TRAINING) == (day > wednesday)


def test_after_asking_the_grid_says_the_request_waits(login, resident, laser, training):
    client = login(resident)
    ask = reverse("bookings:training-request", args=[laser.place.slug, training.pk])
    response = client.post(ask, {"resource": laser.slug})
    assert response.status_code == 302 and response["Location"] == week_url(laser)
    assert TrainingRequest.objects.get().person == resident
    year, week, _ = MONDAY.isocalendar()
    response = client.get(week_url(laser, f"{year}-W{week:02d}"))
    assert response.context["mark"].requested
    assert f'action="{ask}"' not in response.content.decode()


def test_the_day_grid_marks_them_too(login, resident, laser, room):
    day = reverse("bookings:place-day", args=[laser.place.slug])
    response = login(resident).get(day, {"jour": MONDAY.isoformat()})
    by_resource = {
        row.resource.pk: {c.state for c in row.cells} for row in response.context["grid"].rows
    }
    assert selectors.Free.TRAINING in by_resource[laser.pk]
    assert selectors.Free.TRAINING not in by_resource[room.pk]


# --- Refusals on the booking page -------------------------------------------------------------


def form(start: str = "10:00", end: str = "11:00", **extra: str) -> dict[str, str]:
    return {"start": f"{MONDAY}T{start}", "end": f"{MONDAY}T{end}", **extra}


def test_a_taken_slot_is_said_once_and_offers_the_waitlist(login, resident, room, place):
    book(room, member(place, Role.RESIDENT), at(MONDAY, 10))
    with translation.override("fr"):
        message = str(SlotTaken.default_message)
    response = login(resident).post(book_url(room), form(confirm="on"))
    assert response.status_code == 409
    body = response.content.decode()
    assert body.count(escape(message)) == 1
    join = reverse("bookings:waitlist-join", args=[room.place.slug, room.slug])
    [alert] = re.findall(r'<div class="alert error" role="alert".*?</div>', body, re.S)
    assert message.split(".")[0] in alert.replace("&#x27;", "'") and f'action="{join}"' in alert


def test_the_waitlist_button_puts_me_on_the_list(login, resident, room, place):
    book(room, member(place, Role.RESIDENT), at(MONDAY, 10))
    client = login(resident)
    body = client.post(book_url(room), form()).content.decode()
    start = re.search(r'name="start" value="([^"]+)"', body)[1]
    end = re.search(r'name="end" value="([^"]+)"', body)[1]
    join = reverse("bookings:waitlist-join", args=[room.place.slug, room.slug])
    assert client.post(join, {"start": start, "end": end}).status_code == 302
    assert resident.waitlist_entries.get().start == at(MONDAY, 10)


def test_the_training_refusal_is_a_french_sentence(login, resident, laser):
    response = login(resident).post(book_url(laser), form(), HTTP_ACCEPT_LANGUAGE="fr")
    body = response.content.decode()
    assert "Réserver Découpeuse laser demande" not in body
    assert "Pour réserver « Découpeuse laser », il faut avoir suivi la formation" in body
