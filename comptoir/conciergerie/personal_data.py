"""The conciergerie's part of a person's data (see `community.personal_data`): their
requests with the messages on them, and the parcels received for them.

Erasure blanks what they wrote (a request's details, their messages) and who collected
their parcels; the requests and parcels stay with the anonymised person, as counts of the
desk's work and, for a service sold, the order's origin."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from comptoir.community.models import Person
from comptoir.community.personal_data import Erasure, Provider, Row, Section, cell
from comptoir.conciergerie.models import Message, Parcel, Request


def _requests(person: Person) -> list[Row]:
    requests = (
        Request.objects.filter(requester=person)
        .select_related("service", "place")
        .prefetch_related("messages")
        .order_by("pk")
    )
    return [
        {
            "service": request.service.name,
            "place": request.place.name,
            "at": cell(request.created_at),
            "status": request.get_status_display(),
            "details": request.details,
            "messages": [m.body for m in request.messages.all() if m.author_id == person.pk],
        }
        for request in requests
    ]


def _parcels(person: Person) -> list[Row]:
    parcels = Parcel.objects.filter(addressee=person).select_related("place").order_by("pk")
    return [
        {
            "place": parcel.place.name,
            "carrier": parcel.carrier,
            "arrived_at": cell(parcel.arrived_at),
            "status": parcel.get_status_display(),
            "collected_by": parcel.collected_by,
        }
        for parcel in parcels
    ]


def erase(erasure: Erasure) -> None:
    person = erasure.person
    requests = Request.objects.filter(requester=person)
    requests.update(details="")
    Message.objects.filter(author=person).update(body="—")
    parcels = Parcel.objects.filter(addressee=person)
    parcels.update(collected_by="")
    erasure.scrub_audit(Request, requests.values_list("pk", flat=True))
    erasure.scrub_audit(Parcel, parcels.values_list("pk", flat=True))


PROVIDER = Provider(
    app="conciergerie",
    order=45,
    sections=(
        Section(
            "conciergerie_requests",
            _("Conciergerie requests"),
            (
                ("service", _("service")),
                ("place", _("place")),
                ("at", _("date")),
                ("status", _("status")),
                ("details", _("details")),
                ("messages", _("my messages")),
            ),
            _requests,
        ),
        Section(
            "parcels",
            _("Parcels received for me"),
            (
                ("place", _("place")),
                ("carrier", _("carrier")),
                ("arrived_at", _("arrived at")),
                ("status", _("status")),
                ("collected_by", _("collected by")),
            ),
            _parcels,
        ),
    ),
    erase=erase,
)
