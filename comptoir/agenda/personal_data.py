"""The agenda's part of a person's data (see `community.personal_data`): registrations and
the events they organise. Erasure keeps each registration's event, status and attendance
(the activity reports' counts) and removes the name, email and phone."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from comptoir.agenda.models import Event, Registration
from comptoir.agenda.services.privacy import erase_person_registrations
from comptoir.community.models import Person
from comptoir.community.personal_data import Erasure, Provider, Row, Section, cell


def _registrations(person: Person) -> list[Row]:
    registrations = Registration.objects.filter(person=person).select_related("event__place")
    return [
        {
            "event": registration.event.title,
            "place": registration.event.place.name,
            "start": cell(registration.event.start),
            "name": registration.name,
            "email": registration.email,
            "phone": registration.phone,
            "status": registration.get_status_display(),
            "attendance": registration.get_attendance_display(),
            "walk_in": registration.walk_in,
            "public": registration.get_public_category_display(),
            "consent": registration.consent,
            "registered_at": cell(registration.created_at),
        }
        for registration in registrations.order_by("event__start", "pk")
    ]


def _organised(person: Person) -> list[Row]:
    events = Event.objects.filter(organizer_person=person).select_related("place")
    return [
        {
            "title": event.title,
            "place": event.place.name,
            "start": cell(event.start),
            "status": event.get_status_display(),
        }
        for event in events.order_by("start", "pk")
    ]


def erase(erasure: Erasure) -> None:
    erase_person_registrations(
        person_id=erasure.person.pk, name=str(erasure.person), old_email=erasure.old_email
    )


PROVIDER = Provider(
    app="agenda",
    order=60,
    sections=(
        Section(
            "registrations",
            _("Event registrations"),
            (
                ("event", _("event")),
                ("place", _("place")),
                ("start", _("start")),
                ("name", _("name")),
                ("email", _("email")),
                ("phone", _("phone")),
                ("status", _("status")),
                ("attendance", _("attendance")),
                ("walk_in", _("walk-in")),
                ("public", _("public")),
                ("consent", _("consents to statistics")),
                ("registered_at", _("Registered on")),
            ),
            _registrations,
        ),
        Section(
            "organised_events",
            _("Events I organise"),
            (
                ("title", _("title")),
                ("place", _("place")),
                ("start", _("start")),
                ("status", _("status")),
            ),
            _organised,
        ),
    ),
    erase=erase,
)
