"""The same member buying the same offer from several tabs at once: one order to pay."""

from __future__ import annotations

import pytest
from django.db import connection

from comptoir.access import services
from comptoir.access.models import Plan, Purchase
from comptoir.access.tests.factories import ticket_book_plan
from comptoir.billing.models import Order
from comptoir.community.models import Person, Role
from comptoir.community.tests.factories import PersonFactory, PlaceRoleFactory
from comptoir.core.exceptions import DomainError
from comptoir.core.tests.races import at_once
from comptoir.places.models import Place

pytestmark = [pytest.mark.concurrency, pytest.mark.django_db(transaction=True)]


def test_five_purchases_of_the_same_offer_at_once_leave_one_order(place):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL's concurrent transactions (CI runs on PostgreSQL)")
    nomad = PersonFactory()
    PlaceRoleFactory(person=nomad, place=place, role=Role.NOMAD)
    plan = ticket_book_plan(place)

    def buy() -> str:
        try:
            services.plan_buy(
                plan=Plan.objects.get(pk=plan.pk),
                place=Place.objects.get(pk=place.pk),
                person=Person.objects.get(pk=nomad.pk),
            )
        except DomainError as refused:
            return refused.code
        return "bought"

    outcomes = at_once([buy] * 5)

    assert sorted(outcomes) == ["bought"] + ["purchase_pending"] * 4, outcomes
    assert Purchase.objects.count() == 1
    assert Order.objects.count() == 1  # the refused ones left no order behind
