"""Feeds of the public agenda: iCalendar (network, place, kind) and Atom (network, place)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from xml.etree import ElementTree

import feedparser
import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from comptoir.agenda.models import Event, EventKind
from comptoir.agenda.public_cache import bump
from comptoir.agenda.services.events import event_cancel, event_input, event_update
from comptoir.community.models import Role
from comptoir.community.tests.factories import PlaceRoleFactory

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


DOMAIN = "tiers-lieu.example"


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    cache.clear()


@pytest.fixture(autouse=True)
def _site_url(settings: Any) -> None:
    settings.SITE_URL = f"https://{DOMAIN}"


def vevents(response: Any) -> dict[str, Any]:
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = Calendar.from_ical(response.content)
    return {str(c["uid"]): c for c in calendar.walk("VEVENT")}


def uid(event: Event) -> str:
    return f"event-{event.pk}@{DOMAIN}"


def test_the_network_feed_has_every_public_event(
    client: Client, make_event: Any, sister_place: Any, concierge: Any
) -> None:
    PlaceRoleFactory(person=concierge, place=sister_place, role=Role.CONCIERGE_PERMANENT)
    here = make_event(title="Atelier souris", summary="Pour débuter")
    there = make_event(place=sister_place, title="Conférence", kind=EventKind.TALK)
    hidden = make_event(is_public=False)
    found = vevents(client.get(reverse("agenda:network-ics")))
    assert set(found) == {uid(here), uid(there)}
    entry = found[uid(here)]
    assert str(entry["summary"]) == "Atelier souris"
    assert entry["dtstart"].dt == here.start
    assert entry["dtend"].dt == here.end
    assert str(entry["status"]) == "CONFIRMED"
    assert here.place.name in str(entry["location"])
    assert str(entry["url"]).endswith(reverse("agenda:event-slug", args=[here.pk, here.slug]))
    assert "Pour débuter" in str(entry["description"])
    assert uid(hidden) not in found


def test_a_cancelled_event_stays_in_the_feed_as_cancelled(
    client: Client, workshop: Any, concierge: Any
) -> None:
    event_cancel(event=workshop, by=concierge)
    found = vevents(client.get(reverse("agenda:network-ics")))
    assert str(found[uid(workshop)]["status"]) == "CANCELLED"


def test_the_place_feed_has_only_its_events(
    client: Client, make_event: Any, place: Any, sister_place: Any, concierge: Any
) -> None:
    PlaceRoleFactory(person=concierge, place=sister_place, role=Role.CONCIERGE_PERMANENT)
    here = make_event()
    make_event(place=sister_place)
    found = vevents(client.get(reverse("agenda:place-ics", args=[place.slug])))
    assert set(found) == {uid(here)}
    assert client.get(reverse("agenda:place-ics", args=["nowhere"])).status_code == 404


def test_the_kind_feed_has_only_that_kind(client: Client, make_event: Any) -> None:
    workshop = make_event(kind=EventKind.WORKSHOP)
    make_event(kind=EventKind.TALK)
    found = vevents(client.get(reverse("agenda:kind-ics", args=[EventKind.WORKSHOP])))
    assert set(found) == {uid(workshop)}
    assert client.get(reverse("agenda:kind-ics", args=["rave"])).status_code == 404


def test_old_events_leave_the_feed(client: Client, make_event: Any) -> None:
    now = timezone.now()
    old = make_event(
        start=now - timedelta(days=60),
        end=now - timedelta(days=60) + timedelta(hours=2),
        now=now - timedelta(days=61),
    )
    recent = make_event(
        start=now - timedelta(days=2),
        end=now - timedelta(days=2) + timedelta(hours=2),
        now=now - timedelta(days=3),
    )
    found = vevents(client.get(reverse("agenda:network-ics")))
    assert uid(recent) in found and uid(old) not in found


def atom_entries(response: Any) -> list[Any]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ElementTree.fromstring(response.content)
    assert root.tag == f"{ATOM}feed"
    return root.findall(f"{ATOM}entry")


def test_the_atom_feeds_list_upcoming_events(
    client: Client, make_event: Any, place: Any, sister_place: Any, concierge: Any
) -> None:
    PlaceRoleFactory(person=concierge, place=sister_place, role=Role.CONCIERGE_PERMANENT)
    first = make_event(title="Atelier <souris>")
    make_event(place=sister_place, title="Ailleurs")
    entries = atom_entries(client.get(reverse("agenda:network-atom")))
    assert len(entries) == 2
    assert entries[0].find(f"{ATOM}title").text.startswith("Atelier <souris>")
    link = entries[0].find(f"{ATOM}link").attrib["href"]
    assert link.endswith(reverse("agenda:event-slug", args=[first.pk, first.slug]))
    place_entries = atom_entries(client.get(reverse("agenda:place-atom", args=[place.slug])))
    assert len(place_entries) == 1
    assert client.get(reverse("agenda:place-atom", args=["nowhere"])).status_code == 404


def test_feeds_are_served_from_the_cache(
    client: Client, workshop: Any, django_assert_num_queries: Any
) -> None:
    for name in ("agenda:network-ics", "agenda:network-atom"):
        first = client.get(reverse(name))
        with django_assert_num_queries(0):
            again = client.get(reverse(name))
        assert again.content == first.content
        assert again["Content-Type"] == first["Content-Type"]


@pytest.mark.parametrize("count", [1, 12])
def test_feeds_cost_the_same_queries_whatever_the_number_of_events(
    client: Client, make_event: Any, count: int, django_assert_max_num_queries: Any
) -> None:
    for _ in range(count):
        make_event(space=None)
    for url in (reverse("agenda:network-ics"), reverse("agenda:network-atom")):
        with django_assert_max_num_queries(2):
            client.get(url)


# --- Checked by independent consumers: feedparser (Atom), icalendar (iCalendar) -----------


def parsed_atom(client: Client, url: str) -> Any:
    bump()
    response = client.get(url)
    assert response.status_code == 200
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    return feed


def test_the_atom_feeds_are_well_formed_with_an_author_and_stable_ids(
    client: Client, make_event: Any, place: Any, concierge: Any
) -> None:
    event = make_event(title="Atelier souris")
    network_url = reverse("agenda:network-atom")
    place_url = reverse("agenda:place-atom", args=[place.slug])

    for url in (network_url, place_url):
        feed = parsed_atom(client, url)
        assert feed.feed.author_detail.name  # RFC 4287 §4.1.1
        (entry,) = feed.entries
        assert entry.author_detail.name == place.name
        assert entry.author_detail.href.endswith(place.get_absolute_url())
        assert entry.id == f"tag:{DOMAIN},{event.created_at:%Y-%m-%d}:event-{event.pk}"
    assert parsed_atom(client, place_url).feed.author_detail.name == place.name

    before = parsed_atom(client, network_url).entries[0]
    event_update(event=event, by=concierge, data=event_input(event, title="Atelier clavier"))
    after = parsed_atom(client, network_url).entries[0]

    assert after.title.startswith("Atelier clavier")
    assert after.link != before.link  # the link follows the new slug…
    assert after.id == before.id  # …the id does not


def test_an_empty_atom_feed_still_has_its_author(client: Client, place: Any) -> None:
    for url in (reverse("agenda:network-atom"), reverse("agenda:place-atom", args=[place.slug])):
        feed = parsed_atom(client, url)
        assert feed.entries == []
        assert feed.feed.author_detail.name


def test_calendar_uids_are_unique_and_carry_the_site_domain(
    client: Client, make_event: Any, settings: Any
) -> None:
    events = [make_event() for _ in range(3)]
    urls = [
        reverse("agenda:network-ics"),
        reverse("agenda:place-ics", args=[events[0].place.slug]),
        reverse("agenda:kind-ics", args=[EventKind.WORKSHOP]),
    ]
    for url in urls:
        bump()
        calendar = Calendar.from_ical(client.get(url).content)
        uids = [str(component["uid"]) for component in calendar.walk("VEVENT")]
        assert len(uids) == len(set(uids)) == 3
        assert all(u.endswith(f"@{DOMAIN}") for u in uids)

    settings.SITE_URL = "https://autre-tiers-lieu.example:8443"
    bump()
    other = Calendar.from_ical(client.get(urls[0]).content)
    assert {str(c["uid"]) for c in other.walk("VEVENT")} == {
        f"event-{e.pk}@autre-tiers-lieu.example" for e in events
    }
