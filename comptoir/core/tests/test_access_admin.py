"""Superusers browse offers, sales, books and visits; the ledgers stay read-only."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from comptoir.access import services as access
from comptoir.access.tests.factories import ticket_book_plan
from comptoir.community.models import Person

pytestmark = pytest.mark.django_db

PAGES = [
    "access_plan",
    "access_placeaccesssettings",
    "access_subscription",
    "access_ticketbook",
    "access_ticketmovement",
    "access_daypass",
    "billing_order",
    "billing_payment",
    "presence_visit",
    "bookings_resource",
    "bookings_training",
    "bookings_qualification",
    "bookings_booking",
    "bookings_waitlistentry",
]


@pytest.fixture
def admin_client_with_a_sale(place, concierge, person):
    access.plan_sell(
        plan=ticket_book_plan(place),
        place=place,
        by=concierge,
        person=person,
        payment_method="card",
    )
    admin = Person.objects.create_superuser("root@example.org", "pw", first_name="Root")
    client = Client()
    client.force_login(admin)
    return client


@pytest.mark.parametrize("page", PAGES)
def test_superusers_browse_each_list(admin_client_with_a_sale, page):
    response = admin_client_with_a_sale.get(reverse(f"admin:{page}_changelist"))
    assert response.status_code == 200


def test_the_ticket_ledger_cannot_be_edited_from_the_admin(admin_client_with_a_sale):
    response = admin_client_with_a_sale.get(reverse("admin:access_ticketmovement_add"))
    assert response.status_code == 403
