"""plan_buy: a member buys an offer for themself; the order waits for payment and what it
buys is handed over when the order is paid, however the payment is recorded."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from comptoir.access import services
from comptoir.access.exceptions import NotForSale, PlanNotOffered, PurchasePending, WrongHolder
from comptoir.access.models import DayPass, Plan, Purchase, Subscription, TicketBook
from comptoir.access.tests.factories import (
    day_pass_plan,
    discovery_plan,
    subscription_plan,
    ticket_book_plan,
)
from comptoir.billing import services as billing
from comptoir.billing.models import Order, OrderLine
from comptoir.community.models import Role
from comptoir.community.tests.factories import PersonFactory, PlaceRoleFactory
from comptoir.core.exceptions import InvalidInput, NotAllowed
from comptoir.core.models import AuditEvent
from comptoir.invoicing.services import payments
from comptoir.invoicing.tests.factories import make_seller
from comptoir.places.tests.factories import PlaceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def nomad(place):
    who = PersonFactory(first_name="Nina", last_name="Nomade")
    PlaceRoleFactory(person=who, place=place, role=Role.NOMAD)
    return who


def nothing_bought() -> bool:
    return not (
        Order.objects.exists()
        or Purchase.objects.exists()
        or TicketBook.objects.exists()
        or DayPass.objects.exists()
        or Subscription.objects.exists()
    )


def test_a_member_orders_a_book_that_waits_for_its_payment(place, nomad):
    plan = ticket_book_plan(place, price_cents=8000, vat_rate_bp=2000)

    purchase = services.plan_buy(plan=plan, place=place, person=nomad)

    order = purchase.order
    assert purchase.status == Purchase.Status.PENDING
    assert order.status == Order.Status.PENDING
    assert (order.buyer, order.total_cents, order.received_cents) == (nomad, 8000, 0)
    line = order.lines.get()
    assert (line.kind, line.plan, line.total_cents) == (OrderLine.Kind.TICKET_BOOK, plan, 8000)
    assert not TicketBook.objects.exists()  # nothing handed over before the payment
    assert AuditEvent.objects.filter(verb="plan.bought", actor=nomad).exists()


def test_the_book_is_handed_over_when_the_desk_records_the_payment(place, nomad, concierge):
    plan = ticket_book_plan(place, price_cents=8000, tickets=10)
    purchase = services.plan_buy(plan=plan, place=place, person=nomad)

    billing.payment_record(order=purchase.order, method="cash", amount_cents=8000, by=concierge)

    book = TicketBook.objects.with_balance().get()
    assert (book.person, book.plan, book.balance) == (nomad, plan, 10)
    assert book.order_line == purchase.order.lines.get()
    purchase.refresh_from_db()
    assert purchase.status == Purchase.Status.FULFILLED
    assert AuditEvent.objects.filter(verb="purchase.fulfilled").count() == 1


def test_a_chained_payment_in_two_parts_hands_the_book_over_once_paid(place, nomad, concierge):
    make_seller(place)
    plan = ticket_book_plan(place, price_cents=8000)
    order = services.plan_buy(plan=plan, place=place, person=nomad).order

    payments.payment_record(order=order, means="cash", amount_cents=3000, by=concierge)
    assert not TicketBook.objects.exists()
    payments.payment_record(order=order, means="card", amount_cents=5000, by=concierge)

    assert TicketBook.objects.filter(person=nomad).count() == 1
    assert Purchase.objects.get().status == Purchase.Status.FULFILLED


def test_a_day_pass_is_valid_on_the_day_chosen(place, nomad, concierge):
    plan = day_pass_plan(place, price_cents=1500)
    day = timezone.localdate() + dt.timedelta(days=3)
    purchase = services.plan_buy(plan=plan, place=place, person=nomad, starts_on=day)
    assert str(day.day) in purchase.order.lines.get().description

    billing.payment_record(order=purchase.order, method="card", amount_cents=1500, by=concierge)

    assert DayPass.objects.get().valid_on == day


def test_a_subscription_starts_when_paid_if_paid_after_its_first_day(place, nomad, concierge):
    plan = subscription_plan(place, price_cents=25000)
    purchase = services.plan_buy(plan=plan, place=place, person=nomad)
    Purchase.objects.filter(pk=purchase.pk).update(
        starts_on=timezone.localdate() - dt.timedelta(days=2)
    )

    billing.payment_record(order=purchase.order, method="transfer", amount_cents=25000, by=None)

    subscription = Subscription.objects.get()
    assert (subscription.person, subscription.started_on) == (nomad, timezone.localdate())
    assert subscription.periods.get().order_line == purchase.order.lines.get()


def test_a_free_offer_is_handed_over_at_once(place, nomad):
    plan = ticket_book_plan(place, price_cents=0)

    purchase = services.plan_buy(plan=plan, place=place, person=nomad)

    assert purchase.status == Purchase.Status.FULFILLED
    assert purchase.order.status == Order.Status.PAID
    assert TicketBook.objects.filter(person=nomad).exists()


def test_an_order_that_is_no_purchase_hands_nothing_over(place, nomad, concierge):
    plan = ticket_book_plan(place)
    line = billing.LineSpec(kind="ticket_book", description="x", unit_price_cents=100, plan=plan)
    order = billing.order_create(place=place, lines=[line], by=concierge, buyer=nomad)

    billing.payment_record(order=order, method="cash", amount_cents=100, by=concierge)

    assert not TicketBook.objects.exists()


def test_a_second_purchase_of_the_same_offer_waits_for_the_first(place, nomad):
    plan = ticket_book_plan(place)
    services.plan_buy(plan=plan, place=place, person=nomad)

    with pytest.raises(PurchasePending):
        services.plan_buy(plan=plan, place=place, person=nomad)

    assert Order.objects.count() == 1
    # Another offer is another purchase.
    services.plan_buy(plan=day_pass_plan(place), place=place, person=nomad)
    assert Purchase.objects.count() == 2


def test_once_paid_the_same_offer_can_be_bought_again(place, nomad):
    plan = ticket_book_plan(place, price_cents=8000)
    first = services.plan_buy(plan=plan, place=place, person=nomad)
    billing.payment_record(order=first.order, method="cash", amount_cents=8000, by=None)

    services.plan_buy(plan=plan, place=place, person=nomad)

    assert Purchase.objects.filter(status=Purchase.Status.PENDING).count() == 1


def test_a_cancelled_order_no_longer_blocks_a_new_purchase(place, nomad):
    plan = ticket_book_plan(place)
    first = services.plan_buy(plan=plan, place=place, person=nomad)
    Order.objects.filter(pk=first.order_id).update(status=Order.Status.CANCELLED)

    services.plan_buy(plan=plan, place=place, person=nomad)

    first.refresh_from_db()
    assert first.status == Purchase.Status.CANCELLED


@pytest.mark.parametrize(
    ("make_plan", "error"),
    [
        (lambda place: discovery_plan(place), NotForSale),
        (lambda place: ticket_book_plan(place, is_active=False), PlanNotOffered),
        (lambda place: ticket_book_plan(PlaceFactory()), PlanNotOffered),
        (
            lambda place: subscription_plan(place, holder=Plan.Holder.ORGANIZATION, seats=3),
            WrongHolder,
        ),
    ],
    ids=["discovery", "inactive", "another_place", "structure_subscription"],
)
def test_offers_a_member_cannot_buy_are_refused(place, nomad, make_plan, error):
    plan = make_plan(place)

    with pytest.raises(error):
        services.plan_buy(plan=plan, place=place, person=nomad)

    assert nothing_bought()


def test_someone_holding_no_role_here_cannot_buy(place):
    plan = ticket_book_plan(place)
    stranger = PersonFactory()
    PlaceRoleFactory(person=stranger, place=PlaceFactory(), role=Role.NOMAD)

    with pytest.raises(NotAllowed):
        services.plan_buy(plan=plan, place=place, person=stranger)

    assert nothing_bought()


def test_a_start_in_the_past_is_refused(place, nomad):
    with pytest.raises(InvalidInput):
        services.plan_buy(
            plan=day_pass_plan(place),
            place=place,
            person=nomad,
            starts_on=timezone.localdate() - dt.timedelta(days=1),
        )
    assert nothing_bought()
