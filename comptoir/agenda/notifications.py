"""Emails about registrations: confirmed (with the cancellation link), on the waitlist,
promoted from it, the reminder the day before, and the event cancelled. Only people with
an email are written to: someone registered with a phone number alone gets nothing (no
SMS), and nothing is recorded for them."""

from __future__ import annotations

import logging
import zoneinfo
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from comptoir.agenda.models import Event, Registration
from comptoir.core.email import Recipient, absolute_url, send_email

logger = logging.getLogger(__name__)

CONFIRMED = "confirmation"
WAITLISTED = "waitlisted"
PROMOTED = "promoted"
REMINDER = "reminder"
EVENT_CANCELLED = "event_cancelled"


# --- links ---------------------------------------------------------------------------------


def event_url(event: Event) -> str:
    return absolute_url(reverse("agenda:event", args=[event.pk]))


def place_agenda_url(event: Event) -> str:
    return absolute_url(reverse("agenda:place", args=[event.place.slug]))


def cancel_url(registration: Registration) -> str:
    from comptoir.agenda.services.registrations import cancel_token

    token = cancel_token(registration)
    return absolute_url(reverse("agenda:registration-cancel", args=[token]))


# --- sending -------------------------------------------------------------------------------


def _recipient(registration: Registration) -> Recipient | None:
    """Who to write to, or None for someone we cannot email: a member at their account's
    address and in their language, a guest at the address they gave."""
    person = registration.person
    if person is not None and person.email:
        return Recipient.of(person)
    if registration.email:
        return Recipient(registration.email)
    return None


def _send(registration: Registration, template: str) -> bool:
    recipient = _recipient(registration)
    if recipient is None:
        return False
    event = registration.event
    context = {
        "registration": registration,
        "event": event,
        "place": event.place,
        "event_url": event_url(event),
        "place_agenda_url": place_agenda_url(event),
        "cancel_url": cancel_url(registration) if registration.is_active else "",
    }
    send_email(f"agenda/email/{template}", recipient, context)
    return True


def _registration(registration_id: int) -> Registration | None:
    return (
        Registration.objects.select_related("event__place", "event__space", "person")
        .filter(pk=registration_id)
        .first()
    )


def _still_to_come(event: Event) -> bool:
    """Nobody is told about an event that is over by the time the email would go (a worker
    that was down, a registration recorded afterwards as the demo's past workshops are)."""
    return event.status == Event.Status.SCHEDULED and event.end > timezone.now()


def registration_created(registration_id: int) -> bool:
    """Confirmed, with the cancellation link; or on the waitlist."""
    registration = _registration(registration_id)
    if registration is None or not _still_to_come(registration.event):
        return False
    if registration.status == Registration.Status.CONFIRMED:
        return _send(registration, CONFIRMED)
    if registration.status == Registration.Status.WAITLISTED:
        return _send(registration, WAITLISTED)
    return False


def registration_promoted(registration_id: int) -> bool:
    """A seat freed: the person on the waitlist now has it."""
    registration = _registration(registration_id)
    if (
        registration is None
        or registration.status != Registration.Status.CONFIRMED
        or not _still_to_come(registration.event)
    ):
        return False
    return _send(registration, PROMOTED)


def event_cancelled(event_id: int) -> int:
    """Tell everyone registered (confirmed or waiting) that the event is cancelled."""
    registrations = (
        Registration.objects.filter(event_id=event_id, event__status=Event.Status.CANCELLED)
        .exclude(status=Registration.Status.CANCELLED)
        .select_related("event__place", "event__space", "person")
    )
    return sum(_send(registration, EVENT_CANCELLED) for registration in registrations)


# --- the reminder the day before -----------------------------------------------------------


def _tomorrow_events(now: datetime) -> list[Event]:
    """Scheduled events that start tomorrow in their place's time zone."""
    near = Event.objects.scheduled().filter(
        start__gt=now, start__lt=now + timedelta(hours=50), registration_required=True
    )
    found = []
    for event in near.select_related("place"):
        tz = zoneinfo.ZoneInfo(event.place.timezone)
        if event.start.astimezone(tz).date() == now.astimezone(tz).date() + timedelta(days=1):
            found.append(event)
    return found


def send_reminders(*, now: datetime | None = None) -> int:
    """Remind the confirmed people of tomorrow's events, once each: `reminded_at` is set
    under a row lock in the transaction whose commit sends the email, so a second run (or
    worker) skips them."""
    now = now or timezone.now()
    sent = 0
    for event in _tomorrow_events(now):
        due = event.registrations.filter(
            status=Registration.Status.CONFIRMED, reminded_at__isnull=True
        ).filter(~Q(email="") | Q(person__isnull=False))
        for registration_id in due.values_list("pk", flat=True):
            try:
                with transaction.atomic():
                    registration = (
                        Registration.objects.select_for_update(skip_locked=True, of=("self",))
                        .select_related("event__place", "event__space", "person")
                        .filter(
                            pk=registration_id,
                            status=Registration.Status.CONFIRMED,
                            reminded_at__isnull=True,
                        )
                        .first()
                    )
                    if registration is None:
                        continue
                    registration.reminded_at = now
                    registration.save(update_fields=["reminded_at", "updated_at"])
                    sent += _send(registration, REMINDER)
            except Exception:  # one reminder that fails must not stop the others; retried next run
                logger.exception("Reminder for registration %s not sent", registration_id)
    return sent
