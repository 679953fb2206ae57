"""Fixtures for the presence pages: a place open around the clock, its concierge, and
people holding (or not) what lets them in."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from comptoir.access import services as access
from comptoir.access.tests.factories import day_pass_plan, ticket_book_plan
from comptoir.community.models import Role
from comptoir.community.tests.factories import PersonFactory, PlaceRoleFactory
from comptoir.places.tests.factories import PlaceFactory
from comptoir.presence import services


@pytest.fixture
def place(db: Any) -> Any:
    """Open 24/7, so check-ins "now" work whatever the hour the tests run."""
    return PlaceFactory(opening_hours="24/7")


@pytest.fixture
def htmx() -> dict[str, str]:
    return {"HTTP_HX_REQUEST": "true"}


def member_of(place: Any, role: str = Role.NOMAD, **fields: Any) -> Any:
    person = PersonFactory(**fields)
    PlaceRoleFactory(person=person, place=place, role=role)
    return person


@pytest.fixture
def nomad(place: Any) -> Any:
    return member_of(place, first_name="Nina", last_name="Martin")


@pytest.fixture
def sell_book(place: Any, concierge: Any) -> Any:
    """sell_book(person) -> the ticket book of 10 days sold to them at the desk."""
    plan = ticket_book_plan(place)

    def sell(person: Any) -> Any:
        sale = access.plan_sell(
            plan=plan, place=place, by=concierge, person=person, payment_method="cash"
        )
        return sale.ticket_book

    return sell


@pytest.fixture
def offers(place: Any) -> dict[str, Any]:
    """Two offers for sale, so refusals have something to propose."""
    return {"book": ticket_book_plan(place), "day_pass": day_pass_plan(place)}


def sell_url(place: Any) -> str | None:
    """The sale page of the access app, or None while it does not exist (built separately)."""
    try:
        return reverse("access:sell", args=[place.slug])
    except NoReverseMatch:
        return None


def let_in(person: Any, place: Any, by: Any, *, days_ago: int = 0) -> Any:
    """A visit through the concierge's override (no access needed), today or in the past."""
    at = timezone.now() - dt.timedelta(days=days_ago)
    return services.visit_check_in(person=person, place=place, by=by, at=at, override_reason="test")
