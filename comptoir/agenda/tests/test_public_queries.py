"""Query counts of the public agenda: a few queries per page, the same with 1 event or a
full page of busy ones (seats left come from one aggregate query for the whole page)."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from comptoir.agenda.models import Event, Registration
from comptoir.agenda.services.registrations import Guest, register_guest, register_member

pytestmark = pytest.mark.django_db

# The bench asks for 10 at most; the pages need far fewer.
LIST_QUERIES = 4  # place, count, page of events, seats of the page
EVENT_QUERIES = 2  # event with place, space and organizers; its seats
MEMBER_EVENT_QUERIES = 7  # + session, user, own registration, waitlist position, rights


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    cache.clear()


def busy_agenda(make_event: Any, events: int, registrations: int) -> list[Event]:
    """`events` events (space-less so they can overlap), each with `registrations` people."""
    made = [make_event(space=None, capacity=5) for _ in range(events)]
    rows = [
        Registration(
            event=event,
            name=f"Invité {i}",
            email=f"invite{event.pk}-{i}@example.org",
            identity=f"e:invite{event.pk}-{i}@example.org",
            status=Registration.Status.CONFIRMED if i < 5 else Registration.Status.WAITLISTED,
        )
        for event in made
        for i in range(registrations)
    ]
    Registration.objects.bulk_create(rows)
    return made


def count(client: Client, url: str, **params: Any) -> int:
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params, follow=True)
    assert response.status_code == 200
    return len(queries)


def agenda_urls(place: Any) -> list[str]:
    return [reverse("agenda:network"), reverse("agenda:place", args=[place.slug])]


def test_the_agenda_pages_cost_a_few_queries_whatever_the_data(
    client: Client, make_event: Any, place: Any
) -> None:
    busy_agenda(make_event, 1, 0)
    small = [count(client, url) for url in agenda_urls(place)]
    busy_agenda(make_event, 25, 8)  # more than a page, each full with a waitlist
    large = [count(client, url) for url in agenda_urls(place)]
    filtered = count(client, reverse("agenda:network"), public="Seniors", type="atelier")
    assert small == large
    assert max(large) <= LIST_QUERIES
    assert filtered <= LIST_QUERIES


def test_the_event_page_costs_a_few_queries_whatever_the_data(
    client: Client, make_event: Any
) -> None:
    quiet = busy_agenda(make_event, 1, 0)[0]
    busy = busy_agenda(make_event, 1, 30)[0]
    small = count(client, reverse("agenda:event", args=[quiet.pk]))
    large = count(client, reverse("agenda:event", args=[busy.pk]))
    assert small == large
    # follow=True adds the 301 to the slugged URL: one more lookup of the event.
    assert large <= EVENT_QUERIES + 1


def test_the_event_page_of_a_member_costs_a_few_queries_too(
    login: Any, person: Any, make_event: Any
) -> None:
    quiet = busy_agenda(make_event, 1, 0)[0]
    busy = busy_agenda(make_event, 1, 30)[0]
    register_member(event=quiet, person=person)
    register_member(event=busy, person=person)  # waitlisted: its position is computed
    client = login(person)
    small = count(client, reverse("agenda:event-slug", args=[quiet.pk, quiet.slug]))
    large = count(client, reverse("agenda:event-slug", args=[busy.pk, busy.slug]))
    assert small <= large <= small + 1  # the waitlist position only
    assert large <= MEMBER_EVENT_QUERIES


def test_a_cached_page_costs_no_query(
    client: Client, workshop: Any, django_assert_max_num_queries: Any
) -> None:
    register_guest(event=workshop, guest=Guest("Léa", phone="0612345678"))
    url = reverse("agenda:event-slug", args=[workshop.pk, workshop.slug])
    client.get(url)
    client.get(reverse("agenda:network"))
    with django_assert_max_num_queries(0):
        client.get(url)
        client.get(reverse("agenda:network"))
