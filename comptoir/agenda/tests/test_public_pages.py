"""The public agenda's pages: lists of the network and of a place with their filters, the
event page (JSON-LD, seats, waitlist), registering (member in one click, guest with an
email or a phone), the registration's page and its cancellation by the signed link, and
the anonymous cache."""

from __future__ import annotations

import json
import re
from datetime import timedelta
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import resolve, reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from comptoir.agenda import public_cache
from comptoir.agenda.exceptions import ContactMissing
from comptoir.agenda.models import Event, EventKind, Registration
from comptoir.agenda.services.events import event_cancel
from comptoir.agenda.services.registrations import (
    Guest,
    cancel_token,
    register_guest,
    register_member,
)
from comptoir.agenda.tests.conftest import local_at
from comptoir.community.models import Person
from comptoir.community.tests.factories import PersonFactory
from comptoir.core import mediation
from comptoir.places.tests.factories import PlaceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    cache.clear()


def fr(text: str) -> str:
    with translation.override("fr"):
        return gettext(text)


def shown(response: Any) -> list[int]:
    return [int(pk) for pk in re.findall(r'data-event="(\d+)"', response.content.decode())]


def json_ld(response: Any) -> dict[str, Any]:
    found = re.search(
        r'<script type="application/ld\+json">(.*?)</script>', response.content.decode(), re.S
    )
    assert found
    data: dict[str, Any] = json.loads(found.group(1))
    return data


# --- Lists ----------------------------------------------------------------------------------


def test_the_network_agenda_lists_upcoming_public_events_of_every_place(
    client: Client, make_event: Any, sister_place: Any, concierge: Any
) -> None:
    from comptoir.community.models import Role
    from comptoir.community.tests.factories import PlaceRoleFactory

    PlaceRoleFactory(person=concierge, place=sister_place, role=Role.CONCIERGE_PERMANENT)
    here = make_event(title="Atelier ici")
    there = make_event(title="Atelier là-bas", place=sister_place)
    hidden = make_event(title="Réunion interne", is_public=False)
    draft = make_event(title="Brouillon")
    Event.objects.filter(pk=draft.pk).update(status=Event.Status.DRAFT)
    now = timezone.now()
    past = make_event(
        start=now - timedelta(days=2),
        end=now - timedelta(days=2) + timedelta(hours=2),
        now=now - timedelta(days=3),
        space=None,
    )
    response = client.get(reverse("agenda:network"))
    assert response.status_code == 200
    assert shown(response) == [here.pk, there.pk]
    assert hidden.pk not in shown(response) and past.pk not in shown(response)
    assert 'data-seats="12"' in response.content.decode()
    assert response.templates[0].name == "agenda/public/agenda.html"


def test_the_place_agenda_lists_only_its_events(
    client: Client, make_event: Any, place: Any, sister_place: Any, concierge: Any
) -> None:
    from comptoir.community.models import Role
    from comptoir.community.tests.factories import PlaceRoleFactory

    PlaceRoleFactory(person=concierge, place=sister_place, role=Role.CONCIERGE_PERMANENT)
    here = make_event()
    make_event(place=sister_place)
    response = client.get(reverse("agenda:place", args=[place.slug]))
    assert response.status_code == 200
    assert shown(response) == [here.pk]
    assert reverse("agenda:place-ics", args=[place.slug]) in response.content.decode()


def test_an_unknown_or_inactive_place_has_no_agenda(client: Client) -> None:
    closed = PlaceFactory(is_active=False)
    assert client.get(reverse("agenda:place", args=["nowhere"])).status_code == 404
    assert client.get(reverse("agenda:place", args=[closed.slug])).status_code == 404


def test_the_filters_narrow_by_kind_public_service_and_day(
    client: Client, make_event: Any, place: Any
) -> None:
    seniors = make_event(publics=["Seniors"], services=[mediation.SERVICES[0]])
    talk = make_event(kind=EventKind.TALK, publics=["Jeunes"])
    later = make_event(start=local_at(place, 20), publics=["Seniors"])
    url = reverse("agenda:network")
    assert shown(client.get(url, {"type": EventKind.TALK})) == [talk.pk]
    assert shown(client.get(url, {"public": "Seniors"})) == [seniors.pk, later.pk]
    assert shown(client.get(url, {"service": mediation.SERVICES[0]})) == [seniors.pk]
    day = (timezone.now() + timedelta(days=15)).date().isoformat()
    assert shown(client.get(url, {"du": day})) == [later.pk]
    assert shown(client.get(url, {"public": "Seniors", "type": EventKind.TALK})) == []


@pytest.mark.parametrize(
    "params",
    [{"type": "rave"}, {"public": "Martiens"}, {"service": "Tout"}, {"du": "demain"}],
)
def test_a_bad_filter_says_so_with_a_400(client: Client, workshop: Any, params: Any) -> None:
    response = client.get(reverse("agenda:network"), params)
    assert response.status_code == 400
    assert shown(response) == []
    assert 'aria-invalid="true"' in response.content.decode()


def test_htmx_gets_only_the_list_partial(client: Client, workshop: Any) -> None:
    client.get(reverse("agenda:network"))  # the full page is cached, not given to htmx
    response = client.get(reverse("agenda:network"), headers={"HX-Request": "true"})
    assert response.status_code == 200
    body = response.content.decode()
    assert body.lstrip().startswith('<section id="event-list"')
    assert "<html" not in body
    assert shown(response) == [workshop.pk]
    assert "HX-Request" in response["Vary"]


def test_the_list_is_paginated(client: Client, make_event: Any, settings: Any) -> None:
    settings.COMPTOIR_PAGE_SIZE = 2
    events = [make_event(space=None) for _ in range(3)]
    url = reverse("agenda:network")
    assert shown(client.get(url)) == [events[0].pk, events[1].pk]
    assert shown(client.get(url, {"page": 2})) == [events[2].pk]
    assert shown(client.get(url, {"page": "zzz"})) == [events[0].pk, events[1].pk]


# --- Event page -----------------------------------------------------------------------------


def test_the_event_page_shows_the_event_with_json_ld(client: Client, make_event: Any) -> None:
    event = make_event(
        description="## Au programme\n\n* la souris\n\n<script>alert(1)</script>",
        publics=["Seniors"],
        services=[mediation.SERVICES[1]],
        accessibility="Rez-de-chaussée, boucle magnétique.",
        price_cents=500,
    )
    response = client.get(reverse("agenda:event", args=[event.pk]), follow=True)
    assert response.redirect_chain == [
        (reverse("agenda:event-slug", args=[event.pk, event.slug]), 301)
    ]
    body = response.content.decode()
    assert "<h2>Au programme</h2>" in body and "<script>alert" not in body
    assert "Seniors" in body and mediation.SERVICES[1] in body
    assert "boucle magnétique" in body
    assert 'data-seats="12"' in body
    assert 'name="phone"' in body  # the guest form for anonymous people
    data = json_ld(response)
    assert data["@type"] == "Event"
    assert data["name"] == event.title
    assert data["eventStatus"] == "https://schema.org/EventScheduled"
    assert data["location"]["address"]["@type"] == "PostalAddress"
    assert data["offers"]["price"] == "5" and data["offers"]["priceCurrency"] == "EUR"
    assert data["isAccessibleForFree"] is False
    assert data["description"].startswith("Au programme")
    assert data["url"].endswith(reverse("agenda:event-slug", args=[event.pk, event.slug]))


def test_a_cancelled_event_says_so(client: Client, workshop: Any, concierge: Any) -> None:
    event_cancel(event=workshop, by=concierge)
    response = client.get(reverse("agenda:event-slug", args=[workshop.pk, workshop.slug]))
    assert response.status_code == 200
    assert 'data-status="cancelled"' in response.content.decode()
    assert 'name="phone"' not in response.content.decode()
    assert json_ld(response)["eventStatus"] == "https://schema.org/EventCancelled"


def test_a_full_event_offers_the_waitlist(client: Client, make_event: Any) -> None:
    event = make_event(capacity=1)
    register_guest(event=event, guest=Guest("Léa", email="lea@example.org"))
    response = client.get(reverse("agenda:event-slug", args=[event.pk, event.slug]))
    assert fr("Full — registration on the waitlist") in response.content.decode()
    assert 'data-seats="0"' in response.content.decode()
    assert json_ld(response)["offers"]["availability"] == "https://schema.org/SoldOut"


def test_private_draft_and_unknown_events_are_404(client: Client, make_event: Any) -> None:
    private = make_event(is_public=False)
    draft = make_event()
    Event.objects.filter(pk=draft.pk).update(status=Event.Status.DRAFT)
    for pk in (private.pk, draft.pk, 999999):
        assert client.get(reverse("agenda:event", args=[pk])).status_code == 404


def test_the_slug_pattern_leaves_the_other_agenda_pages_alone() -> None:
    for word in ("modifier", "annuler", "presences", "inscription"):
        assert resolve(f"/agenda/12/{word}/").url_name != "event-slug"
    assert resolve("/agenda/12/atelier-souris/").url_name == "event-slug"


def test_the_event_page_offers_concierge_links_to_concierges_only(
    concierge_client: Client, client: Client, workshop: Any
) -> None:
    url = reverse("agenda:event-slug", args=[workshop.pk, workshop.slug])
    assert 'id="concierge-heading"' in concierge_client.get(url).content.decode()
    assert 'id="concierge-heading"' not in client.get(url).content.decode()


# --- Registering ----------------------------------------------------------------------------


def test_a_member_registers_in_one_click(member_client: Client, person: Any, workshop: Any) -> None:
    response = member_client.post(reverse("agenda:register", args=[workshop.pk]))
    registration = Registration.objects.get(event=workshop, person=person)
    assert response.status_code == 302
    assert response["Location"] == reverse("agenda:registration", args=[cancel_token(registration)])
    assert registration.status == Registration.Status.CONFIRMED
    page = member_client.get(reverse("agenda:event-slug", args=[workshop.pk, workshop.slug]))
    assert 'data-registration="confirmed"' in page.content.decode()
    again = member_client.post(reverse("agenda:register", args=[workshop.pk]))
    assert again.status_code == 409
    assert Registration.objects.filter(event=workshop).count() == 1


def test_a_guest_registers_with_a_phone_number_and_no_account_is_made(
    client: Client, workshop: Any
) -> None:
    people = Person.objects.count()
    response = client.post(
        reverse("agenda:register", args=[workshop.pk]),
        {"name": "Jeanne Martin", "email": "", "phone": "06 12 34 56 78"},
        follow=True,
    )
    registration = Registration.objects.get(event=workshop)
    assert registration.phone == "+33612345678" and registration.person is None
    assert Person.objects.count() == people
    assert response.status_code == 200
    body = response.content.decode()
    assert 'data-registration="confirmed"' in body
    assert reverse("agenda:registration-cancel", args=[cancel_token(registration)]) in body
    assert response["Cache-Control"] == "private, no-store"


def test_a_guest_without_contact_is_told_on_the_fields(client: Client, workshop: Any) -> None:
    response = client.post(
        reverse("agenda:register", args=[workshop.pk]), {"name": "Jeanne", "email": "", "phone": ""}
    )
    assert response.status_code == 422
    body = response.content.decode()
    assert 'aria-describedby="id_email_error"' in body
    assert 'id="id_email_error"' in body
    assert 'aria-describedby="id_phone_helptext id_phone_error"' in body
    with translation.override("fr"):
        assert str(ContactMissing.default_message) in body
    assert not Registration.objects.exists()


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"name": "Jeanne", "phone": "12"}, "phone"),
        ({"name": "Jeanne", "email": "pas-une-adresse"}, "email"),
        ({"name": "", "email": "jeanne@example.org"}, "name"),
        ({"name": "J" * 200, "email": "jeanne@example.org"}, "name"),
    ],
)
def test_bad_guest_input_is_refused_on_its_field(
    client: Client, workshop: Any, data: Any, field: str
) -> None:
    response = client.post(reverse("agenda:register", args=[workshop.pk]), data)
    assert response.status_code == 422
    assert f'id="id_{field}_error"' in response.content.decode()
    assert not Registration.objects.exists()


def test_a_guest_registering_twice_is_refused(client: Client, workshop: Any) -> None:
    data = {"name": "Jeanne", "phone": "0612345678"}
    client.post(reverse("agenda:register", args=[workshop.pk]), data)
    response = client.post(reverse("agenda:register", args=[workshop.pk]), data)
    assert response.status_code == 409
    assert 'role="alert"' in response.content.decode()
    assert Registration.objects.filter(event=workshop).count() == 1


def test_a_guest_on_a_full_event_is_waitlisted_with_a_position(
    client: Client, make_event: Any
) -> None:
    event = make_event(capacity=1)
    register_guest(event=event, guest=Guest("Léa", email="lea@example.org"))
    response = client.post(
        reverse("agenda:register", args=[event.pk]),
        {"name": "Jeanne", "phone": "0612345678"},
        follow=True,
    )
    registration = Registration.objects.get(event=event, phone="+33612345678")
    assert registration.status == Registration.Status.WAITLISTED
    assert 'data-registration="waitlisted"' in response.content.decode()


def test_registering_to_a_cancelled_or_past_event_is_refused(
    client: Client, workshop: Any, concierge: Any, make_event: Any
) -> None:
    event_cancel(event=workshop, by=concierge)
    response = client.post(
        reverse("agenda:register", args=[workshop.pk]), {"name": "J", "phone": "0612345678"}
    )
    assert response.status_code == 409
    now = timezone.now()
    past = make_event(
        start=now - timedelta(hours=3), end=now - timedelta(hours=1), now=now - timedelta(days=1)
    )
    response = client.post(
        reverse("agenda:register", args=[past.pk]), {"name": "J", "phone": "0612345678"}
    )
    assert response.status_code == 409
    assert not Registration.objects.exists()


def test_register_only_takes_a_post(client: Client, workshop: Any) -> None:
    assert client.get(reverse("agenda:register", args=[workshop.pk])).status_code == 405


# --- The registration's page and its cancellation -------------------------------------------


def test_the_signed_link_asks_then_cancels(client: Client, make_event: Any) -> None:
    event = make_event(capacity=1)
    first = register_guest(event=event, guest=Guest("Léa", phone="0612345678"))
    second = register_guest(event=event, guest=Guest("Jeanne", phone="0698765432"))
    url = reverse("agenda:registration-cancel", args=[cancel_token(first)])
    asked = client.get(url)
    assert asked.status_code == 200
    first.refresh_from_db()
    assert first.status == Registration.Status.CONFIRMED  # a GET cancels nothing
    response = client.post(url)
    assert response.status_code == 302
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == Registration.Status.CANCELLED
    assert second.status == Registration.Status.CONFIRMED  # promoted from the waitlist
    done = client.get(response["Location"])
    assert 'data-registration="cancelled"' in done.content.decode()
    again = client.post(url)
    assert again.status_code == 409


@pytest.mark.parametrize("token", ["1:nope", "garbage", "999999:abc"])
def test_a_bad_link_gives_a_clear_404(client: Client, workshop: Any, token: str) -> None:
    for name in ("agenda:registration-cancel", "agenda:registration"):
        response = client.get(reverse(name, args=[token]))
        assert response.status_code == 404
        assert 'data-error="invalid_link"' in response.content.decode()


def test_a_tampered_token_of_a_real_registration_is_refused(client: Client, workshop: Any) -> None:
    registration = register_guest(event=workshop, guest=Guest("Léa", phone="0612345678"))
    pk, signature = cancel_token(registration).split(":", 1)
    forged = f"{int(pk) + 1}:{signature}"
    assert client.post(reverse("agenda:registration-cancel", args=[forged])).status_code == 404
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CONFIRMED


def _over(event: Any) -> None:
    """The event took place: it ended an hour ago."""
    now = timezone.now()
    Event.objects.filter(pk=event.pk).update(
        start=now - timedelta(hours=3), end=now - timedelta(hours=1)
    )


def test_the_link_of_an_event_that_is_over_has_expired(client: Client, workshop: Any) -> None:
    registration = register_guest(event=workshop, guest=Guest("Léa", phone="0612345678"))
    token = cancel_token(registration)
    _over(workshop)
    for name in ("agenda:registration-cancel", "agenda:registration"):
        with translation.override("fr"):
            response = client.get(reverse(name, args=[token]))
        body = response.content.decode()
        assert response.status_code == 410
        assert 'data-error="link_expired"' in body
        assert fr("This link has expired") in body
        assert "Léa" not in body  # the page names no one any more
    assert client.post(reverse("agenda:registration-cancel", args=[token])).status_code == 410
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CONFIRMED


def test_the_event_page_offers_no_expired_link(
    member_client: Client, person: Any, workshop: Any
) -> None:
    registration = register_member(event=workshop, person=person)
    link = reverse("agenda:registration-cancel", args=[cancel_token(registration)])
    page = reverse("agenda:event-slug", args=[workshop.pk, workshop.slug])
    assert link in member_client.get(page).content.decode()
    _over(workshop)
    assert link not in member_client.get(page).content.decode()


# --- The anonymous cache --------------------------------------------------------------------


# The cache's version is bumped once a change commits: these tests run their changes under
# django_capture_on_commit_callbacks(execute=True), as they would commit for real.


def test_anonymous_pages_come_from_the_cache_until_something_changes(
    client: Client,
    workshop: Any,
    django_assert_num_queries: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    url = reverse("agenda:event-slug", args=[workshop.pk, workshop.slug])
    assert 'data-seats="12"' in client.get(url).content.decode()
    with django_assert_num_queries(0):
        cached = client.get(url)
    assert 'data-seats="12"' in cached.content.decode()
    assert public_cache.CSRF_PLACEHOLDER not in cached.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        register_guest(event=workshop, guest=Guest("Léa", phone="0612345678"))
    assert 'data-seats="11"' in client.get(url).content.decode()


def test_a_cached_page_carries_a_working_csrf_token(workshop: Any) -> None:
    url = reverse("agenda:event-slug", args=[workshop.pk, workshop.slug])
    Client().get(url)  # someone else fills the cache
    visitor = Client(enforce_csrf_checks=True)
    page = visitor.get(url).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert token
    response = visitor.post(
        reverse("agenda:register", args=[workshop.pk]),
        {"csrfmiddlewaretoken": token.group(1), "name": "Léa", "phone": "0612345678"},
    )
    assert response.status_code == 302


def test_members_are_never_served_the_anonymous_page(
    client: Client,
    member_client: Client,
    person: Any,
    workshop: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    url = reverse("agenda:event-slug", args=[workshop.pk, workshop.slug])
    client.get(url)
    register_member(event=workshop, person=PersonFactory())
    cache_version = public_cache.version()
    with django_capture_on_commit_callbacks(execute=True):
        register_member(event=workshop, person=person)
    assert public_cache.version() != cache_version
    page = member_client.get(url).content.decode()
    assert 'data-registration="confirmed"' in page
    assert 'name="phone"' not in page


def test_a_changed_event_shows_at_once(
    client: Client, workshop: Any, concierge: Any, django_capture_on_commit_callbacks: Any
) -> None:
    url = reverse("agenda:network")
    assert shown(client.get(url)) == [workshop.pk]
    with django_capture_on_commit_callbacks(execute=True):
        event_cancel(event=workshop, by=concierge)
    assert 'data-seats="cancelled"' in client.get(url).content.decode()
