"""plan_create and plan_update: offers of a place or of a whole network, in cents."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from comptoir.access import services
from comptoir.access.models import Plan, TicketUnit
from comptoir.access.tests.factories import ticket_book_plan
from comptoir.community.models import Role
from comptoir.community.tests.factories import PersonFactory, PlaceRoleFactory
from comptoir.core.exceptions import InvalidInput, NotAllowed
from comptoir.core.models import AuditEvent


@pytest.fixture
def admin(db):
    return PersonFactory(is_superuser=True, is_staff=True)


def book_fields(**fields):
    return {
        "kind": Plan.Kind.TICKET_BOOK,
        "name": "Carnet 10 demi-journées",
        "price_cents": 4500,
        "tickets": 10,
        "ticket_unit": TicketUnit.HALF_DAY,
        **fields,
    }


@pytest.mark.django_db
def test_it_creates_a_plan_of_a_place_priced_in_cents(place, concierge):
    plan = services.plan_create(by=concierge, place=place, **book_fields())
    assert (plan.place, plan.network, plan.price_cents) == (place, None, 4500)
    assert plan.price_euros == "45.00"
    assert AuditEvent.objects.filter(verb="plan.created", place=place).count() == 1


@pytest.mark.django_db
def test_it_creates_a_plan_of_the_whole_network(place, admin):
    plan = services.plan_create(by=admin, network=place.network, network_wide=True, **book_fields())
    assert (plan.place, plan.network) == (None, place.network)


@pytest.mark.django_db
def test_it_offers_a_place_its_own_plans_and_its_network_plans(place, sister_place, admin):
    own = ticket_book_plan(place)
    network = services.plan_create(by=admin, network=place.network, **book_fields())
    ticket_book_plan(sister_place)
    assert set(Plan.objects.offered_at(place)) == {own, network}


@pytest.mark.django_db
def test_it_refuses_a_network_plan_from_a_concierge(place, concierge):
    with pytest.raises(NotAllowed):
        services.plan_create(by=concierge, network=place.network, **book_fields())
    assert not Plan.objects.exists()


@pytest.mark.django_db
def test_it_refuses_a_plan_from_an_occasional_concierge(place):
    occasional = PersonFactory()
    PlaceRoleFactory(person=occasional, place=place, role=Role.CONCIERGE_OCCASIONAL)
    with pytest.raises(NotAllowed):
        services.plan_create(by=occasional, place=place, **book_fields())


@pytest.mark.django_db
def test_it_refuses_a_plan_of_both_a_place_and_a_network(place, admin):
    with pytest.raises(InvalidInput):
        services.plan_create(by=admin, place=place, network=place.network, **book_fields())


@pytest.mark.django_db
def test_it_refuses_a_plan_of_neither_a_place_nor_a_network(admin):
    with pytest.raises(InvalidInput):
        services.plan_create(by=admin, **book_fields())


@pytest.mark.django_db
def test_it_refuses_an_unknown_field(place, concierge):
    with pytest.raises(InvalidInput):
        services.plan_create(by=concierge, place=place, colour="red", **book_fields())


@pytest.mark.django_db
def test_it_refuses_a_ticket_book_without_tickets(place, concierge):
    with pytest.raises(InvalidInput) as error:
        services.plan_create(by=concierge, place=place, **book_fields(tickets=0))
    assert error.value.field == "tickets"


@pytest.mark.django_db
def test_it_refuses_a_paying_discovery_visit(place, concierge):
    with pytest.raises(InvalidInput) as error:
        services.plan_create(
            by=concierge, place=place, kind=Plan.Kind.DISCOVERY, name="Découverte", price_cents=500
        )
    assert error.value.field == "price_cents"


@pytest.mark.django_db
def test_it_refuses_a_negative_price(place, concierge):
    with pytest.raises(ValidationError):
        services.plan_create(by=concierge, place=place, **book_fields(price_cents=-100))


@pytest.mark.django_db
def test_it_updates_a_plan_and_audits_the_fields(place, concierge):
    plan = ticket_book_plan(place)
    services.plan_update(plan=plan, by=concierge, price_cents=9000, is_active=False)
    plan.refresh_from_db()
    assert (plan.price_cents, plan.is_active) == (9000, False)
    event = AuditEvent.objects.get(verb="plan.updated")
    assert event.data == {"fields": ["is_active", "price_cents"]}


@pytest.mark.django_db
def test_it_refuses_to_change_the_kind_of_a_plan(place, concierge):
    plan = ticket_book_plan(place)
    with pytest.raises(InvalidInput):
        services.plan_update(plan=plan, by=concierge, kind=Plan.Kind.DAY_PASS)


@pytest.mark.django_db
def test_it_refuses_an_update_by_the_concierge_of_another_place(place, sister_place):
    other = PersonFactory()
    PlaceRoleFactory(person=other, place=sister_place, role=Role.CONCIERGE_PERMANENT)
    plan = ticket_book_plan(place)
    with pytest.raises(NotAllowed):
        services.plan_update(plan=plan, by=other, price_cents=1)
    plan.refresh_from_db()
    assert plan.price_cents == 8000


@pytest.mark.django_db
def test_it_refuses_an_update_of_a_network_plan_by_a_concierge(place, concierge, admin):
    plan = services.plan_create(by=admin, network=place.network, **book_fields())
    with pytest.raises(NotAllowed):
        services.plan_update(plan=plan, by=concierge, price_cents=1)
