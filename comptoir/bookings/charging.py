"""Applying a quote inside the booking's transaction, and giving back on cancellation.

The included hours are recounted under a row lock on the subscription, so two people of
one structure booking at once cannot both use its last hour; tickets come from the
holder's ledger under the holder's lock (see access.services.tickets)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from comptoir.access.models import Subscription, TicketMovement
from comptoir.access.services import lock_holder, ticket_book_adjust, ticket_consume
from comptoir.billing import services as billing
from comptoir.billing.models import Order, OrderLine
from comptoir.bookings import pricing
from comptoir.bookings.exceptions import NotEnoughTickets
from comptoir.bookings.models import Booking
from comptoir.core.types import Actor


def describe(booking: Booking) -> str:
    """“Salle Jaune, lundi 3 mars 10:00–11:30”."""
    tz = ZoneInfo(booking.resource.place.timezone)
    start, end = booking.start.astimezone(tz), booking.end.astimezone(tz)
    return _("%(resource)s, %(day)s %(start)s–%(end)s") % {
        "resource": booking.resource.name,
        "day": date_format(start.date(), "l j F"),
        "start": start.strftime("%H:%M"),
        "end": end.strftime("%H:%M"),
    }


def _included(booking: Booking, quote: pricing.Quote) -> int:
    if quote.subscription is None or quote.period is None:
        return 0
    Subscription.objects.select_for_update().filter(pk=quote.subscription.pk).values_list(
        "pk"
    ).first()
    left = pricing.included_minutes_left(quote.subscription, quote.period)
    booking.subscription = quote.subscription
    return min(quote.minutes, left)


def _tickets(booking: Booking, quote: pricing.Quote, *, by: Actor | None, now: datetime) -> None:
    place = booking.resource.place
    lock_holder(booking.person_id)
    day = booking.start.astimezone(ZoneInfo(place.timezone)).date()
    consumption = ticket_consume(
        person=booking.person,
        place=place,
        at=now,
        day=day,
        by=by,
        quantity=quote.tickets,
        reason=describe(booking)[:200],
    )
    if consumption is None:
        raise NotEnoughTickets(
            _("This booking needs %(count)s ticket(s) from one valid book: buy a book at the desk.")
            % {"count": quote.tickets}
        )
    booking.ticket_book = consumption.book
    booking.tickets_used = quote.tickets


def charge(booking: Booking, quote: pricing.Quote, *, by: Actor | None, now: datetime) -> None:
    """Use included hours, tickets or create the order line, as the quote says."""
    resource = booking.resource
    included = _included(booking, quote)
    if quote.subscription is not None:
        price = pricing.money_for(quote.minutes - included, resource.hourly_price_cents)
    else:
        price = quote.price_cents
    booking.included_minutes = included
    if quote.tickets:
        _tickets(booking, quote, by=by, now=now)
    if price:
        order = billing.order_create(
            place=resource.place,
            lines=[
                billing.LineSpec(
                    kind=OrderLine.Kind.BOOKING,
                    description=describe(booking),
                    unit_price_cents=price,
                )
            ],
            by=by,
            buyer=booking.person,
            buyer_organization=booking.organization,
        )
        booking.order_line = order.lines.get()
        booking.price_cents = price
    booking.save(
        update_fields=[
            "subscription",
            "included_minutes",
            "ticket_book",
            "tickets_used",
            "order_line",
            "price_cents",
        ]
    )


def refund(booking: Booking) -> None:
    """Give back the tickets and cancel an unpaid order; included hours come back by
    themselves (a cancelled booking no longer counts). A paid order stays as it is: the
    credit note belongs to billing."""
    if booking.tickets_used and booking.ticket_book is not None:
        ticket_book_adjust(
            book=booking.ticket_book,
            quantity=booking.tickets_used,
            reason=_("Cancelled: %(booking)s") % {"booking": describe(booking)},
            by=None,
            place=booking.resource.place,
            kind=TicketMovement.Kind.REFUND,
        )
    if booking.order_line_id is not None:
        Order.objects.filter(lines=booking.order_line_id, status=Order.Status.PENDING).update(
            status=Order.Status.CANCELLED
        )
