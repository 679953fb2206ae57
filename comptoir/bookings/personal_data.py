"""Bookings' part of a person's data (see `community.personal_data`): bookings,
qualifications, training requests, waitlist entries, calendar feeds. Erasure keeps bookings
(what was paid and refunded) and qualifications (who was trained, counted), blanks the
bookings' free titles and the words of training requests (theirs and the answers), withdraws
their pending requests, takes the person off every waitlist and revokes their calendar
feeds."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from comptoir.bookings.models import (
    Booking,
    CalendarFeed,
    Qualification,
    TrainingRequest,
    WaitlistEntry,
)
from comptoir.community.models import Person
from comptoir.community.personal_data import Erasure, Provider, Row, Section, cell, cents


def _bookings(person: Person) -> list[Row]:
    bookings = Booking.objects.filter(person=person).select_related(
        "resource__place", "organization"
    )
    return [
        {
            "resource": booking.resource.name,
            "place": booking.resource.place.name,
            "start": cell(booking.start),
            "end": cell(booking.end),
            "title": booking.title,
            "status": booking.get_status_display(),
            "organization": booking.organization.name if booking.organization else "",
            "price": cents(booking.price_cents),
            "tickets_used": booking.tickets_used,
        }
        for booking in bookings.order_by("start", "pk")
    ]


def _qualifications(person: Person) -> list[Row]:
    qualifications = Qualification.objects.filter(person=person).select_related("training__place")
    return [
        {
            "training": qualification.training.name,
            "place": qualification.training.place.name,
            "granted_on": cell(qualification.granted_on),
            "expires_on": cell(qualification.expires_on),
            "can_train": qualification.can_train,
        }
        for qualification in qualifications.order_by("granted_on", "pk")
    ]


def _training_requests(person: Person) -> list[Row]:
    asked = TrainingRequest.objects.filter(person=person).select_related("training__place")
    return [
        {
            "training": request.training.name,
            "place": request.training.place.name,
            "asked_at": cell(request.created_at),
            "message": request.message,
            "status": request.get_status_display(),
            "answer": request.answer,
            "answered_at": cell(request.answered_at),
        }
        for request in asked.order_by("created_at", "pk")
    ]


def _waitlist(person: Person) -> list[Row]:
    entries = WaitlistEntry.objects.filter(person=person).select_related("resource")
    return [
        {
            "resource": entry.resource.name,
            "start": cell(entry.start),
            "end": cell(entry.end),
            "status": entry.get_status_display(),
        }
        for entry in entries.order_by("created_at", "pk")
    ]


def _feeds(person: Person) -> list[Row]:
    # The feed's secret is stored hashed only; neither is given.
    return [
        {"created_at": cell(feed.created_at), "revoked_at": cell(feed.revoked_at)}
        for feed in CalendarFeed.objects.filter(person=person).order_by("created_at", "pk")
    ]


def erase(erasure: Erasure) -> None:
    person = erasure.person
    for model in (Booking, Qualification, WaitlistEntry, TrainingRequest):
        erasure.scrub_audit(model, model.objects.filter(person=person).values_list("pk", flat=True))
    Booking.objects.filter(person=person).exclude(title="").update(title="")
    # A request waiting for an answer has no one left to answer; answered ones are kept
    # (who asked, what was decided) without the words about the person.
    TrainingRequest.objects.filter(person=person, status=TrainingRequest.Status.PENDING).delete()
    TrainingRequest.objects.filter(person=person).update(message="", answer="")
    WaitlistEntry.objects.filter(
        person=person, status__in=[WaitlistEntry.Status.WAITING, WaitlistEntry.Status.OFFERED]
    ).update(status=WaitlistEntry.Status.LEFT)
    CalendarFeed.objects.filter(person=person, revoked_at__isnull=True).update(
        revoked_at=erasure.at
    )


PROVIDER = Provider(
    app="bookings",
    order=50,
    sections=(
        Section(
            "bookings",
            _("Bookings"),
            (
                ("resource", _("resource")),
                ("place", _("place")),
                ("start", _("start")),
                ("end", _("end")),
                ("title", _("title")),
                ("status", _("status")),
                ("organization", _("for the structure")),
                ("price", _("price (€)")),
                ("tickets_used", _("tickets used")),
            ),
            _bookings,
        ),
        Section(
            "qualifications",
            _("Trainings followed"),
            (
                ("training", _("training")),
                ("place", _("place")),
                ("granted_on", _("granted on")),
                ("expires_on", _("expires on")),
                ("can_train", _("may train others")),
            ),
            _qualifications,
        ),
        Section(
            "training_requests",
            _("Training requests"),
            (
                ("training", _("training")),
                ("place", _("place")),
                ("asked_at", _("asked at")),
                ("message", _("message")),
                ("status", _("status")),
                ("answer", _("answer")),
                ("answered_at", _("answered at")),
            ),
            _training_requests,
        ),
        Section(
            "waitlist",
            _("Waitlists"),
            (
                ("resource", _("resource")),
                ("start", _("start")),
                ("end", _("end")),
                ("status", _("status")),
            ),
            _waitlist,
        ),
        Section(
            "calendar_feeds",
            _("Calendar feeds"),
            (("created_at", _("Created")), ("revoked_at", _("Revoked"))),
            _feeds,
        ),
    ),
    erase=erase,
)
