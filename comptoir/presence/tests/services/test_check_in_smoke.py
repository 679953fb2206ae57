"""The main paths of a check-in, end to end through the sale."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from comptoir.access import services as access
from comptoir.access.tests.factories import day_pass_plan, discovery_plan, ticket_book_plan
from comptoir.community.tests.factories import PersonFactory
from comptoir.presence import services
from comptoir.presence.exceptions import CheckInRefused
from comptoir.presence.models import Access

PARIS = ZoneInfo("Europe/Paris")


def monday(hour: int, minute: int = 0) -> dt.datetime:
    """Next Monday (the factory place opens Mo-Fr 09:00-18:00), within the books' validity."""
    today = timezone.localdate()
    day = today + dt.timedelta(days=7 - today.weekday())
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=PARIS)


@pytest.mark.django_db
def test_a_nomad_uses_one_ticket_per_day(place, concierge):
    nomad = PersonFactory()
    plan = ticket_book_plan(place)
    sale = access.plan_sell(
        plan=plan, place=place, by=concierge, person=nomad, payment_method="cash"
    )
    visit = services.visit_check_in(person=nomad, place=place, by=concierge, at=monday(9))
    assert visit.access == Access.TICKET
    assert access.balance(sale.ticket_book) == 9
    services.visit_check_out(visit=visit, by=concierge, at=monday(12))
    again = services.visit_check_in(person=nomad, place=place, by=concierge, at=monday(14))
    assert again.access == Access.ALREADY_COVERED
    assert access.balance(sale.ticket_book) == 9


@pytest.mark.django_db
def test_a_traveller_discovers_once_then_needs_a_day_pass(place, concierge):
    visitor = PersonFactory()
    discovery_plan(place)
    day_pass_plan(place)
    first = services.visit_check_in(person=visitor, place=place, by=concierge, at=monday(10))
    assert first.access == Access.DISCOVERY
    tuesday = monday(10) + dt.timedelta(days=1)
    with pytest.raises(CheckInRefused) as refusal:
        services.visit_check_in(person=visitor, place=place, by=concierge, at=tuesday)
    assert refusal.value.offers and refusal.value.offers[0]["kind"] == "day_pass"
    assert "discovery" in refusal.value.message.lower() or "découverte" in refusal.value.message
