"""How often people without an account may register to events, through the agenda's page
or the API: per client address, and per contact, so that one email or phone number cannot
be registered to every event (ACCOUNT_RATE_LIMITS "event_register" and
"event_register_contact"). Members and the desk are not limited: they are known."""

from __future__ import annotations

from django.http import HttpRequest

from comptoir.agenda.exceptions import BadPhone
from comptoir.agenda.services.registrations import Guest, normalise_phone
from comptoir.core import ratelimit


def _contacts(guest: Guest) -> list[str]:
    contacts = []
    if email := (guest.email or "").strip().lower():
        contacts.append(f"email:{email}")
    if phone := (guest.phone or "").strip():
        try:
            contacts.append(f"phone:{normalise_phone(phone)}")
        except BadPhone:
            pass  # the registration refuses it anyway
    return contacts


def guest_registration(request: HttpRequest, guest: Guest) -> None:
    """Count one registration without an account; raises Throttled past the limits."""
    ratelimit.consume(request, "event_register")
    for contact in _contacts(guest):
        ratelimit.consume(request, "event_register_contact", key=contact)
