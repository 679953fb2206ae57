"""Registering to an event: members, people without an account, the desk; the waitlist,
cancelling (also through the signed link), and every bad input with a clear error."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import translation

from comptoir.agenda.exceptions import (
    AlreadyRegistered,
    BadPhone,
    ContactMissing,
    EventCancelled,
    EventPast,
    RegistrationCancelled,
    RegistrationClosed,
)
from comptoir.agenda.models import Event, Registration
from comptoir.agenda.services.events import event_cancel, event_input, event_update
from comptoir.agenda.services.registrations import (
    Guest,
    InvalidLink,
    LinkExpired,
    cancel_token,
    normalise_phone,
    register_at_desk,
    register_guest,
    register_member,
    registration_cancel,
    registration_from_token,
    waitlist_promote,
)
from comptoir.community.models import Person
from comptoir.community.tests.factories import PersonFactory
from comptoir.core.exceptions import InvalidInput, NotAllowed
from comptoir.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def guests(event: Any, count: int, prefix: str = "g") -> list[Registration]:
    return [
        register_guest(event=event, guest=Guest(f"Invité {i}", email=f"{prefix}{i}@example.org"))
        for i in range(count)
    ]


# --- the three ways to register ------------------------------------------------------------


def test_a_member_registers_in_one_click(workshop: Any, person: Any) -> None:
    registration = register_member(event=workshop, person=person)
    assert registration.status == Registration.Status.CONFIRMED
    assert registration.person == person
    assert registration.name == person.display_name
    assert registration.email == person.email
    assert registration.identity == f"p:{person.pk}"
    assert registration.registered_by == person
    assert AuditEvent.objects.filter(
        verb="registration.created", target_id=str(registration.pk)
    ).exists()


def test_someone_without_an_account_registers_with_a_name_and_an_email(workshop: Any) -> None:
    people = Person.objects.count()
    registration = register_guest(
        event=workshop, guest=Guest("  Camille   Durand ", email=" Camille@Example.org ")
    )
    assert registration.status == Registration.Status.CONFIRMED
    assert registration.person is None
    assert registration.name == "Camille Durand"
    assert registration.email == "Camille@Example.org"
    assert registration.identity == "e:camille@example.org"
    assert registration.registered_by is None
    assert Person.objects.count() == people  # no account created


def test_someone_registers_with_a_phone_number_alone(workshop: Any) -> None:
    registration = register_guest(event=workshop, guest=Guest("Marcel", phone="06 12 34 56 78"))
    assert registration.phone == "+33612345678"
    assert registration.email == ""
    assert registration.identity == "t:+33612345678"


def test_a_concierge_registers_someone_at_the_desk(workshop: Any, concierge: Any) -> None:
    registration = register_at_desk(
        event=workshop, by=concierge, guest=Guest("Josette", phone="+33 4 77 00 00 00")
    )
    assert registration.registered_by == concierge
    assert registration.phone == "+33477000000"
    assert registration.status == Registration.Status.CONFIRMED


def test_a_concierge_registers_a_member_at_the_desk(
    workshop: Any, concierge: Any, person: Any
) -> None:
    registration = register_at_desk(event=workshop, by=concierge, person=person)
    assert registration.person == person
    assert registration.identity == f"p:{person.pk}"
    assert registration.registered_by == concierge


def test_at_the_desk_an_email_without_a_name_is_a_member_not_found(
    workshop: Any, concierge: Any
) -> None:
    with pytest.raises(InvalidInput) as refused:
        register_at_desk(
            event=workshop, by=concierge, guest=Guest("", email="rosa.lopes@example.org")
        )

    assert refused.value.field == "email"
    assert "rosa.lopes@example.org" in str(refused.value.message)
    assert not Registration.objects.exists()


def test_only_the_place_concierges_register_others(workshop: Any, nomad: Any) -> None:
    with pytest.raises(NotAllowed):
        register_at_desk(event=workshop, by=nomad, guest=Guest("X", email="x@example.org"))
    assert not workshop.registrations.exists()


def test_the_desk_registers_a_member_or_a_guest_not_both(
    workshop: Any, concierge: Any, person: Any
) -> None:
    with pytest.raises(InvalidInput) as error:
        register_at_desk(
            event=workshop, by=concierge, person=person, guest=Guest("X", email="x@example.org")
        )
    assert error.value.field == "person"
    with pytest.raises(InvalidInput):
        register_at_desk(event=workshop, by=concierge)
    assert not workshop.registrations.exists()


def test_an_event_without_a_seat_limit_confirms_everyone(make_event: Any) -> None:
    event = make_event(capacity=None)
    assert {r.status for r in guests(event, 15)} == {Registration.Status.CONFIRMED}


# --- the waitlist --------------------------------------------------------------------------


def test_a_full_event_puts_people_on_the_waitlist(make_event: Any, person: Any) -> None:
    event = make_event(capacity=2)
    first, second = guests(event, 2)
    assert first.status == second.status == Registration.Status.CONFIRMED
    late = register_member(event=event, person=person)
    assert late.status == Registration.Status.WAITLISTED


def test_cancelling_a_seat_promotes_the_first_person_waiting(make_event: Any) -> None:
    event = make_event(capacity=2)
    first, _second, third, fourth = guests(event, 4)
    registration_cancel(registration=first)
    third.refresh_from_db()
    fourth.refresh_from_db()
    assert third.status == Registration.Status.CONFIRMED
    assert third.promoted_at is not None
    assert fourth.status == Registration.Status.WAITLISTED
    assert event.registrations.filter(status="confirmed").count() == 2
    assert AuditEvent.objects.filter(verb="registration.promoted", target_id=str(third.pk)).exists()


def test_leaving_the_waitlist_promotes_no_one(make_event: Any) -> None:
    event = make_event(capacity=1)
    _first, second, third = guests(event, 3)
    registration_cancel(registration=second)
    third.refresh_from_db()
    assert third.status == Registration.Status.WAITLISTED


def test_more_seats_promote_the_waitlist_in_arrival_order(make_event: Any, concierge: Any) -> None:
    event = make_event(capacity=1)
    regs = guests(event, 5)
    event_update(event=event, by=concierge, data=event_input(event, capacity=3))
    statuses = [Registration.objects.get(pk=r.pk).status for r in regs]
    assert statuses == ["confirmed", "confirmed", "confirmed", "waitlisted", "waitlisted"]


def test_waitlist_promote_fills_free_seats_only(make_event: Any) -> None:
    event = make_event(capacity=1)
    regs = guests(event, 4)
    assert waitlist_promote(event) == []
    Event.objects.filter(pk=event.pk).update(capacity=3)
    promoted = waitlist_promote(event)
    assert [r.pk for r in promoted] == [regs[1].pk, regs[2].pk]
    assert waitlist_promote(event) == []


def test_people_waiting_go_before_a_newcomer_when_seats_are_free(make_event: Any) -> None:
    event = make_event(capacity=1)
    _first, waiting = guests(event, 2)
    Event.objects.filter(pk=event.pk).update(capacity=2)  # seats added behind the service
    newcomer = register_guest(event=event, guest=Guest("Nouvelle", email="new@example.org"))
    waiting.refresh_from_db()
    assert waiting.status == Registration.Status.CONFIRMED
    assert newcomer.status == Registration.Status.WAITLISTED


def test_no_promotion_once_the_event_has_started(make_event: Any) -> None:
    event = make_event(capacity=1)
    _first, waiting = guests(event, 2)
    Event.objects.filter(pk=event.pk).update(capacity=2)
    assert waitlist_promote(event, now=event.start + timedelta(minutes=5)) == []
    waiting.refresh_from_db()
    assert waiting.status == Registration.Status.WAITLISTED


# --- bad input -----------------------------------------------------------------------------


def test_registering_to_a_past_event_is_refused(workshop: Any, person: Any) -> None:
    with pytest.raises(EventPast) as error:
        register_member(event=workshop, person=person, now=workshop.start + timedelta(minutes=1))
    assert error.value.code == "event_past"
    assert error.value.message
    assert not workshop.registrations.exists()


def test_registering_to_a_cancelled_event_is_refused(workshop: Any, concierge: Any) -> None:
    event_cancel(event=workshop, by=concierge)
    with pytest.raises(EventCancelled):
        register_guest(event=workshop, guest=Guest("A", email="a@example.org"))
    assert not workshop.registrations.exists()


def test_registering_to_a_draft_is_refused(workshop: Any, person: Any) -> None:
    Event.objects.filter(pk=workshop.pk).update(status=Event.Status.DRAFT)
    with pytest.raises(RegistrationClosed) as error:
        register_member(event=workshop, person=person)
    assert error.value.code == "registration_closed"


def test_registering_to_an_event_without_registration_is_refused(
    make_event: Any, person: Any
) -> None:
    event = make_event(registration_required=False)
    with pytest.raises(RegistrationClosed):
        register_member(event=event, person=person)


def test_the_same_email_twice_is_refused_whatever_its_case(workshop: Any) -> None:
    register_guest(event=workshop, guest=Guest("A", email="ana@example.org"))
    with pytest.raises(AlreadyRegistered) as error:
        register_guest(event=workshop, guest=Guest("Ana bis", email="ANA@example.org"))
    assert error.value.code == "already_registered"
    assert workshop.registrations.count() == 1


def test_the_same_phone_twice_is_refused_whatever_its_format(workshop: Any) -> None:
    register_guest(event=workshop, guest=Guest("A", phone="06 12 34 56 78"))
    with pytest.raises(AlreadyRegistered):
        register_guest(event=workshop, guest=Guest("B", phone="+33612345678"))
    assert workshop.registrations.count() == 1


def test_a_member_twice_is_refused(workshop: Any, person: Any, concierge: Any) -> None:
    register_member(event=workshop, person=person)
    with pytest.raises(AlreadyRegistered):
        register_member(event=workshop, person=person)
    with pytest.raises(AlreadyRegistered):
        register_at_desk(event=workshop, by=concierge, person=person)
    with pytest.raises(AlreadyRegistered):
        register_guest(event=workshop, guest=Guest("Same", email=person.email.upper()))
    assert workshop.registrations.count() == 1


def test_the_same_person_may_register_again_after_cancelling(workshop: Any, person: Any) -> None:
    first = register_member(event=workshop, person=person)
    registration_cancel(registration=first, by=person)
    again = register_member(event=workshop, person=person)
    assert again.pk != first.pk and again.status == Registration.Status.CONFIRMED


def test_the_same_email_on_another_event_is_fine(make_event: Any) -> None:
    one, two = make_event(), make_event()
    register_guest(event=one, guest=Guest("A", email="a@example.org"))
    register_guest(event=two, guest=Guest("A", email="a@example.org"))


def test_neither_email_nor_phone_is_refused(workshop: Any) -> None:
    with pytest.raises(ContactMissing) as error:
        register_guest(event=workshop, guest=Guest("Sans contact", email=" ", phone=""))
    assert error.value.code == "contact_missing"
    assert error.value.status == 422
    assert not workshop.registrations.exists()


def test_a_name_is_required(workshop: Any) -> None:
    with pytest.raises(InvalidInput) as error:
        register_guest(event=workshop, guest=Guest("   ", email="a@example.org"))
    assert error.value.field == "name"


def test_a_name_too_long_is_refused(workshop: Any) -> None:
    with pytest.raises(InvalidInput) as error:
        register_guest(event=workshop, guest=Guest("x" * 151, email="a@example.org"))
    assert error.value.field == "name"


@pytest.mark.parametrize("email", ["nope", "a@", "@example.org", "a b@example.org"])
def test_a_malformed_email_is_refused(workshop: Any, email: str) -> None:
    with pytest.raises(InvalidInput) as error:
        register_guest(event=workshop, guest=Guest("A", email=email))
    assert error.value.field == "email"
    assert not workshop.registrations.exists()


@pytest.mark.parametrize("phone", ["12", "06 12", "hello", "06 12 34 56 78 90 12", "+999 1234"])
def test_a_malformed_phone_is_refused(workshop: Any, phone: str) -> None:
    with pytest.raises(BadPhone) as error:
        register_guest(event=workshop, guest=Guest("A", phone=phone))
    assert error.value.code == "bad_phone"
    assert error.value.field == "phone"
    assert not workshop.registrations.exists()


@pytest.mark.parametrize(
    ("raw", "e164"),
    [
        ("06 12 34 56 78", "+33612345678"),
        ("06.12.34.56.78", "+33612345678"),
        ("+33 6 12 34 56 78", "+33612345678"),
        ("0033612345678", "+33612345678"),
        ("04 77 12 34 56", "+33477123456"),
        ("+32 470 12 34 56", "+32470123456"),
    ],
)
def test_phones_are_normalised_to_e164(raw: str, e164: str) -> None:
    assert normalise_phone(raw) == e164


@pytest.mark.parametrize("raw", ["", "   ", "abc", "0612", "+33 6 12", "9" * 40])
def test_normalise_phone_refuses_what_is_not_a_number(raw: str) -> None:
    with pytest.raises(BadPhone):
        normalise_phone(raw)


# --- cancelling ----------------------------------------------------------------------------


def test_cancelling_twice_says_it_is_already_cancelled(workshop: Any) -> None:
    registration = register_guest(event=workshop, guest=Guest("A", email="a@example.org"))
    cancelled = registration_cancel(registration=registration)
    assert cancelled.status == Registration.Status.CANCELLED
    assert cancelled.cancelled_at is not None
    with pytest.raises(RegistrationCancelled) as error:
        registration_cancel(registration=registration)
    assert error.value.code == "registration_cancelled"


def test_a_member_cancels_their_own_registration_not_others(
    workshop: Any, person: Any, nomad: Any
) -> None:
    registration = register_member(event=workshop, person=person)
    with pytest.raises(NotAllowed):
        registration_cancel(registration=registration, by=nomad)
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CONFIRMED
    registration_cancel(registration=registration, by=person)
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CANCELLED


def test_a_concierge_cancels_a_registration(workshop: Any, concierge: Any) -> None:
    registration = register_guest(event=workshop, guest=Guest("A", phone="0612345678"))
    registration_cancel(registration=registration, by=concierge)
    assert AuditEvent.objects.filter(
        verb="registration.cancelled", target_id=str(registration.pk), actor=concierge
    ).exists()


def test_cancelling_after_the_start_is_refused(workshop: Any) -> None:
    registration = register_guest(event=workshop, guest=Guest("A", email="a@example.org"))
    with pytest.raises(EventPast):
        registration_cancel(registration=registration, now=workshop.start + timedelta(hours=1))
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CONFIRMED


# --- the signed link -----------------------------------------------------------------------


def test_the_cancel_link_names_its_registration(workshop: Any) -> None:
    registration = register_guest(event=workshop, guest=Guest("A", email="a@example.org"))
    token = cancel_token(registration)
    assert "/" not in token
    assert registration_from_token(token) == registration


@pytest.mark.parametrize("mangle", [lambda t: t + "x", lambda t: "9" + t, lambda t: t[:-3], str])
def test_a_tampered_link_is_refused(workshop: Any, mangle: Any) -> None:
    registration = register_guest(event=workshop, guest=Guest("A", email="a@example.org"))
    token = cancel_token(registration)
    bad = mangle(token) if mangle is not str else "nonsense"
    with pytest.raises(InvalidLink) as error:
        registration_from_token(bad)
    assert error.value.code == "invalid_link"
    assert error.value.message


def test_a_link_signed_for_something_else_is_refused(workshop: Any) -> None:
    from django.core import signing

    registration = register_guest(event=workshop, guest=Guest("A", email="a@example.org"))
    with pytest.raises(InvalidLink):
        registration_from_token(signing.Signer().sign(str(registration.pk)))


def test_the_link_of_a_deleted_registration_is_refused(workshop: Any) -> None:
    registration = register_guest(event=workshop, guest=Guest("A", email="a@example.org"))
    token = cancel_token(registration)
    registration.delete()
    with pytest.raises(InvalidLink):
        registration_from_token(token)


def test_the_link_works_until_the_event_is_over_then_expires(workshop: Any) -> None:
    registration = register_guest(event=workshop, guest=Guest("A", email="a@example.org"))
    token = cancel_token(registration)
    during = workshop.start + timedelta(minutes=30)
    assert registration_from_token(token, now=during) == registration
    with translation.override("en"), pytest.raises(LinkExpired) as error:
        registration_from_token(token, now=workshop.end)
    assert (error.value.code, error.value.status) == ("link_expired", 410)
    assert "the event is over" in error.value.message


def test_a_postponed_event_keeps_its_links_working(workshop: Any) -> None:
    registration = register_guest(event=workshop, guest=Guest("A", email="a@example.org"))
    token = cancel_token(registration)
    later = workshop.end + timedelta(days=7)
    Event.objects.filter(pk=workshop.pk).update(start=workshop.start + timedelta(days=7), end=later)
    assert registration_from_token(token, now=workshop.end + timedelta(days=1)) == registration
    with pytest.raises(LinkExpired):
        registration_from_token(token, now=later)


def test_a_link_survives_a_key_rotation_while_the_old_key_is_a_fallback(
    workshop: Any, settings: Any
) -> None:
    registration = register_guest(event=workshop, guest=Guest("A", email="a@example.org"))
    old_key, token = settings.SECRET_KEY, cancel_token(registration)
    settings.SECRET_KEY = "a-new-key-" + "z" * 40
    settings.SECRET_KEY_FALLBACKS = [old_key]
    assert registration_from_token(token) == registration
    settings.SECRET_KEY_FALLBACKS = []
    with pytest.raises(InvalidLink):
        registration_from_token(token)


def test_the_link_of_a_cancelled_registration_says_so(workshop: Any) -> None:
    registration = register_guest(event=workshop, guest=Guest("A", email="a@example.org"))
    token = cancel_token(registration)
    registration_cancel(registration=registration_from_token(token))
    found = registration_from_token(token)
    assert found.status == Registration.Status.CANCELLED
    with pytest.raises(RegistrationCancelled):
        registration_cancel(registration=found)


def test_an_inactive_member_cannot_register(workshop: Any) -> None:
    gone = PersonFactory(is_active=False)
    with pytest.raises(NotAllowed):
        register_member(event=workshop, person=gone)
