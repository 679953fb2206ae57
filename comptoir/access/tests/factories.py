from __future__ import annotations

import factory

from comptoir.access.models import Plan, TicketUnit
from comptoir.places.tests.factories import PlaceFactory


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Plan

    place = factory.SubFactory(PlaceFactory)
    kind = Plan.Kind.TICKET_BOOK
    name = factory.Sequence(lambda n: f"Offre {n}")
    price_cents = 8000
    tickets = 10
    ticket_unit = TicketUnit.DAY
    validity_months = 12


def ticket_book_plan(place, **fields):
    fields.setdefault("name", "Carnet 10 journées")
    return PlanFactory(place=place, kind=Plan.Kind.TICKET_BOOK, **fields)


def day_pass_plan(place, **fields):
    fields.setdefault("name", "Pass journée")
    fields.setdefault("price_cents", 1500)
    return PlanFactory(place=place, kind=Plan.Kind.DAY_PASS, tickets=0, **fields)


def discovery_plan(place, **fields):
    fields.setdefault("name", "Visite découverte")
    return PlanFactory(place=place, kind=Plan.Kind.DISCOVERY, price_cents=0, tickets=0, **fields)


def subscription_plan(place, **fields):
    fields.setdefault("name", "Résident mensuel")
    fields.setdefault("price_cents", 25000)
    return PlanFactory(place=place, kind=Plan.Kind.SUBSCRIPTION, tickets=0, **fields)
