"""Cancelling the rest of a series: a confirmation with the coming dates, then each is
cancelled (its space given back, its people told); past dates stay; concierges only."""

from __future__ import annotations

import dataclasses
from datetime import timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from comptoir.agenda.models import Event, EventKind
from comptoir.agenda.services import events as services
from comptoir.agenda.services.registrations import Guest, register_guest
from comptoir.agenda.tests.conftest import local_at
from comptoir.bookings.models import Booking

pytestmark = pytest.mark.django_db


def cycle(place: Any, concierge: Any, epn_space: Any) -> Any:
    data = services.EventInput(
        title="Cycle smartphone",
        kind=EventKind.WORKSHOP,
        start=local_at(place, 2, 14),
        end=local_at(place, 2, 16),
        space=epn_space,
        capacity=8,
    )
    series, events, _skipped = services.series_create(
        place=place, by=concierge, data=data, every_weeks=1, count=4
    )
    return series, events


def test_the_coming_dates_are_listed_then_cancelled(
    place: Any, concierge: Any, concierge_client: Any, epn_space: Any, epn_resource: Any
) -> None:
    series, events = cycle(place, concierge, epn_space)
    register_guest(event=events[1], guest=Guest("Monique Faure", email="monique@example.org"))
    # The first date has taken place: it stays, with its attendance.
    Event.objects.filter(pk=events[0].pk).update(
        start=timezone.now() - timedelta(days=1), end=timezone.now() - timedelta(hours=22)
    )
    url = reverse("agenda:series-cancel", args=[series.pk])

    page = concierge_client.get(url)
    assert page.status_code == 200
    assert [e.pk for e in page.context["coming"]] == [e.pk for e in events[1:]]
    assert [e.people for e in page.context["coming"]] == [1, 0, 0]

    response = concierge_client.post(url)

    assert response.status_code == 302
    statuses = dict(Event.objects.filter(series=series).values_list("pk", "status"))
    assert statuses[events[0].pk] == Event.Status.SCHEDULED
    assert {statuses[e.pk] for e in events[1:]} == {Event.Status.CANCELLED}
    holds = Booking.objects.filter(event__in=events[1:])
    assert set(holds.values_list("status", flat=True)) == {Booking.Status.CANCELLED}
    assert concierge_client.post(url).status_code == 409  # nothing left to cancel


def test_the_people_with_only_a_phone_are_listed_to_be_called(
    place: Any, concierge: Any, concierge_client: Any, epn_space: Any, epn_resource: Any
) -> None:
    series, events = cycle(place, concierge, epn_space)
    register_guest(event=events[2], guest=Guest("Jean Roux", phone="06 12 34 56 01"))
    register_guest(event=events[1], guest=Guest("Alice Blanc", phone="04 77 12 34 56"))
    register_guest(event=events[1], guest=Guest("Monique Faure", email="monique@example.org"))
    cancelled = register_guest(event=events[3], guest=Guest("Paul Girard", phone="0611223344"))
    cancelled.status = cancelled.Status.CANCELLED
    cancelled.save(update_fields=["status"])

    page = concierge_client.get(reverse("agenda:series-cancel", args=[series.pk]))

    assert [r.name for r in page.context["to_call"]] == ["Alice Blanc", "Jean Roux"]
    html = page.content.decode()
    assert 'data-to-call="2"' in html and 'href="tel:+33477123456"' in html
    assert "Paul Girard" not in html and "Monique Faure" not in html


def test_only_the_places_concierges_cancel_a_series(
    place: Any, concierge: Any, login: Any, nomad: Any, epn_space: Any, epn_resource: Any
) -> None:
    series, events = cycle(place, concierge, epn_space)
    url = reverse("agenda:series-cancel", args=[series.pk])

    assert login(nomad).post(url).status_code == 403
    assert not Event.objects.filter(series=series, status=Event.Status.CANCELLED).exists()
    assert (
        login(nomad).get(reverse("agenda:series-cancel", args=[series.pk + 999])).status_code == 404
    )


def test_the_event_cancel_page_offers_the_whole_series(
    place: Any, concierge: Any, concierge_client: Any, epn_space: Any, epn_resource: Any
) -> None:
    series, events = cycle(place, concierge, epn_space)
    page = concierge_client.get(reverse("agenda:event-cancel", args=[events[0].pk]))
    assert reverse("agenda:series-cancel", args=[series.pk]) in page.content.decode()
    single = services.event_create(
        place=place,
        by=concierge,
        data=dataclasses.replace(
            services.event_input(events[0]),
            start=local_at(place, 40, 10),
            end=local_at(place, 40, 12),
        ),
    )
    page = concierge_client.get(reverse("agenda:event-cancel", args=[single.pk]))
    assert "/series/" not in page.content.decode()
