"""The lifecycle of a subscription: start, monthly renewal, pause, resume, cancel, end."""

from __future__ import annotations

import calendar
import datetime as dt

import pytest
from django.utils import timezone

from comptoir.access import services
from comptoir.access.exceptions import SubscriptionEnded, SubscriptionNotPaused
from comptoir.access.models import Plan, Subscription
from comptoir.access.tests.factories import subscription_plan
from comptoir.access.tests.helpers import buy
from comptoir.billing.models import Order, OrderLine
from comptoir.community.tests.factories import OrganizationFactory
from comptoir.core.exceptions import InvalidInput
from comptoir.core.models import AuditEvent

D = dt.date


def a_common_year() -> int:
    """A year to come whose February has 28 days."""
    year = timezone.localdate().year + 1
    while calendar.isleap(year):
        year += 1
    return year


def subscribe(place, concierge, person, starts_on=None, **plan_fields):
    plan = subscription_plan(place, **plan_fields)
    return buy(plan, place=place, by=concierge, person=person, starts_on=starts_on).subscription


def bounds(subscription):
    return [(p.number, p.start, p.end) for p in subscription.periods.order_by("number")]


def day_after(day):
    return day + dt.timedelta(days=1)


# --- Period boundaries ------------------------------------------------------------------


def test_it_anchors_the_periods_on_the_31st():
    y = 2027
    assert [services.period_bounds(D(y, 1, 31), n) for n in range(4)] == [
        (D(y, 1, 31), D(y, 2, 27)),
        (D(y, 2, 28), D(y, 3, 30)),
        (D(y, 3, 31), D(y, 4, 29)),
        (D(y, 4, 30), D(y, 5, 30)),
    ]


def test_it_anchors_the_periods_in_a_leap_year():
    assert [services.period_bounds(D(2028, 1, 31), n) for n in range(2)] == [
        (D(2028, 1, 31), D(2028, 2, 28)),
        (D(2028, 2, 29), D(2028, 3, 30)),
    ]


def test_it_makes_periods_that_follow_each_other_without_gap_or_overlap():
    anchor = D(2027, 1, 29)
    periods = [services.period_bounds(anchor, n) for n in range(24)]
    for (_, end), (next_start, _) in zip(periods, periods[1:], strict=False):
        assert next_start == day_after(end)


def test_it_runs_a_period_from_the_15th_to_the_14th():
    assert services.period_bounds(D(2027, 3, 15), 0) == (D(2027, 3, 15), D(2027, 4, 14))


# --- Start ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_it_starts_with_one_period_from_the_start_date(place, concierge, person):
    start = D(a_common_year(), 1, 31)
    subscription = subscribe(place, concierge, person, starts_on=start)
    assert (subscription.started_on, subscription.period_anchor) == (start, start)
    assert bounds(subscription) == [(0, start, D(start.year, 2, 27))]


@pytest.mark.django_db
def test_it_sets_the_commitment_end(place, concierge, person):
    start = D(a_common_year(), 1, 31)
    subscription = subscribe(place, concierge, person, starts_on=start, commitment_months=3)
    assert subscription.committed_until == D(start.year, 4, 29)


@pytest.mark.django_db
def test_it_covers_the_last_day_of_a_period_but_not_the_day_after(place, concierge, person):
    subscription = subscribe(place, concierge, person)
    period = subscription.periods.get()
    assert Subscription.objects.covering(period.end).get() == subscription
    assert not Subscription.objects.covering(day_after(period.end)).exists()
    assert services.current_period(subscription, period.end) == period
    assert services.current_period(subscription, day_after(period.end)) is None


# --- Renewal ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_it_renews_with_an_order_awaiting_payment(place, concierge, person):
    subscription = subscribe(place, concierge, person, price_cents=25000)
    first = subscription.periods.get()
    services.subscription_renew(subscription, today=day_after(first.end))
    period = subscription.periods.get(number=1)
    assert (period.start, period.end) == services.period_bounds(subscription.started_on, 1)
    order = period.order_line.order
    assert order.status == Order.Status.PENDING
    assert not order.payments.exists()
    assert (order.total_cents, order.buyer, order.place) == (25000, person, place)
    assert period.order_line.kind == OrderLine.Kind.SUBSCRIPTION
    assert AuditEvent.objects.filter(verb="subscription.renewed").count() == 1


@pytest.mark.django_db
def test_it_renews_at_the_subscription_price_even_if_the_plan_price_changed(
    place, concierge, person
):
    subscription = subscribe(place, concierge, person, price_cents=25000)
    Plan.objects.filter(pk=subscription.plan_id).update(price_cents=30000)
    first = subscription.periods.get()
    services.subscription_renew(subscription, today=day_after(first.end))
    assert subscription.periods.get(number=1).order_line.total_cents == 25000


@pytest.mark.django_db
def test_it_follows_the_anchor_through_short_months(place, concierge, person):
    y = a_common_year()
    subscription = subscribe(place, concierge, person, starts_on=D(y, 1, 31))
    services.subscription_renew(subscription, today=D(y, 2, 28))
    services.subscription_renew(subscription, today=D(y, 3, 31))
    assert bounds(subscription) == [
        (0, D(y, 1, 31), D(y, 2, 27)),
        (1, D(y, 2, 28), D(y, 3, 30)),
        (2, D(y, 3, 31), D(y, 4, 29)),
    ]


@pytest.mark.django_db
def test_it_does_not_renew_before_the_period_is_over(place, concierge, person):
    subscription = subscribe(place, concierge, person)
    last_day = subscription.periods.get().end
    services.subscription_renew(subscription, today=last_day)
    assert subscription.periods.count() == 1
    assert Order.objects.count() == 1


@pytest.mark.django_db
def test_it_renews_only_once_for_a_period(place, concierge, person):
    subscription = subscribe(place, concierge, person)
    today = day_after(subscription.periods.get().end)
    services.subscription_renew(subscription, today=today)
    services.subscription_renew(subscription, today=today)
    assert subscription.periods.count() == 2
    assert Order.objects.count() == 2


@pytest.mark.django_db
def test_it_catches_up_on_missed_renewals_one_order_per_period(place, concierge, person):
    subscription = subscribe(place, concierge, person)
    today = services.period_bounds(subscription.started_on, 2)[0]
    services.subscription_renew(subscription, today=today)
    assert [number for number, *_ in bounds(subscription)] == [0, 1, 2]
    assert Order.objects.filter(status=Order.Status.PENDING).count() == 2


@pytest.mark.django_db
def test_it_bills_a_structure_for_the_renewal(place, concierge, person):
    organization = OrganizationFactory()
    plan = subscription_plan(place, holder=Plan.Holder.ORGANIZATION, seats=2)
    subscription = buy(plan, place=place, by=concierge, organization=organization).subscription
    services.subscription_renew(subscription, today=day_after(subscription.periods.get().end))
    order = subscription.periods.get(number=1).order_line.order
    assert (order.buyer, order.buyer_organization) == (None, organization)


@pytest.mark.django_db
def test_it_renews_the_due_subscriptions_only(place, concierge, person, stranger):
    due = subscribe(place, concierge, person)
    later = subscribe(place, concierge, stranger, starts_on=day_after(timezone.localdate()))
    today = day_after(due.periods.get().end)
    assert services.subscriptions_renew_due(today=today) == 1
    assert due.periods.count() == 2
    assert later.periods.count() == 1


# --- Pause and resume -------------------------------------------------------------------


@pytest.mark.django_db
def test_it_does_not_renew_a_paused_subscription(place, concierge, person):
    subscription = subscribe(place, concierge, person)
    services.subscription_pause(subscription, by=concierge)
    services.subscription_renew(subscription, today=day_after(subscription.periods.get().end))
    subscription.refresh_from_db()
    assert subscription.status == Subscription.Status.PAUSED
    assert subscription.periods.count() == 1
    assert Order.objects.count() == 1


@pytest.mark.django_db
def test_it_keeps_the_paid_period_covering_during_a_pause(place, concierge, person):
    subscription = subscribe(place, concierge, person)
    services.subscription_pause(subscription, by=concierge)
    last_day = subscription.periods.get().end
    assert Subscription.objects.covering(last_day).get() == subscription


@pytest.mark.django_db
def test_it_leaves_a_paused_subscription_out_of_the_due_renewals(place, concierge, person):
    subscription = subscribe(place, concierge, person)
    services.subscription_pause(subscription, by=concierge)
    today = day_after(subscription.periods.get().end)
    assert services.subscriptions_renew_due(today=today) == 0


@pytest.mark.django_db
def test_it_resumes_with_a_new_period_from_the_resume_date(place, concierge, person):
    subscription = subscribe(place, concierge, person)
    services.subscription_pause(subscription, by=concierge)
    resume_on = subscription.periods.get().end + dt.timedelta(days=20)
    subscription = services.subscription_resume(subscription, by=concierge, on=resume_on)
    assert subscription.status == Subscription.Status.ACTIVE
    assert subscription.period_anchor == resume_on
    period = subscription.periods.get(number=1)
    assert (period.start, period.end) == services.period_bounds(resume_on, 0)
    assert period.order_line.order.status == Order.Status.PENDING
    assert not Subscription.objects.covering(resume_on - dt.timedelta(days=1)).exists()


@pytest.mark.django_db
def test_it_resumes_within_the_paid_period_without_a_new_one(place, concierge, person):
    subscription = subscribe(place, concierge, person)
    first = subscription.periods.get()
    services.subscription_pause(subscription, by=concierge)
    subscription = services.subscription_resume(subscription, by=concierge, on=first.end)
    assert subscription.status == Subscription.Status.ACTIVE
    assert subscription.periods.count() == 1
    services.subscription_renew(subscription, today=day_after(first.end))
    assert bounds(subscription)[1] == (1, *services.period_bounds(subscription.started_on, 1))


@pytest.mark.django_db
def test_it_refuses_to_resume_a_subscription_that_is_not_paused(place, concierge, person):
    subscription = subscribe(place, concierge, person)
    with pytest.raises(SubscriptionNotPaused):
        services.subscription_resume(subscription, by=concierge)


@pytest.mark.django_db
def test_it_refuses_to_pause_an_ended_subscription(place, concierge, person):
    subscription = subscribe(place, concierge, person)
    services.subscription_end(subscription, by=concierge)
    with pytest.raises(SubscriptionEnded):
        services.subscription_pause(subscription, by=concierge)


@pytest.mark.django_db
def test_it_audits_the_pause_and_the_resume(place, concierge, person):
    subscription = subscribe(place, concierge, person)
    services.subscription_pause(subscription, by=concierge)
    services.subscription_resume(subscription, by=concierge)
    verbs = set(AuditEvent.objects.filter(actor=concierge).values_list("verb", flat=True))
    assert {"subscription.paused", "subscription.resumed"} <= verbs


# --- Cancel at period end ---------------------------------------------------------------


@pytest.mark.django_db
def test_it_ends_a_cancelled_subscription_at_the_end_of_its_period(place, concierge, person):
    subscription = subscribe(place, concierge, person)
    last_day = subscription.periods.get().end
    services.subscription_cancel(subscription, by=concierge)
    subscription = services.subscription_renew(subscription, today=day_after(last_day))
    assert subscription.status == Subscription.Status.ENDED
    assert subscription.ended_on == last_day
    assert subscription.periods.count() == 1
    assert Order.objects.count() == 1
    assert Subscription.objects.covering(last_day).exists()


@pytest.mark.django_db
def test_it_keeps_covering_a_cancelled_subscription_until_its_period_ends(place, concierge, person):
    subscription = subscribe(place, concierge, person)
    last_day = subscription.periods.get().end
    services.subscription_cancel(subscription, by=concierge)
    subscription = services.subscription_renew(subscription, today=last_day)
    assert subscription.status == Subscription.Status.ACTIVE
    assert Subscription.objects.covering(last_day).get() == subscription


@pytest.mark.django_db
def test_it_honours_the_commitment_of_a_cancelled_subscription(place, concierge, person):
    y = a_common_year()
    subscription = subscribe(place, concierge, person, starts_on=D(y, 1, 31), commitment_months=3)
    services.subscription_cancel(subscription, by=concierge)
    subscription = services.subscription_renew(subscription, today=D(y, 6, 15))
    assert subscription.status == Subscription.Status.ENDED
    assert subscription.ended_on == subscription.committed_until == D(y, 4, 29)
    assert [number for number, *_ in bounds(subscription)] == [0, 1, 2]


@pytest.mark.django_db
def test_it_renews_again_when_the_cancellation_is_undone(place, concierge, person):
    subscription = subscribe(place, concierge, person)
    services.subscription_cancel(subscription, by=concierge)
    services.subscription_cancel(subscription, by=concierge, undo=True)
    subscription = services.subscription_renew(
        subscription, today=day_after(subscription.periods.get().end)
    )
    assert subscription.status == Subscription.Status.ACTIVE
    assert subscription.periods.count() == 2


@pytest.mark.django_db
def test_it_refuses_to_cancel_an_ended_subscription(place, concierge, person):
    subscription = subscribe(place, concierge, person)
    services.subscription_end(subscription, by=concierge)
    with pytest.raises(SubscriptionEnded):
        services.subscription_cancel(subscription, by=concierge)


# --- End now ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_it_ends_on_the_given_day_which_stays_covered(place, concierge, person):
    subscription = subscribe(place, concierge, person)
    start = subscription.started_on
    on = start + dt.timedelta(days=10)
    subscription = services.subscription_end(subscription, by=concierge, on=on)
    assert (subscription.status, subscription.ended_on) == (Subscription.Status.ENDED, on)
    assert bounds(subscription) == [(0, start, on)]
    assert Subscription.objects.covering(on).exists()
    assert not Subscription.objects.covering(day_after(on)).exists()


@pytest.mark.django_db
def test_it_removes_the_periods_after_the_end(place, concierge, person):
    subscription = subscribe(place, concierge, person)
    services.subscription_renew(subscription, today=day_after(subscription.periods.get().end))
    services.subscription_end(subscription, by=concierge, on=subscription.started_on)
    assert bounds(subscription) == [(0, subscription.started_on, subscription.started_on)]


@pytest.mark.django_db
def test_it_no_longer_renews_an_ended_subscription(place, concierge, person):
    subscription = subscribe(place, concierge, person)
    services.subscription_end(subscription, by=concierge)
    services.subscription_renew(subscription, today=subscription.started_on + dt.timedelta(90))
    assert subscription.periods.count() == 1


@pytest.mark.django_db
def test_it_refuses_to_end_twice(place, concierge, person):
    subscription = subscribe(place, concierge, person)
    services.subscription_end(subscription, by=concierge)
    with pytest.raises(SubscriptionEnded):
        services.subscription_end(subscription, by=concierge)


@pytest.mark.django_db
def test_it_refuses_an_end_before_the_start(place, concierge, person):
    starts_on = timezone.localdate() + dt.timedelta(days=10)
    subscription = subscribe(place, concierge, person, starts_on=starts_on)
    with pytest.raises(InvalidInput):
        services.subscription_end(subscription, by=concierge, on=starts_on - dt.timedelta(days=5))
    subscription.refresh_from_db()
    assert subscription.status == Subscription.Status.ACTIVE


@pytest.mark.django_db
def test_it_audits_the_end(place, concierge, person):
    subscription = subscribe(place, concierge, person)
    services.subscription_end(subscription, by=concierge)
    event = AuditEvent.objects.get(verb="subscription.ended")
    assert (event.actor, event.place) == (concierge, place)
