"""Attendance, taken on the day by the people who can edit the event (its place's
concierges and its organizer): who came, who did not, and the walk-ins. A person's public
(from the standard's publics) is recorded only with their consent, for statistics only."""

from __future__ import annotations

import zoneinfo
from datetime import datetime

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from comptoir.agenda.audit import Verb
from comptoir.agenda.exceptions import (
    AlreadyRegistered,
    BadVocabulary,
    EventCancelled,
    RegistrationCancelled,
)
from comptoir.agenda.models import Event, Registration
from comptoir.community import permissions
from comptoir.community.models import Person
from comptoir.core import mediation
from comptoir.core.exceptions import Conflict, InvalidInput, NotAllowed
from comptoir.core.services import audit_record
from comptoir.core.types import Actor


class AttendanceTooEarly(Conflict):
    code = "attendance_too_early"
    default_message = gettext_lazy("Attendance can be taken from the day of the event.")


class ConsentMissing(InvalidInput):
    code = "consent_missing"
    default_message = gettext_lazy(
        "A public is recorded only when the person agrees: tick the consent box."
    )


def event_local_day_reached(event: Event, now: datetime) -> bool:
    """Whether the event's day (in its place's time zone) has come."""
    tz = zoneinfo.ZoneInfo(event.place.timezone)
    return now.astimezone(tz).date() >= event.start.astimezone(tz).date()


def _check_can_take(event: Event, by: Actor, now: datetime) -> None:
    if not permissions.can_edit_event(by, event):
        raise NotAllowed()
    if event.is_cancelled:
        raise EventCancelled()
    if not event_local_day_reached(event, now):
        raise AttendanceTooEarly()


def _check_public(category: str, consent: bool) -> None:
    if category and category not in mediation.PUBLICS:
        raise BadVocabulary(field="public_category")
    if category and not consent:
        raise ConsentMissing(field="consent")


def _identity(*, person: Person | None, email: str, phone: str, name: str) -> str:
    """Who this is across events (see Registration.identity): by name only when nothing
    else is known."""
    if person is None and not email and not phone:
        return f"n:{' '.join(name.lower().split())}"
    from comptoir.agenda.services.registrations import identity_of

    return identity_of(person=person, email=email, phone=phone)


def _locked_registration(registration: Registration) -> Registration:
    return (
        Registration.objects.select_for_update(of=("self",))
        .select_related("event__place")
        .get(pk=registration.pk)
    )


@transaction.atomic
def attendance_mark(
    *, registration: Registration, by: Actor, present: bool, now: datetime | None = None
) -> Registration:
    """Mark a registration present or absent; someone from the waitlist who came is in the
    room, so marking them present confirms them."""
    now = now or timezone.now()
    registration = _locked_registration(registration)
    event = registration.event
    _check_can_take(event, by, now)
    if registration.status == Registration.Status.CANCELLED:
        raise RegistrationCancelled()
    update = ["attendance", "updated_at"]
    if registration.status == Registration.Status.WAITLISTED:
        if not present:
            raise Conflict(_("Only confirmed registrations can be marked absent."))
        registration.status = Registration.Status.CONFIRMED
        update.append("status")
    registration.attendance = (
        Registration.Attendance.PRESENT if present else Registration.Attendance.ABSENT
    )
    registration.save(update_fields=update)
    audit_record(
        actor=by,
        verb=Verb.REGISTRATION_MARKED,
        target=registration,
        place=event.place,
        data={"attendance": registration.attendance},
    )
    return registration


@transaction.atomic
def walk_in_add(
    *,
    event: Event,
    by: Actor,
    name: str,
    email: str = "",
    phone: str = "",
    person: Person | None = None,
    public_category: str = "",
    consent: bool = False,
    now: datetime | None = None,
) -> Registration:
    """Add someone who came without registering: confirmed and present, even beyond the
    seats (they are in the room)."""
    now = now or timezone.now()
    # The event row serialises this with the registrations of the same event.
    event = Event.objects.select_for_update(of=("self",)).select_related("place").get(pk=event.pk)
    _check_can_take(event, by, now)
    name = " ".join(name.split())
    if not name and person is not None:
        name = person.display_name
    if not name:
        raise InvalidInput(_("Give the person's name."), field="name")
    email = _checked_email(email.strip())
    phone = _normalised_phone(phone.strip())
    _check_public(public_category, consent)
    _check_not_listed(event, person=person, email=email, phone=phone)
    registration = Registration(
        event=event,
        person=person,
        name=name[:150],
        email=email,
        phone=phone,
        identity=_identity(person=person, email=email, phone=phone, name=name)[:200],
        status=Registration.Status.CONFIRMED,
        attendance=Registration.Attendance.PRESENT,
        walk_in=True,
        registered_by=by if getattr(by, "pk", None) else None,
        public_category=public_category,
        consent=bool(public_category) and consent,
    )
    registration.save()
    audit_record(actor=by, verb=Verb.REGISTRATION_WALK_IN, target=registration, place=event.place)
    return registration


def _checked_email(email: str) -> str:
    try:
        validate_email(email) if email else None
    except ValidationError as error:
        raise InvalidInput(_("Enter a valid email address."), field="email") from error
    return email


def _normalised_phone(raw: str) -> str:
    if not raw:
        return ""
    # The registrations service owns the phone format (E.164); it raises BadPhone.
    from comptoir.agenda.services.registrations import normalise_phone

    return normalise_phone(raw)


def _check_not_listed(event: Event, *, person: Person | None, email: str, phone: str) -> None:
    active = event.registrations.exclude(status=Registration.Status.CANCELLED)
    if (
        (person is not None and active.filter(person=person).exists())
        or (email and active.filter(email__iexact=email).exists())
        or (phone and active.filter(phone=phone).exists())
    ):
        raise AlreadyRegistered(
            _("This person is already on the list: mark them present there."), field="name"
        )


@transaction.atomic
def public_category_record(
    *,
    registration: Registration,
    by: Actor,
    category: str,
    consent: bool,
    now: datetime | None = None,
) -> Registration:
    """Record (or with an empty category, forget) the public a person belongs to: only with
    their consent, and only for statistics."""
    now = now or timezone.now()
    registration = _locked_registration(registration)
    _check_can_take(registration.event, by, now)
    if registration.status == Registration.Status.CANCELLED:
        raise RegistrationCancelled()
    _check_public(category, consent)
    registration.public_category = category
    registration.consent = bool(category) and consent
    registration.save(update_fields=["public_category", "consent", "updated_at"])
    # The category itself stays out of the log: it is for statistics only.
    audit_record(
        actor=by,
        verb=Verb.REGISTRATION_PUBLIC_RECORDED,
        target=registration,
        place=registration.event.place,
    )
    return registration
