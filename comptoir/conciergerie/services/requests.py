"""Requests to the conciergerie: made by a member (or a neighbour where the service allows,
with a contact), taken by one concierge, done (its price sold through billing), refused or
cancelled; messages on each. Every step tells the requester.

One owner: taking a request locks its row and moves it from "new" only, so two concierges
taking it at once wait for each other and the second is told it is taken (the row's check
constraint also refuses a taken request without its owner)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from comptoir.billing import services as billing
from comptoir.billing.models import OrderLine
from comptoir.community import permissions as community_permissions
from comptoir.community.models import Person
from comptoir.conciergerie import notifications
from comptoir.conciergerie.audit import Verb
from comptoir.conciergerie.exceptions import (
    AlreadyTaken,
    ContactMissing,
    MessageEmpty,
    NotTheOwner,
    ServiceNotOffered,
    TransitionRefused,
)
from comptoir.conciergerie.models import Message, Request, Service
from comptoir.conciergerie.permissions import can_run_conciergerie, is_requester, roles_at
from comptoir.core.exceptions import InvalidInput, NotAllowed
from comptoir.core.services import audit_record
from comptoir.core.types import Actor

MAX_TEXT = 2000


def may_ask(service: Service, person: Person | None) -> bool:
    """Members ask when one of their roles at the place is among the service's (any role
    when it names none); others, signed in or not, only where neighbours may ask."""
    if not service.is_active:
        return False
    held = roles_at(person, service.place_id) if person is not None else set()
    if held:
        return not service.roles or bool(held & set(service.roles))
    return service.open_to_neighbours


@transaction.atomic
def request_create(
    *,
    service: Service,
    requester: Person | None,
    details: str = "",
    contact_name: str = "",
    contact_email: str = "",
    contact_phone: str = "",
    by: Actor | None,
) -> Request:
    """A request for a service of the place, new in its desk's queue."""
    if not may_ask(service, requester):
        raise ServiceNotOffered(field="service")
    details = details.strip()
    if len(details) > MAX_TEXT:
        raise InvalidInput(field="details")
    contact_email, contact_phone = contact_email.strip(), contact_phone.strip()
    if requester is None and not (contact_email or contact_phone):
        raise ContactMissing(field="contact_email")
    request = Request.objects.create(
        place_id=service.place_id,
        service=service,
        requester=requester,
        contact_name=contact_name.strip()[:120] if requester is None else "",
        contact_email=contact_email[:254] if requester is None else "",
        contact_phone=contact_phone[:30] if requester is None else "",
        details=details,
        price_cents=service.price_cents,
    )
    audit_record(
        actor=by,
        verb=Verb.REQUEST_CREATED,
        target=request,
        place=service.place,
        data={"service": service.pk},
    )
    notifications.request_moved(request)
    notifications.request_arrived(request)
    return request


def _check_move(locked: Request, to: str, by: Actor | None) -> None:
    if not locked.can_become(to):
        if to == Request.Status.TAKEN and locked.status == Request.Status.TAKEN:
            raise AlreadyTaken(field="status")
        raise TransitionRefused(field="status")
    desk = by is None or can_run_conciergerie(by, locked.place_id)
    if to == Request.Status.CANCELLED:
        if not (desk or (by is not None and is_requester(by, locked))):
            raise NotAllowed()
        return
    if not desk:
        raise NotAllowed()
    owner_only = to == Request.Status.DONE or locked.status == Request.Status.TAKEN
    if owner_only and by is not None and locked.assignee_id != by.pk:
        if not community_permissions.is_network_admin(by):
            raise NotTheOwner(field="status")


def _bill(request: Request, by: Actor | None) -> None:
    """The price of a service done, as an order awaiting payment for the requester."""
    if request.price_cents and request.requester is not None:
        request.order = billing.order_create(
            place=request.place,
            lines=[
                billing.LineSpec(
                    kind=OrderLine.Kind.OTHER,
                    description=f"{request.service.name} (#{request.pk})",
                    unit_price_cents=request.price_cents,
                    vat_rate_bp=request.service.vat_rate_bp,
                )
            ],
            by=by,
            buyer=request.requester,
            note=f"Conciergerie #{request.pk}",
        )


@transaction.atomic
def request_move(*, request: Request, to: str, by: Actor | None, note: str = "") -> Request:
    """Move a request along its lifecycle (`Request.TRANSITIONS`): taken by a concierge
    (then theirs), done or refused by its owner, cancelled by the requester or the desk."""
    locked = (
        Request.objects.select_for_update(of=("self",))
        .select_related("service", "place", "requester", "assignee")
        .get(pk=request.pk)
    )
    _check_move(locked, to, by)
    note = note.strip()
    if len(note) > MAX_TEXT:
        raise InvalidInput(field="note")
    now = timezone.now()
    locked.status = to
    if to == Request.Status.TAKEN:
        locked.assignee, locked.taken_at = by, now
    else:
        locked.closed_at = now
    if to == Request.Status.DONE:
        _bill(locked, by)
    locked.save()
    if note:
        Message.objects.create(request=locked, author=by, body=note)
    audit_record(
        actor=by,
        verb=Verb.REQUEST_MOVED,
        target=locked,
        place=locked.place,
        data={"status": to, "order": locked.order_id},
    )
    notifications.request_moved(locked)
    request.status, request.assignee_id, request.order_id = to, locked.assignee_id, locked.order_id
    return locked


@transaction.atomic
def message_add(*, request: Request, body: str, by: Actor) -> Message:
    """A message on a request, from its requester or the desk, sent to the other side."""
    from_desk = can_run_conciergerie(by, request.place_id)
    if not (from_desk or is_requester(by, request)):
        raise NotAllowed()
    body = body.strip()
    if not body:
        raise MessageEmpty(field="body")
    if len(body) > MAX_TEXT:
        raise InvalidInput(field="body")
    message = Message.objects.create(request=request, author=by, body=body)
    audit_record(actor=by, verb=Verb.MESSAGE_ADDED, target=request, place=request.place, data={})
    notifications.message_added(request, from_desk=from_desk, body=body)
    return message
