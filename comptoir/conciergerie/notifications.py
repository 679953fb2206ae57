"""The conciergerie's emails (through `core.email`: they leave once the transaction
commits): the requester at each step of their request, the place's concierges when a
request arrives, the other side of a message, the addressee of a parcel."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from comptoir.community.models import CONCIERGE_ROLES, Person, PlaceRole
from comptoir.conciergerie.models import Parcel, Request
from comptoir.core.email import Recipient, absolute_url, send_email


def _requester(request: Request) -> Recipient | None:
    if request.requester is not None:
        return Recipient.of(request.requester) if request.requester.email else None
    return Recipient(request.contact_email) if request.contact_email else None


def _request_context(request: Request) -> dict[str, Any]:
    return {
        "request": request,
        "service": request.service,
        "place": request.place,
        "url": absolute_url(reverse("conciergerie:request-detail", args=[request.pk]))
        if request.requester_id
        else "",
    }


def request_moved(request: Request) -> None:
    """Tell the requester where their request stands (made, taken, done, refused…)."""
    recipient = _requester(request)
    if recipient is not None:
        send_email(
            f"conciergerie/email/request_{request.status}", recipient, _request_context(request)
        )


def _concierges(place_id: int) -> list[Person]:
    ids = PlaceRole.objects.current().filter(place_id=place_id, role__in=CONCIERGE_ROLES)
    return list(Person.objects.filter(pk__in=ids.values("person_id"), is_active=True))


def request_arrived(request: Request) -> None:
    """Tell the place's concierges a request waits in the queue."""
    context = {
        **_request_context(request),
        "url": absolute_url(reverse("conciergerie:request-detail", args=[request.pk])),
    }
    for concierge in _concierges(request.place_id):
        if concierge.email:
            send_email("conciergerie/email/request_arrived", Recipient.of(concierge), context)


def message_added(request: Request, *, from_desk: bool, body: str) -> None:
    """A message from the desk goes to the requester; a requester's to the owner (else to
    the place's concierges)."""
    context = {**_request_context(request), "body": body}
    if from_desk:
        recipient = _requester(request)
        recipients = [recipient] if recipient else []
    elif request.assignee is not None:
        recipients = [Recipient.of(request.assignee)]
    else:
        recipients = [Recipient.of(p) for p in _concierges(request.place_id) if p.email]
    context["url"] = absolute_url(reverse("conciergerie:request-detail", args=[request.pk]))
    for recipient in recipients:
        send_email("conciergerie/email/request_message", recipient, context)


def parcel(parcel: Parcel, what: str) -> None:
    """`what`: arrived, reminder or returned."""
    addressee = parcel.addressee
    if addressee.email:
        context = {
            "parcel": parcel,
            "place": parcel.place,
            "person": addressee,
            "url": absolute_url(reverse("conciergerie:my-parcels")),
        }
        send_email(f"conciergerie/email/parcel_{what}", Recipient.of(addressee), context)
