"""What a booking costs and what it consumes, worked out before confirming (the quote) and
applied in the booking's transaction (the charge), so the two never disagree.

- Résidents use the meeting-room hours included in their subscription for the current
  period first, then pay the hourly price for the rest.
- Nomades pay with tickets (one per `minutes_per_ticket`, started) when the resource says
  so, otherwise money.
- Partner structures pay their hourly rate; concierges book for the place, free.
- Everyone else pays the hourly price.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db.models import Q, Sum
from django.utils.translation import gettext as _

from comptoir.access.models import Subscription, SubscriptionPeriod
from comptoir.bookings.models import Booking, Resource
from comptoir.community.models import CONCIERGE_ROLES, Person, Role
from comptoir.core.money import format_cents


@dataclass(frozen=True)
class Quote:
    minutes: int
    price_cents: int = 0
    included_minutes: int = 0
    tickets: int = 0
    subscription: Subscription | None = None
    period: SubscriptionPeriod | None = None

    def describe(self) -> str:
        """“1 h 30 from your included hours, then 12,00 €”…, for the confirmation step."""
        parts = []
        if self.included_minutes:
            parts.append(
                _("%(hours)s of the hours included in your subscription")
                % {"hours": hours_label(self.included_minutes)}
            )
        if self.tickets:
            parts.append(_("%(count)s ticket(s)") % {"count": self.tickets})
        if self.price_cents:
            parts.append(format_cents(self.price_cents))
        return " + ".join(parts) if parts else _("Free")


def hours_label(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    if not rest:
        return f"{hours} h"
    return f"{hours} h {rest:02d}" if hours else f"{rest} min"


def money_for(minutes: int, hourly_cents: int) -> int:
    return math.ceil(minutes * hourly_cents / 60)


def included_subscription(person: Person, resource: Resource, day: date) -> tuple[Any, Any]:
    """The subscription (own first, then a structure's) with included hours covering `day`
    here, and its period; (None, None) when there is none."""
    periods = (
        SubscriptionPeriod.objects.filter(
            start__lte=day,
            end__gte=day,
            subscription__included_room_hours__gt=0,
        )
        .filter(
            Q(subscription__place_id=resource.place_id)
            | Q(subscription__plan__network_id=resource.place.network_id)
        )
        .filter(
            Q(subscription__person_id=person.pk)
            | Q(subscription__organization__affiliations__person_id=person.pk)
        )
        .select_related("subscription")
        .order_by("subscription_id")
    )
    # The person's own subscription first, then their structures'.
    ordered = sorted(periods, key=lambda p: p.subscription.organization_id is not None)
    period = ordered[0] if ordered else None
    return (period.subscription, period) if period else (None, None)


def included_minutes_left(
    subscription: Subscription, period: SubscriptionPeriod, *, exclude: int | None = None
) -> int:
    """Included minutes not yet used in the period (`exclude`: a booking being moved)."""
    bookings = Booking.objects.confirmed().filter(
        subscription=subscription,
        start__date__gte=period.start,
        start__date__lte=period.end,
    )
    if exclude is not None:
        bookings = bookings.exclude(pk=exclude)
    used = bookings.aggregate(total=Sum("included_minutes"))["total"] or 0
    return max(subscription.included_room_hours * 60 - used, 0)


def quote(
    *,
    resource: Resource,
    person: Person,
    start: datetime,
    end: datetime,
    roles: set[str],
    partner: bool,
    exclude: int | None = None,
) -> Quote:
    minutes = int((end - start).total_seconds() // 60)
    if roles & CONCIERGE_ROLES:
        return Quote(minutes=minutes)
    if partner:
        return Quote(minutes=minutes, price_cents=money_for(minutes, resource.partner_hourly_cents))
    if Role.RESIDENT in roles and resource.uses_included_hours:
        subscription, period = included_subscription(person, resource, start.date())
        if subscription is not None:
            included = min(minutes, included_minutes_left(subscription, period, exclude=exclude))
            return Quote(
                minutes=minutes,
                included_minutes=included,
                price_cents=money_for(minutes - included, resource.hourly_price_cents),
                subscription=subscription,
                period=period,
            )
    if Role.NOMAD in roles and resource.nomad_payment == Resource.NomadPayment.TICKETS:
        return Quote(minutes=minutes, tickets=math.ceil(minutes / resource.minutes_per_ticket))
    return Quote(minutes=minutes, price_cents=money_for(minutes, resource.hourly_price_cents))
