"""A concierge registers someone at the desk: a member by their email, anyone else with a
name and a contact; the waitlist past the seats; refusals on their field, nothing saved."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from comptoir.agenda.models import Event, Registration
from comptoir.agenda.services.registrations import Guest, register_guest
from comptoir.community.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def url(event: Event) -> str:
    return reverse("agenda:register-desk", args=[event.pk])


def said(response: Any) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_a_concierge_registers_a_person_without_account_by_phone(
    concierge_client: Any, concierge: Any, workshop: Event
) -> None:
    page = concierge_client.get(url(workshop))
    assert page.status_code == 200

    response = concierge_client.post(
        url(workshop), {"name": "Monique Faure", "phone": "06 12 34 56 01"}
    )

    assert response.status_code == 302
    registration = Registration.objects.get(event=workshop)
    assert registration.person is None and registration.phone == "+33612345601"
    assert registration.registered_by == concierge
    assert registration.status == Registration.Status.CONFIRMED
    assert any("Monique Faure" in message for message in said(response))


def test_a_member_is_found_by_their_email(concierge_client: Any, workshop: Event) -> None:
    member = PersonFactory(email="Rosa@Example.org")

    concierge_client.post(url(workshop), {"name": "", "email": "rosa@example.org"})

    registration = Registration.objects.get(event=workshop)
    assert registration.person == member


def test_past_the_seats_they_go_on_the_waitlist(concierge_client: Any, make_event: Any) -> None:
    event = make_event(capacity=1)
    register_guest(event=event, guest=Guest("Jean Roux", phone="0612345602"))

    response = concierge_client.post(url(event), {"name": "Lucie Perrin", "phone": "0612345603"})

    waiting = Registration.objects.get(event=event, name="Lucie Perrin")
    assert waiting.status == Registration.Status.WAITLISTED
    assert response.status_code == 302 and said(response)


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"name": "Sans Contact"}, "email"),
        ({"name": "Mauvais Numéro", "phone": "06 1"}, "phone"),
        ({"name": "", "phone": "0612345604"}, "name"),
    ],
)
def test_bad_input_is_refused_on_its_field(
    concierge_client: Any, workshop: Event, data: dict[str, str], field: str
) -> None:
    response = concierge_client.post(url(workshop), data)

    assert response.status_code == 422
    assert response.context["form"].errors[field]
    assert not Registration.objects.exists()


def test_an_email_of_no_member_without_a_name_says_no_member_was_found(
    concierge_client: Any, workshop: Event
) -> None:
    PersonFactory(email="rosa.lopez@example.org")

    response = concierge_client.post(url(workshop), {"name": "", "email": "rosa.lopes@example.org"})

    assert response.status_code == 422
    error = response.context["form"].errors["email"][0]
    assert "rosa.lopes@example.org" in error and "nom" in error
    assert not Registration.objects.exists()


def test_twice_the_same_person_is_refused(concierge_client: Any, workshop: Event) -> None:
    register_guest(event=workshop, guest=Guest("Jean Roux", phone="0612345602"))

    response = concierge_client.post(url(workshop), {"name": "Jean R.", "phone": "06 12 34 56 02"})

    assert response.status_code == 409
    assert Registration.objects.count() == 1


def test_a_started_event_is_refused(concierge_client: Any, make_event: Any, place: Any) -> None:
    now = timezone.now()
    event = make_event(start=now + timedelta(hours=1), now=now)
    Event.objects.filter(pk=event.pk).update(start=now - timedelta(minutes=5))

    response = concierge_client.post(url(event), {"name": "En Retard", "phone": "0612345605"})

    assert response.status_code == 409
    assert not Registration.objects.exists()


def test_only_the_places_concierges_register_others(
    client: Any, login: Any, nomad: Any, workshop: Event
) -> None:
    assert login(nomad).get(url(workshop)).status_code == 403
    anonymous = client.post(url(workshop), {"name": "X", "phone": "0612345606"})
    assert anonymous.status_code == 302 and "/comptes/" in anonymous["Location"]
    assert not Registration.objects.exists()
