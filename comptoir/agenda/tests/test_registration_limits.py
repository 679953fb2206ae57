"""Registering without an account is limited per address and per contact, on the agenda's
page and through the API; members and the desk are not. A registration made without an
account with a member's email never blocks the member: it becomes theirs."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from comptoir.agenda.audit import Verb
from comptoir.agenda.exceptions import AlreadyRegistered
from comptoir.agenda.models import Registration
from comptoir.agenda.services.registrations import (
    Guest,
    register_at_desk,
    register_guest,
    register_member,
)
from comptoir.community.tests.factories import PersonFactory
from comptoir.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def _limits(settings: Any, address: str = "100/m/ip", contact: str = "100/h/key") -> None:
    settings.ACCOUNT_RATE_LIMITS = {
        **settings.ACCOUNT_RATE_LIMITS,
        "event_register": address,
        "event_register_contact": contact,
    }


def _page(client: Client, event: Any, name: str, **contact: str) -> Any:
    return client.post(reverse("agenda:register", args=[event.pk]), {"name": name, **contact})


def _api(client: Client, event: Any, body: dict[str, Any]) -> Any:
    return client.post(
        f"/api/v1/events/{event.pk}/registrations", body, content_type="application/json"
    )


# --- limits -------------------------------------------------------------------------------


def test_the_page_limits_registrations_per_address(
    settings: Any, make_event: Any, workshop: Any
) -> None:
    _limits(settings, address="3/m/ip")
    client, other = Client(REMOTE_ADDR="192.0.2.1"), Client(REMOTE_ADDR="192.0.2.2")
    events = [workshop, *(make_event() for _ in range(3))]

    statuses = [
        _page(client, e, f"Invité {i}", email=f"g{i}@example.org").status_code
        for i, e in enumerate(events)
    ]

    assert statuses == [302, 302, 302, 429]
    refused = _page(client, events[3], "Invité 3", email="g3@example.org")
    assert "Trop de tentatives" in refused.content.decode()
    assert Registration.objects.count() == 3
    assert _page(other, events[3], "Invité 3", email="g3@example.org").status_code == 302


def test_the_page_limits_registrations_per_contact(
    settings: Any, make_event: Any, workshop: Any
) -> None:
    _limits(settings, contact="2/h/key")
    events = [workshop, make_event(), make_event()]
    # From three addresses: the contact is what is counted here.
    clients = [Client(REMOTE_ADDR=f"192.0.2.{i}") for i in range(3)]

    statuses = [
        _page(c, e, "Camille", email="Camille@Example.org").status_code
        for c, e in zip(clients, events, strict=True)
    ]

    assert statuses == [302, 302, 429]
    assert _page(clients[2], events[2], "Dominique", email="dom@example.org").status_code == 302


def test_a_phone_counts_whatever_its_spelling(
    settings: Any, make_event: Any, workshop: Any
) -> None:
    _limits(settings, contact="1/h/key")
    first = _page(Client(REMOTE_ADDR="192.0.2.1"), workshop, "Camille", phone="06 12 34 56 78")
    second = _page(Client(REMOTE_ADDR="192.0.2.2"), make_event(), "Camille", phone="+33612345678")

    assert (first.status_code, second.status_code) == (302, 429)


def test_the_api_limits_anonymous_registrations_with_a_429(
    settings: Any, make_event: Any, workshop: Any
) -> None:
    _limits(settings, address="2/m/ip")
    client = Client()
    events = [workshop, make_event(), make_event()]

    responses = [
        _api(client, e, {"name": f"Invité {i}", "email": f"g{i}@example.org"})
        for i, e in enumerate(events)
    ]

    assert [r.status_code for r in responses] == [201, 201, 429]
    assert responses[2].json()["code"] == "throttled"
    assert responses[2].json()["detail"]
    assert int(responses[2]["Retry-After"]) == 60
    assert Registration.objects.count() == 2


def test_the_api_limits_per_contact(settings: Any, make_event: Any, workshop: Any) -> None:
    _limits(settings, contact="1/h/key")
    _api(Client(REMOTE_ADDR="192.0.2.1"), workshop, {"name": "C", "email": "c@example.org"})

    response = _api(
        Client(REMOTE_ADDR="192.0.2.2"), make_event(), {"name": "C", "email": "C@example.org"}
    )

    assert response.status_code == 429
    assert response["Retry-After"] == "3600"


def test_members_are_not_limited(
    settings: Any, member_client: Client, make_event: Any, workshop: Any
) -> None:
    _limits(settings, address="1/m/ip", contact="1/h/key")
    events = [workshop, make_event(), make_event()]

    statuses = [
        member_client.post(reverse("agenda:register", args=[e.pk])).status_code for e in events
    ]

    assert statuses == [302, 302, 302]


def test_the_default_limits_stop_sixty_registrations_from_one_client(
    make_event: Any, workshop: Any
) -> None:
    client = Client()
    statuses = [
        _api(client, workshop, {"name": f"Invité {i}", "email": f"g{i}@example.org"}).status_code
        for i in range(60)
    ]

    assert statuses.count(201) == 10
    assert set(statuses[10:]) == {429}


# --- a guest registration with a member's email -------------------------------------------


def test_a_guest_registration_with_a_members_email_becomes_the_members(
    workshop: Any,
) -> None:
    rosa = PersonFactory(email="rosa@example.org")
    guest = register_guest(event=workshop, guest=Guest("Quelqu'un", email="ROSA@example.org"))

    registration = register_member(event=workshop, person=rosa)

    assert registration.pk == guest.pk
    assert registration.person == rosa
    assert registration.name == rosa.display_name
    assert registration.identity == f"p:{rosa.pk}"
    assert registration.status == Registration.Status.CONFIRMED
    assert workshop.registrations.count() == 1
    assert AuditEvent.objects.filter(
        verb=Verb.REGISTRATION_CLAIMED, target_id=str(registration.pk)
    ).exists()


def test_the_member_keeps_the_guest_registrations_place_on_the_waitlist(make_event: Any) -> None:
    event = make_event(capacity=1)
    register_guest(event=event, guest=Guest("Premier", email="premier@example.org"))
    waiting = register_guest(event=event, guest=Guest("Pour Rosa", email="rosa@example.org"))
    rosa = PersonFactory(email="rosa@example.org")

    registration = register_member(event=event, person=rosa)

    assert (registration.pk, registration.status) == (waiting.pk, Registration.Status.WAITLISTED)


def test_the_desk_registering_the_member_takes_over_too(workshop: Any, concierge: Any) -> None:
    rosa = PersonFactory(email="rosa@example.org")
    guest = register_guest(event=workshop, guest=Guest("Rosa", email="rosa@example.org"))

    registration = register_at_desk(event=workshop, by=concierge, person=rosa)

    assert (registration.pk, registration.person) == (guest.pk, rosa)


def test_a_member_already_registered_is_still_refused_a_second_time(workshop: Any) -> None:
    rosa = PersonFactory(email="rosa@example.org")
    register_member(event=workshop, person=rosa)

    with pytest.raises(AlreadyRegistered):
        register_member(event=workshop, person=rosa)
    with pytest.raises(AlreadyRegistered):
        register_guest(event=workshop, guest=Guest("Rosa", email="ROSA@example.org"))


def test_a_cancelled_guest_registration_is_not_taken_over(workshop: Any) -> None:
    from comptoir.agenda.services.registrations import registration_cancel

    rosa = PersonFactory(email="rosa@example.org")
    guest = register_guest(event=workshop, guest=Guest("Rosa", email="rosa@example.org"))
    registration_cancel(registration=guest)

    registration = register_member(event=workshop, person=rosa)

    assert registration.pk != guest.pk
    assert registration.status == Registration.Status.CONFIRMED


def test_through_the_api_the_member_is_not_blocked(workshop: Any) -> None:
    rosa = PersonFactory(email="rosa@example.org")
    assert _api(Client(), workshop, {"name": "X", "email": "ROSA@example.org"}).status_code == 201
    client = Client()
    client.force_login(rosa)

    response = _api(client, workshop, {})

    assert response.status_code == 201, response.content
    assert Registration.objects.get().person == rosa
