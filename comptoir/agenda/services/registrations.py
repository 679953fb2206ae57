"""Registrations: a member in one click, someone without an account (a name and an email or
a phone), or a concierge at the desk. Seats are counted under a row lock on the event, so
an event never has more confirmed people than seats: past that, people go on the waitlist,
which is promoted in arrival order when a seat frees. Each registration can be cancelled
through a signed link, without logging in, until the event is over."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import partial
from typing import Any

import phonenumbers
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from comptoir.agenda.audit import Verb
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
from comptoir.community import permissions
from comptoir.community.models import Person
from comptoir.core.exceptions import DomainError, InvalidInput, NotAllowed
from comptoir.core.services import audit_record
from comptoir.core.types import Actor

DEFAULT_REGION = "FR"
TOKEN_SALT = "comptoir.agenda.registration-cancel"
NAME_MAX = Registration._meta.get_field("name").max_length or 150
EMAIL_MAX = Registration._meta.get_field("email").max_length or 254


class InvalidLink(InvalidInput):
    """A cancellation link that was mistyped, cut or tampered with."""

    code = "invalid_link"
    status = 404
    default_message = gettext_lazy(
        "This link is not valid. Copy the whole link from the email, or ask the place."
    )


class LinkExpired(DomainError):
    """A cancellation link of an event that is over: it names no one any more."""

    code = "link_expired"
    status = 410
    default_message = gettext_lazy(
        "This link has expired: the event is over. To register for another event, see the agenda."
    )


@dataclass
class Guest:
    """Someone without an account: a name and an email or a phone number."""

    name: str
    email: str = ""
    phone: str = ""


# --- input ---------------------------------------------------------------------------------


def normalise_phone(raw: str, region: str = DEFAULT_REGION) -> str:
    """The number in E.164 (+33612345678); raises BadPhone when it is not a valid number."""
    text = (raw or "").strip()
    if not text or len(text) > 32:
        raise BadPhone(field="phone")
    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException as error:
        raise BadPhone(field="phone") from error
    if not phonenumbers.is_valid_number(number):
        raise BadPhone(field="phone")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def _clean_guest(guest: Guest) -> Guest:
    name = " ".join((guest.name or "").split())
    if not name:
        raise InvalidInput(_("Give the name of the person who registers."), field="name")
    if len(name) > NAME_MAX:
        raise InvalidInput(
            _("A name has at most %(count)s characters.") % {"count": NAME_MAX}, field="name"
        )
    email = (guest.email or "").strip()
    phone = (guest.phone or "").strip()
    if not email and not phone:
        raise ContactMissing(field="email")
    if email:
        try:
            if len(email) > EMAIL_MAX:
                raise ValidationError("too long")
            validate_email(email)
        except ValidationError as error:
            raise InvalidInput(
                _("This email address is not valid. Example: camille@example.org."),
                field="email",
            ) from error
    if phone:
        phone = normalise_phone(phone)
    return Guest(name=name, email=email, phone=phone)


def identity_of(*, person: Person | None, email: str = "", phone: str = "") -> str:
    """Who this is across events: the member, else the email, else the phone."""
    if person is not None:
        return f"p:{person.pk}"
    if email:
        return f"e:{email.lower()}"
    return f"t:{phone}"


# --- seats ---------------------------------------------------------------------------------


def _lock(event: Event) -> Event:
    """The event, row-locked for this transaction: registrations to it queue up here."""
    return Event.objects.select_for_update(of=("self",)).select_related("place").get(pk=event.pk)


def _check_open(event: Event, now: datetime) -> None:
    if event.status == Event.Status.CANCELLED:
        raise EventCancelled()
    if event.status != Event.Status.SCHEDULED or not event.registration_required:
        raise RegistrationClosed()
    if event.start <= now:
        raise EventPast()


def _confirmed(event: Event) -> int:
    return event.registrations.filter(status=Registration.Status.CONFIRMED).count()


def _waitlist(event: Event) -> Any:
    return event.registrations.filter(status=Registration.Status.WAITLISTED).order_by(
        "created_at", "pk"
    )


def _check_duplicate(event: Event, *, person: Person | None, email: str, phone: str) -> None:
    same = Q()
    if person is not None:
        same |= Q(person=person)
    if email:
        same |= Q(email__iexact=email)
    if phone:
        same |= Q(phone=phone)
    if event.registrations.exclude(status=Registration.Status.CANCELLED).filter(same).exists():
        raise AlreadyRegistered()


def _claim_guest_registration(
    event: Event, person: Person, email: str, by: Actor | None
) -> Registration | None:
    """A registration made without an account with a member's email (by a friend, a
    colleague or a prankster, in any case) never blocks the member: when they register, it
    becomes theirs, keeping its seat or its place on the waitlist. The address is theirs
    (verified at sign-up), so nobody else loses anything. None when there is none, or when
    the member is already registered themself (a duplicate, refused as before)."""
    active = event.registrations.exclude(status=Registration.Status.CANCELLED)
    if not email or active.filter(person=person).exists():
        return None
    registration = (
        active.select_for_update()
        .filter(person__isnull=True, email__iexact=email)
        .order_by("created_at", "pk")
        .first()
    )
    if registration is None:
        return None
    registration.person = person
    registration.name = person.display_name[:NAME_MAX]
    registration.identity = identity_of(person=person)[:200]
    registration.save(update_fields=["person", "name", "identity", "updated_at"])
    audit_record(
        actor=by,
        verb=Verb.REGISTRATION_CLAIMED,
        target=registration,
        place=event.place,
        data={"event": event.pk, "status": registration.status},
    )
    return registration


def _notify_after_commit(task_name: str, registration_id: int) -> None:
    from comptoir.agenda import tasks

    task = getattr(tasks, task_name)
    transaction.on_commit(partial(task.enqueue, registration_id))


def _register(
    *,
    event: Event,
    name: str,
    email: str,
    phone: str,
    person: Person | None,
    by: Actor | None,
    now: datetime,
) -> Registration:
    """Under the event's lock: refuse duplicates, then confirm or waitlist."""
    event = _lock(event)
    _check_open(event, now)
    if person is not None and (claimed := _claim_guest_registration(event, person, email, by)):
        return claimed
    _check_duplicate(event, person=person, email=email, phone=phone)
    _promote_locked(event, now)  # seats freed and not handed on yet go first to the waitlist
    full = event.capacity is not None and _confirmed(event) >= event.capacity
    registration = Registration(
        event=event,
        person=person,
        name=name[:NAME_MAX],
        email=email,
        phone=phone,
        identity=identity_of(person=person, email=email, phone=phone)[:200],
        status=Registration.Status.WAITLISTED if full else Registration.Status.CONFIRMED,
        registered_by=by if getattr(by, "is_authenticated", False) else None,
    )
    try:
        with transaction.atomic():
            registration.save()
    except IntegrityError as error:
        if "registration_once_per" not in str(error):
            raise
        raise AlreadyRegistered() from error
    audit_record(
        actor=by,
        verb=Verb.REGISTRATION_CREATED,
        target=registration,
        place=event.place,
        data={"event": event.pk, "status": registration.status},
    )
    _notify_after_commit("notify_registration", registration.pk)
    return registration


# --- writes --------------------------------------------------------------------------------


@transaction.atomic
def register_member(*, event: Event, person: Person, now: datetime | None = None) -> Registration:
    """A member registers in one click; past the seats, they go on the waitlist."""
    now = now or timezone.now()
    if not getattr(person, "is_authenticated", False) or not person.is_active:
        raise NotAllowed()
    return _register(
        event=event,
        name=person.display_name,
        email=person.email,
        phone="",
        person=person,
        by=person,
        now=now,
    )


@transaction.atomic
def register_guest(*, event: Event, guest: Guest, now: datetime | None = None) -> Registration:
    """Someone without an account registers with a name and an email or a phone number;
    no account is created for them."""
    now = now or timezone.now()
    guest = _clean_guest(guest)
    return _register(
        event=event,
        name=guest.name,
        email=guest.email,
        phone=guest.phone,
        person=None,
        by=None,
        now=now,
    )


@transaction.atomic
def register_at_desk(
    *,
    event: Event,
    by: Actor,
    person: Person | None = None,
    guest: Guest | None = None,
    now: datetime | None = None,
) -> Registration:
    """A concierge registers a member (`person`) or someone without an account (`guest`).

    The desk finds members by their email: a guest with an email and no name is someone
    the concierge took for a member, and is told so rather than asked for a name."""
    now = now or timezone.now()
    if not permissions.can_register_others(by, event.place_id):
        raise NotAllowed()
    if (person is None) == (guest is None):
        raise InvalidInput(_("Choose a member or give a name and a contact."), field="person")
    if person is not None:
        return _register(
            event=event,
            name=person.display_name,
            email=person.email,
            phone="",
            person=person,
            by=by,
            now=now,
        )
    assert guest is not None
    if (guest.email or "").strip() and not (guest.name or "").strip():
        raise InvalidInput(
            _(
                "No member has the email %(email)s. Check it, or give the person's name "
                "to register them without an account."
            )
            % {"email": guest.email.strip()},
            field="email",
        )
    guest = _clean_guest(guest)
    return _register(
        event=event,
        name=guest.name,
        email=guest.email,
        phone=guest.phone,
        person=None,
        by=by,
        now=now,
    )


def _may_cancel(by: Actor, registration: Registration, event: Event) -> bool:
    if not getattr(by, "is_authenticated", False):
        return False
    if registration.person_id is not None and registration.person_id == by.pk:
        return True
    return permissions.can_register_others(by, event.place_id) or permissions.can_edit_event(
        by, event
    )


@transaction.atomic
def registration_cancel(
    *, registration: Registration, by: Actor | None = None, now: datetime | None = None
) -> Registration:
    """Cancel a registration, by the person (or a concierge), or through the signed link
    when `by` is None. A seat given back goes to the first people on the waitlist."""
    now = now or timezone.now()
    event = _lock(registration.event)  # the event first, as registering does: no deadlock
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if by is not None and not _may_cancel(by, registration, event):
        raise NotAllowed()
    if registration.status == Registration.Status.CANCELLED:
        raise RegistrationCancelled()
    if event.start <= now:
        raise EventPast()
    was_confirmed = registration.status == Registration.Status.CONFIRMED
    registration.status = Registration.Status.CANCELLED
    registration.cancelled_at = now
    registration.save(update_fields=["status", "cancelled_at", "updated_at"])
    audit_record(
        actor=by,
        verb=Verb.REGISTRATION_CANCELLED,
        target=registration,
        place=event.place,
        data={"event": event.pk, "through_link": by is None},
    )
    if was_confirmed:
        _promote_locked(event, now)
    return registration


def _promote_locked(event: Event, now: datetime) -> list[Registration]:
    """With the event locked: confirm the first people waiting while seats are free."""
    if event.status != Event.Status.SCHEDULED or event.start <= now:
        return []
    waiting = _waitlist(event)
    if event.capacity is not None:
        free = event.capacity - _confirmed(event)
        if free <= 0:
            return []
        waiting = waiting[:free]
    promoted = list(waiting)
    for registration in promoted:
        registration.status = Registration.Status.CONFIRMED
        registration.promoted_at = now
        registration.save(update_fields=["status", "promoted_at", "updated_at"])
        audit_record(
            actor=None,
            verb=Verb.REGISTRATION_PROMOTED,
            target=registration,
            place=event.place,
            data={"event": event.pk},
        )
        _notify_after_commit("notify_promoted", registration.pk)
    return promoted


@transaction.atomic
def waitlist_promote(event: Event, *, now: datetime | None = None) -> list[Registration]:
    """Confirm the first people on the waitlist, in arrival order, while seats are free
    (after a cancellation or more seats); each is told by email after commit."""
    now = now or timezone.now()
    return _promote_locked(_lock(event), now)


# --- the signed cancellation link ---------------------------------------------------------


def cancel_token(registration: Registration) -> str:
    """The token of the registration's cancellation link (no login needed)."""
    return signing.Signer(salt=TOKEN_SALT).sign(str(registration.pk))


def registration_from_token(token: str, *, now: datetime | None = None) -> Registration:
    """The registration a cancellation link names, cancelled or not (cancelling it again
    raises RegistrationCancelled); raises InvalidLink for a bad or tampered link, and
    LinkExpired once the event is over (checked against the event's end as it is now, so
    a postponed event keeps its links working)."""
    try:
        value = signing.Signer(salt=TOKEN_SALT).unsign(token or "")
        pk = int(value)
    except (signing.BadSignature, ValueError) as error:
        raise InvalidLink() from error
    registration = (
        Registration.objects.select_related("event__place", "person").filter(pk=pk).first()
    )
    if registration is None:
        raise InvalidLink()
    if link_expired(registration.event, now=now):
        raise LinkExpired()
    return registration


def link_expired(event: Event, *, now: datetime | None = None) -> bool:
    """Whether the cancellation links of the event's registrations no longer work: the
    event is over."""
    return event.end <= (now or timezone.now())
