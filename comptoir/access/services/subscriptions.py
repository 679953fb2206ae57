"""The lifecycle of a subscription: start, monthly renewal, pause, cancel at period end, end.

Coverage comes only from SubscriptionPeriod rows, whose bounds are both included: a visit
on the last day of a period is covered, the day after is not unless the next period exists.
"""

from __future__ import annotations

from datetime import date, timedelta

from dateutil.relativedelta import relativedelta
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from comptoir.access.audit import Verb
from comptoir.access.exceptions import SubscriptionEnded, SubscriptionNotPaused
from comptoir.access.models import Plan, Subscription, SubscriptionPeriod
from comptoir.billing import services as billing
from comptoir.billing.models import Order, OrderLine
from comptoir.community import permissions
from comptoir.community.models import Organization, Person
from comptoir.core.exceptions import InvalidInput, NotAllowed
from comptoir.core.services import audit_record
from comptoir.core.types import Actor
from comptoir.places.models import Place


def period_bounds(anchor: date, months_from_anchor: int) -> tuple[date, date]:
    """First and last day (included) of the n-th monthly period after `anchor`."""
    start = anchor + relativedelta(months=months_from_anchor)
    end = anchor + relativedelta(months=months_from_anchor + 1) - timedelta(days=1)
    return start, end


def _next_period(
    subscription: Subscription, last: SubscriptionPeriod | None
) -> tuple[int, date, date]:
    number = last.number + 1 if last else 0
    start, end = period_bounds(subscription.period_anchor, number - subscription.anchor_number)
    return number, start, end


def _line(subscription: Subscription, start: date, end: date) -> billing.LineSpec:
    plan = subscription.plan
    description = _("%(plan)s, %(start)s to %(end)s") % {
        "plan": plan.name,
        "start": date_format(start, "SHORT_DATE_FORMAT"),
        "end": date_format(end, "SHORT_DATE_FORMAT"),
    }
    return billing.LineSpec(
        kind=OrderLine.Kind.SUBSCRIPTION,
        description=description,
        unit_price_cents=subscription.price_cents,
        vat_rate_bp=plan.vat_rate_bp,
        plan=plan,
    )


def subscription_start(
    *,
    plan: Plan,
    place: Place,
    person: Person | None,
    organization: Organization | None,
    starts_on: date,
) -> tuple[Subscription, billing.LineSpec]:
    """The subscription and its first period; the caller creates the order line."""
    committed_until = None
    if plan.commitment_months:
        committed_until = starts_on + relativedelta(months=plan.commitment_months) - timedelta(1)
    subscription = Subscription.objects.create(
        plan=plan,
        place=place,
        person=person,
        organization=organization,
        started_on=starts_on,
        committed_until=committed_until,
        seats=plan.seats if organization else 1,
        included_room_hours=plan.included_room_hours,
        price_cents=plan.price_cents,
        period_anchor=starts_on,
    )
    start, end = period_bounds(starts_on, 0)
    SubscriptionPeriod.objects.create(subscription=subscription, number=0, start=start, end=end)
    return subscription, _line(subscription, start, end)


def current_period(subscription: Subscription, day: date) -> SubscriptionPeriod | None:
    return subscription.periods.filter(start__lte=day, end__gte=day).first()


def _locked(subscription: Subscription, by: Actor | None = None) -> Subscription:
    """The subscription, row-locked; `by` (a person, or None for the system) must be allowed
    to manage the subscriptions of its place."""
    if by is not None and not permissions.can_manage_subscriptions(by, subscription.place_id):
        raise NotAllowed()
    return Subscription.objects.select_for_update().get(pk=subscription.pk)


@transaction.atomic
def subscription_renew(subscription: Subscription, *, today: date | None = None) -> Subscription:
    """Add the periods due up to `today`, each with an order awaiting payment, or end the
    subscription when it was cancelled (and its commitment is over)."""
    today = today or timezone.localdate()
    subscription = _locked(subscription)
    while subscription.status == Subscription.Status.ACTIVE:
        last = subscription.periods.order_by("-number").first()
        if last is not None and last.end >= today:
            break
        committed = (
            subscription.committed_until and last and last.end < subscription.committed_until
        )
        if subscription.cancel_at_period_end and not committed:
            subscription.status = Subscription.Status.ENDED
            subscription.ended_on = last.end if last else today
            subscription.save(update_fields=["status", "ended_on", "updated_at"])
            audit_record(
                actor=None,
                verb=Verb.SUBSCRIPTION_ENDED,
                target=subscription,
                place=subscription.place,
                data={"on": str(subscription.ended_on)},
            )
            break
        number, start, end = _next_period(subscription, last)
        order = billing.order_create(
            place=subscription.place,
            lines=[_line(subscription, start, end)],
            by=None,
            buyer=subscription.person,
            buyer_organization=subscription.organization,
            note=_("Monthly renewal"),
        )
        SubscriptionPeriod.objects.create(
            subscription=subscription,
            number=number,
            start=start,
            end=end,
            order_line=order.lines.first(),
        )
        audit_record(
            actor=None,
            verb=Verb.SUBSCRIPTION_RENEWED,
            target=subscription,
            place=subscription.place,
            data={"start": str(start), "end": str(end)},
        )
    return subscription


def subscriptions_renew_due(*, today: date | None = None) -> int:
    """Renew every active subscription whose last period is over (the daily task)."""
    today = today or timezone.localdate()
    due = Subscription.objects.filter(status=Subscription.Status.ACTIVE).exclude(
        periods__end__gte=today
    )
    count = 0
    for subscription in due:
        subscription_renew(subscription, today=today)
        count += 1
    return count


@transaction.atomic
def subscription_pause(subscription: Subscription, *, by: Actor) -> Subscription:
    """No renewal while paused; the period already paid still covers its days."""
    subscription = _locked(subscription, by)
    if subscription.status == Subscription.Status.ENDED:
        raise SubscriptionEnded()
    subscription.status = Subscription.Status.PAUSED
    subscription.save(update_fields=["status", "updated_at"])
    audit_record(
        actor=by, verb=Verb.SUBSCRIPTION_PAUSED, target=subscription, place=subscription.place
    )
    return subscription


@transaction.atomic
def subscription_resume(
    subscription: Subscription, *, by: Actor, on: date | None = None
) -> Subscription:
    """Active again; when the paid period is over, a new one starts on `on` (new anchor)."""
    on = on or timezone.localdate()
    subscription = _locked(subscription, by)
    if subscription.status != Subscription.Status.PAUSED:
        raise SubscriptionNotPaused()
    last = subscription.periods.order_by("-number").first()
    subscription.status = Subscription.Status.ACTIVE
    if last is None or last.end < on:
        subscription.period_anchor = on
        subscription.anchor_number = last.number + 1 if last else 0
    subscription.save(update_fields=["status", "period_anchor", "anchor_number", "updated_at"])
    audit_record(
        actor=by, verb=Verb.SUBSCRIPTION_RESUMED, target=subscription, place=subscription.place
    )
    return subscription_renew(subscription, today=on)


@transaction.atomic
def subscription_cancel(
    subscription: Subscription, *, by: Actor, undo: bool = False
) -> Subscription:
    """Ends at the end of the current period (or of the commitment, if later)."""
    subscription = _locked(subscription, by)
    if subscription.status == Subscription.Status.ENDED:
        raise SubscriptionEnded()
    subscription.cancel_at_period_end = not undo
    subscription.save(update_fields=["cancel_at_period_end", "updated_at"])
    verb = Verb.SUBSCRIPTION_UNCANCELLED if undo else Verb.SUBSCRIPTION_CANCELLED
    audit_record(actor=by, verb=verb, target=subscription, place=subscription.place)
    return subscription


@transaction.atomic
def subscription_end(
    subscription: Subscription, *, by: Actor, on: date | None = None
) -> Subscription:
    """End now: `on` is the last covered day; later periods are removed."""
    on = on or timezone.localdate()
    subscription = _locked(subscription, by)
    if subscription.status == Subscription.Status.ENDED:
        raise SubscriptionEnded()
    if on < subscription.started_on - timedelta(days=1):
        raise InvalidInput(_("The end cannot be before the start."), field="on")
    # Renewals of the removed months were never due: their unpaid orders are cancelled.
    removed = subscription.periods.filter(start__gt=on)
    Order.objects.filter(
        lines__in=removed.values("order_line"), status=Order.Status.PENDING
    ).update(status=Order.Status.CANCELLED)
    removed.delete()
    subscription.periods.filter(end__gt=on).update(end=on)
    subscription.status = Subscription.Status.ENDED
    subscription.ended_on = on
    subscription.save(update_fields=["status", "ended_on", "updated_at"])
    audit_record(
        actor=by,
        verb=Verb.SUBSCRIPTION_ENDED,
        target=subscription,
        place=subscription.place,
        data={"on": str(on)},
    )
    return subscription
