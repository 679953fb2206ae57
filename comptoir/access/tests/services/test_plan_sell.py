"""plan_sell: an order, its lines and payment, the product bought and a role, in one go."""

from __future__ import annotations

import datetime as dt

import pytest
from dateutil.relativedelta import relativedelta
from django.utils import timezone

from comptoir.access import services
from comptoir.access.exceptions import NotForSale, PlanNotOffered, WrongHolder
from comptoir.access.models import DayPass, Plan, Subscription, TicketBook, TicketMovement
from comptoir.access.tests.factories import (
    PlanFactory,
    day_pass_plan,
    discovery_plan,
    subscription_plan,
    ticket_book_plan,
)
from comptoir.billing.models import Order, OrderLine, Payment
from comptoir.community.models import PlaceRole, Role
from comptoir.community.tests.factories import (
    OrganizationFactory,
    PersonFactory,
    PlaceRoleFactory,
)
from comptoir.core.exceptions import InvalidInput, NotAllowed
from comptoir.core.models import AuditEvent


def sell(plan, place, by, **kwargs):
    kwargs.setdefault("payment_method", "cash")
    return services.plan_sell(plan=plan, place=place, by=by, **kwargs)


def roles_of(person, place):
    return set(
        PlaceRole.objects.current()
        .filter(person=person, place=place)
        .values_list("role", flat=True)
    )


def nothing_sold():
    return not (
        Order.objects.exists()
        or Payment.objects.exists()
        or TicketBook.objects.exists()
        or Subscription.objects.exists()
        or DayPass.objects.exists()
    )


@pytest.mark.django_db
def test_it_records_a_paid_order_with_one_line_and_its_payment(place, concierge, person):
    plan = ticket_book_plan(place, price_cents=8000, vat_rate_bp=2000)
    sale = sell(plan, place, concierge, person=person, payment_method="card")
    order = sale.order
    assert order.status == Order.Status.PAID
    assert order.paid_at is not None
    assert order.total_cents == 8000
    assert order.buyer == person
    assert order.created_by == concierge
    line = order.lines.get()
    assert (line.kind, line.quantity, line.unit_price_cents, line.total_cents) == (
        OrderLine.Kind.TICKET_BOOK,
        1,
        8000,
        8000,
    )
    assert line.plan == plan
    payment = order.payments.get()
    assert (payment.method, payment.amount_cents, payment.recorded_by) == ("card", 8000, concierge)


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["cash", "card", "transfer", "cheque"])
def test_it_accepts_each_payment_method(place, concierge, person, method):
    sale = sell(ticket_book_plan(place), place, concierge, person=person, payment_method=method)
    assert sale.order.payments.get().method == method


@pytest.mark.django_db
def test_it_keeps_the_payment_reference(place, concierge, person):
    sale = sell(
        ticket_book_plan(place),
        place,
        concierge,
        person=person,
        payment_method="cheque",
        payment_reference="Chèque n° 1234",
    )
    assert sale.order.payments.get().reference == "Chèque n° 1234"


@pytest.mark.django_db
def test_it_refuses_an_unknown_payment_method_and_saves_nothing(place, concierge, person):
    with pytest.raises(InvalidInput):
        sell(ticket_book_plan(place), place, concierge, person=person, payment_method="bitcoin")
    assert nothing_sold()


@pytest.mark.django_db
def test_it_creates_the_book_with_its_purchase_movement(place, concierge, person):
    plan = ticket_book_plan(place, tickets=10, price_cents=8000, validity_months=12)
    sale = sell(plan, place, concierge, person=person)
    book = TicketBook.objects.get()
    assert sale.ticket_book == book
    assert (book.person, book.place, book.tickets, book.ticket_value_cents) == (
        person,
        place,
        10,
        800,
    )
    today = timezone.localdate()
    assert book.purchased_on == today
    assert book.expires_on == today + relativedelta(months=12)
    assert book.order_line == sale.order.lines.get()
    movement = book.movements.get()
    assert (movement.kind, movement.quantity, movement.place) == (
        TicketMovement.Kind.PURCHASE,
        10,
        place,
    )
    assert services.balance(book) == 10


@pytest.mark.django_db
def test_it_makes_a_network_wide_book_valid_across_the_network(place, concierge, person):
    plan = ticket_book_plan(place, network_wide=True)
    book = sell(plan, place, concierge, person=person).ticket_book
    assert book.network_id == place.network_id


@pytest.mark.django_db
def test_it_makes_a_place_book_valid_in_that_place_only(place, concierge, person):
    book = sell(ticket_book_plan(place), place, concierge, person=person).ticket_book
    assert book.network_id is None


@pytest.mark.django_db
def test_it_creates_a_day_pass_for_the_chosen_day(place, concierge, person):
    day = timezone.localdate() + dt.timedelta(days=3)
    plan = day_pass_plan(place, price_cents=1500)
    sale = sell(plan, place, concierge, person=person, starts_on=day)
    assert sale.day_pass == DayPass.objects.get()
    assert (sale.day_pass.valid_on, sale.day_pass.person, sale.day_pass.place) == (
        day,
        person,
        place,
    )
    line = sale.order.lines.get()
    assert line.kind == OrderLine.Kind.DAY_PASS
    assert day.strftime("%d/%m/%Y") in line.description
    assert sale.day_pass.order_line == line


@pytest.mark.django_db
def test_it_starts_a_subscription_with_a_paid_first_period(place, concierge, person):
    plan = subscription_plan(place, price_cents=25000)
    sale = sell(plan, place, concierge, person=person, payment_method="transfer")
    subscription = sale.subscription
    assert subscription.status == Subscription.Status.ACTIVE
    assert (subscription.person, subscription.organization) == (person, None)
    assert subscription.price_cents == 25000
    period = subscription.periods.get()
    assert period.number == 0
    assert period.start == timezone.localdate()
    assert period.order_line == sale.order.lines.get()
    assert sale.order.lines.get().kind == OrderLine.Kind.SUBSCRIPTION
    assert sale.order.status == Order.Status.PAID


@pytest.mark.django_db
def test_it_starts_a_structure_subscription_with_the_plan_seats(place, concierge, person):
    organization = OrganizationFactory()
    plan = subscription_plan(place, holder=Plan.Holder.ORGANIZATION, seats=3)
    sale = sell(plan, place, concierge, organization=organization, person=person)
    subscription = sale.subscription
    assert (subscription.organization, subscription.person, subscription.seats) == (
        organization,
        None,
        3,
    )
    assert sale.order.buyer_organization == organization
    assert sale.order.buyer_name == organization.name


@pytest.mark.django_db
def test_it_refuses_a_structure_subscription_without_a_structure(place, concierge, person):
    plan = subscription_plan(place, holder=Plan.Holder.ORGANIZATION, seats=3)
    with pytest.raises(WrongHolder):
        sell(plan, place, concierge, person=person)
    assert nothing_sold()


@pytest.mark.django_db
def test_it_refuses_a_book_sold_to_a_structure(place, concierge, person):
    with pytest.raises(WrongHolder):
        sell(
            ticket_book_plan(place),
            place,
            concierge,
            person=person,
            organization=OrganizationFactory(),
        )
    assert nothing_sold()


@pytest.mark.django_db
def test_it_refuses_a_sale_without_a_buyer(place, concierge):
    with pytest.raises(InvalidInput):
        sell(ticket_book_plan(place), place, concierge)
    assert nothing_sold()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("make_plan", "role"),
    [
        (ticket_book_plan, Role.NOMAD),
        (subscription_plan, Role.RESIDENT),
        (day_pass_plan, Role.TRAVELLER),
    ],
)
def test_it_gives_a_role_to_someone_with_none_in_the_place(
    place, concierge, person, make_plan, role
):
    sell(make_plan(place), place, concierge, person=person)
    assert roles_of(person, place) == {role}


@pytest.mark.django_db
def test_it_keeps_the_role_of_someone_who_already_has_one(place, concierge, person):
    PlaceRoleFactory(person=person, place=place, role=Role.RESIDENT)
    sell(ticket_book_plan(place), place, concierge, person=person)
    assert roles_of(person, place) == {Role.RESIDENT}


@pytest.mark.django_db
def test_it_gives_the_role_in_the_selling_place_only(place, sister_place, concierge, person):
    PlaceRoleFactory(person=person, place=sister_place, role=Role.RESIDENT)
    sell(ticket_book_plan(place), place, concierge, person=person)
    assert roles_of(person, place) == {Role.NOMAD}


@pytest.mark.django_db
def test_it_lets_an_occasional_concierge_sell(place, person):
    occasional = PersonFactory()
    PlaceRoleFactory(person=occasional, place=place, role=Role.CONCIERGE_OCCASIONAL)
    assert sell(ticket_book_plan(place), place, occasional, person=person).ticket_book


@pytest.mark.django_db
def test_it_refuses_a_sale_by_a_member_who_is_not_a_concierge(place, person):
    nomad = PersonFactory()
    PlaceRoleFactory(person=nomad, place=place, role=Role.NOMAD)
    with pytest.raises(NotAllowed):
        sell(ticket_book_plan(place), place, nomad, person=person)
    assert nothing_sold()


@pytest.mark.django_db
def test_it_refuses_a_sale_by_the_concierge_of_another_place(place, sister_place, person):
    other = PersonFactory()
    PlaceRoleFactory(person=other, place=sister_place, role=Role.CONCIERGE_PERMANENT)
    with pytest.raises(NotAllowed):
        sell(ticket_book_plan(place), place, other, person=person)
    assert nothing_sold()


@pytest.mark.django_db
def test_it_refuses_to_sell_the_discovery_visit(place, concierge, person):
    with pytest.raises(NotForSale):
        sell(discovery_plan(place), place, concierge, person=person)
    assert nothing_sold()


@pytest.mark.django_db
def test_it_refuses_a_plan_of_another_place(place, sister_place, concierge, person):
    with pytest.raises(PlanNotOffered):
        sell(ticket_book_plan(sister_place), place, concierge, person=person)
    assert nothing_sold()


@pytest.mark.django_db
def test_it_refuses_a_plan_that_is_no_longer_on_sale(place, concierge, person):
    with pytest.raises(PlanNotOffered):
        sell(ticket_book_plan(place, is_active=False), place, concierge, person=person)
    assert nothing_sold()


@pytest.mark.django_db
def test_it_sells_a_network_plan_in_any_place_of_the_network(sister_place, person):
    seller = PersonFactory()
    PlaceRoleFactory(person=seller, place=sister_place, role=Role.CONCIERGE_PERMANENT)
    plan = PlanFactory(place=None, network=sister_place.network, network_wide=True)
    book = sell(plan, sister_place, seller, person=person).ticket_book
    assert (book.place, book.network) == (sister_place, sister_place.network)


@pytest.mark.django_db
def test_it_refuses_a_network_plan_of_another_network(place, foreign_place, concierge, person):
    plan = PlanFactory(place=None, network=foreign_place.network)
    with pytest.raises(PlanNotOffered):
        sell(plan, place, concierge, person=person)
    assert nothing_sold()


@pytest.mark.django_db
def test_it_refuses_a_start_in_the_past(place, concierge, person):
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    with pytest.raises(InvalidInput):
        sell(subscription_plan(place), place, concierge, person=person, starts_on=yesterday)
    assert nothing_sold()


@pytest.mark.django_db
def test_it_audits_the_sale(place, concierge, person):
    sale = sell(ticket_book_plan(place), place, concierge, person=person)
    event = AuditEvent.objects.get(verb="plan.sold")
    assert (event.actor, event.place) == (concierge, place)
    assert event.data["order"] == sale.order.pk
    assert event.data["person"] == person.pk


@pytest.mark.django_db
def test_selling_to_someone_whose_role_starts_later_keeps_that_role(place, concierge):
    newcomer = PersonFactory()
    starts = timezone.localdate() + dt.timedelta(days=3)
    PlaceRoleFactory(person=newcomer, place=place, role=Role.NOMAD, valid_from=starts)
    sale = services.plan_sell(
        plan=ticket_book_plan(place),
        place=place,
        by=concierge,
        person=newcomer,
        payment_method="cash",
    )
    assert sale.ticket_book is not None
    roles = PlaceRole.objects.filter(person=newcomer, place=place)
    assert list(roles.values_list("role", "valid_from")) == [(Role.NOMAD, starts)]
