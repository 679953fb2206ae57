"""Memberships recorded and paid through billing, their periods and numbers, and the share
register's movements with their rules."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from comptoir.billing.models import Order
from comptoir.community.tests.factories import OrganizationFactory, PersonFactory
from comptoir.core.exceptions import InvalidInput, NotAllowed
from comptoir.core.models import AuditEvent
from comptoir.membership import selectors, services
from comptoir.membership.exceptions import (
    AlreadyMember,
    AmountInvalid,
    CategoryInvalid,
    HolderMissing,
    NoAssociation,
    NotCooperative,
    NotEnoughShares,
    PaymentTooHigh,
    SharePriceMissing,
    SharesInvalid,
    StartInvalid,
)
from comptoir.membership.models import Associate, Association, Membership, ShareMovement
from comptoir.membership.tests.factories import make_association, make_treasurer

pytestmark = pytest.mark.django_db


@pytest.fixture
def treasurer(place):
    return make_treasurer(place)


@pytest.fixture
def association(place, treasurer):
    return make_association(place, treasurer)


@pytest.fixture
def coop(place, treasurer):
    return make_association(place, treasurer, cooperative=True)


def test_a_membership_is_sold_paid_and_numbered(place, concierge, association):
    alice, bob = PersonFactory(), PersonFactory()
    first = services.membership_record(place=place, person=alice, by=concierge)
    second = services.membership_record(
        place=place, person=bob, by=concierge, payment_method="card"
    )
    year = timezone.localdate().year
    assert (first.membership.number, second.membership.number) == (1, 2)
    assert first.membership.starts_on == dt.date(year, 1, 1)
    assert first.membership.ends_on == dt.date(year, 12, 31)
    assert first.membership.card_number == f"ADH-{year}-00001"
    order = Order.objects.get(pk=first.membership.order_id)
    assert (order.status, order.total_cents, order.buyer_id) == ("paid", 2000, alice.pk)
    assert first.payment_chained
    assert AuditEvent.objects.filter(verb="membership.created").count() == 2


def test_a_rolling_membership_lasts_a_year_from_its_first_day(place, concierge, treasurer):
    make_association(place, treasurer, period=Association.Period.ROLLING)
    today = timezone.localdate()
    start = today.replace(day=1)
    recorded = services.membership_record(
        place=place, person=PersonFactory(), by=concierge, starts_on=start
    )
    assert recorded.membership.starts_on == start
    assert recorded.membership.ends_on == start.replace(year=start.year + 1) - dt.timedelta(days=1)
    assert services.membership_period(Association(period="rolling"), dt.date(2028, 2, 29)) == (
        dt.date(2028, 2, 29),
        dt.date(2029, 2, 28),
    )


def test_a_free_membership_has_no_order(place, concierge, treasurer):
    make_association(place, treasurer, fee_cents=0)
    recorded = services.membership_record(place=place, person=PersonFactory(), by=concierge)
    assert recorded.membership.order_id is None
    assert Order.objects.count() == 0


def test_a_structure_can_be_a_member(place, concierge, association):
    structure = OrganizationFactory(name="Les Amis du Lieu")
    recorded = services.membership_record(place=place, organization=structure, by=concierge)
    assert recorded.membership.holder_name == "Les Amis du Lieu"


def test_twice_the_same_year_is_refused_and_nothing_is_saved(place, concierge, association):
    alice = PersonFactory()
    services.membership_record(place=place, person=alice, by=concierge)
    with pytest.raises(AlreadyMember):
        services.membership_record(place=place, person=alice, by=concierge)
    assert Membership.objects.count() == 1
    assert Order.objects.count() == 1
    assert Association.objects.get().last_card_number == 1


def test_next_year_is_a_new_membership(place, concierge, association):
    alice = PersonFactory()
    today = timezone.localdate()
    services.membership_record(place=place, person=alice, by=concierge)
    nxt = services.membership_record(
        place=place, person=alice, by=concierge, starts_on=today.replace(year=today.year + 1)
    )
    assert nxt.membership.starts_on.year == today.year + 1


@pytest.mark.parametrize(
    ("fields", "error"),
    [
        ({}, HolderMissing),
        ({"person": True, "organization": True}, HolderMissing),
        ({"person": True, "starts_on": dt.date(1990, 1, 1)}, StartInvalid),
        ({"person": True, "payment_method": "bitcoin"}, InvalidInput),
        ({"person": True, "payment_reference": "x" * 101}, InvalidInput),
    ],
)
def test_bad_membership_input_is_refused(place, concierge, association, fields, error):
    if fields.get("person"):
        fields["person"] = PersonFactory()
    if fields.get("organization"):
        fields["organization"] = OrganizationFactory()
    with pytest.raises(error):
        services.membership_record(place=place, by=concierge, **fields)
    assert Membership.objects.count() == 0
    assert Order.objects.count() == 0


def test_who_may_record_and_configure(place, nomad, concierge, association):
    with pytest.raises(NotAllowed):
        services.membership_record(place=place, person=PersonFactory(), by=nomad)
    with pytest.raises(NotAllowed):
        services.association_configure(place=place, period="calendar", fee_cents=0, by=concierge)


def test_no_settings_no_membership(place, concierge, treasurer):
    from comptoir.invoicing.tests.factories import make_seller

    make_seller(place)
    with pytest.raises(NoAssociation):
        services.membership_record(place=place, person=PersonFactory(), by=concierge)


@pytest.mark.parametrize(
    ("fields", "error"),
    [
        ({"fee_cents": -1}, AmountInvalid),
        ({"fee_cents": 10**12}, AmountInvalid),
        ({"is_cooperative": True, "share_price_cents": 0}, SharePriceMissing),
        ({"period": "weekly"}, InvalidInput),
        ({"vat_rate_bp": 1234}, InvalidInput),
    ],
)
def test_bad_settings_are_refused(place, treasurer, association, fields, error):
    values = {"period": "calendar", "fee_cents": 1000} | fields
    with pytest.raises(error):
        services.association_configure(place=place, by=treasurer, **values)
    assert Association.objects.get().fee_cents == 2000


def test_the_database_refuses_negative_amounts(association):
    with pytest.raises(IntegrityError), transaction.atomic():
        Association.objects.filter(pk=association.pk).update(fee_cents=-5)


def test_register_of_the_year_is_searchable(place, concierge, association):
    alice = PersonFactory(first_name="Alice", last_name="Martin")
    bob = PersonFactory(first_name="Bob", last_name="Durand")
    for who in (alice, bob):
        services.membership_record(place=place, person=who, by=concierge)
    year = timezone.localdate().year
    found = selectors.members_of_year(association=association, year=year)
    assert [m.person_id for m in found] == [alice.pk, bob.pk]
    assert [
        m.person_id
        for m in selectors.members_of_year(association=association, year=year, query="durand")
    ] == [bob.pk]
    assert not selectors.members_of_year(association=association, year=year - 1).exists()


# --- Shares -------------------------------------------------------------------------


def test_subscribe_pay_transfer_redeem_in_order(place, treasurer, coop):
    alice, bob = PersonFactory(), PersonFactory()
    services.shares_subscribe(
        place=place, person=alice, category="employees", shares=4, paid_cents=10000, by=treasurer
    )
    holder = Associate.objects.get(person=alice)
    assert (holder.shares_held, holder.unpaid_cents) == (4, 10000)
    services.shares_pay(place=place, associate=holder, amount_cents=10000, by=treasurer)
    services.shares_transfer(
        place=place,
        associate=holder,
        shares=1,
        to_person=bob,
        category="beneficiaries",
        by=treasurer,
    )
    services.shares_redeem(place=place, associate=holder, shares=2, by=treasurer)
    holder.refresh_from_db()
    receiver = Associate.objects.get(person=bob)
    assert (holder.shares_held, holder.unpaid_cents, receiver.shares_held) == (1, 0, 1)
    movements = ShareMovement.objects.order_by("number")
    assert [(m.number, m.kind) for m in movements] == [
        (1, "subscribed"),
        (2, "paid"),
        (3, "paid"),
        (4, "transferred"),
        (5, "redeemed"),
    ]
    register = selectors.share_register(association=coop)
    assert (register.total.associates, register.total.shares) == (2, 2)
    assert register.total.capital_cents == 10000
    by_category = {c.category: c.shares for c in register.categories}
    assert by_category["employees"] == 1
    assert by_category["beneficiaries"] == 1


def test_nobody_redeems_more_than_held_or_unpaid_shares(place, treasurer, coop):
    alice = PersonFactory()
    services.shares_subscribe(
        place=place, person=alice, category="employees", shares=2, by=treasurer
    )
    holder = Associate.objects.get(person=alice)
    with pytest.raises(NotEnoughShares):  # not paid up yet
        services.shares_redeem(place=place, associate=holder, shares=1, by=treasurer)
    services.shares_pay(place=place, associate=holder, amount_cents=10000, by=treasurer)
    with pytest.raises(NotEnoughShares):
        services.shares_redeem(place=place, associate=holder, shares=3, by=treasurer)
    with pytest.raises(PaymentTooHigh):
        services.shares_pay(place=place, associate=holder, amount_cents=1, by=treasurer)
    assert ShareMovement.objects.count() == 2
    holder.refresh_from_db()
    assert holder.shares_held == 2


def test_the_database_refuses_a_negative_holding(place, treasurer, coop):
    services.shares_subscribe(
        place=place, person=PersonFactory(), category="others", shares=1, by=treasurer
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Associate.objects.update(shares_held=-1)


@pytest.mark.parametrize(
    ("fields", "error"),
    [
        ({"shares": 0}, SharesInvalid),
        ({"shares": -3}, SharesInvalid),
        ({"shares": 2, "category": "kings"}, CategoryInvalid),
        ({"shares": 2, "paid_cents": 10001}, PaymentTooHigh),
        ({"shares": 2, "paid_cents": -1}, AmountInvalid),
    ],
)
def test_bad_share_input_is_refused(place, treasurer, coop, fields, error):
    values = {"category": "employees"} | fields
    with pytest.raises(error):
        services.shares_subscribe(place=place, person=PersonFactory(), by=treasurer, **values)
    assert not Associate.objects.exists()
    assert not ShareMovement.objects.exists()


def test_an_association_keeps_no_share_register(place, treasurer, association):
    with pytest.raises(NotCooperative):
        services.shares_subscribe(
            place=place, person=PersonFactory(), category="employees", shares=1, by=treasurer
        )


def test_only_the_treasurer_keeps_the_share_register(place, concierge, coop):
    with pytest.raises(NotAllowed):
        services.shares_subscribe(
            place=place, person=PersonFactory(), category="employees", shares=1, by=concierge
        )
